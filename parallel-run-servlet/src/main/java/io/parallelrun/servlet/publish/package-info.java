/**
 * Legacy side, second stage: the {@link io.parallelrun.servlet.publish.ConsistencyCheckPublisher}
 * queues captured exchanges (bounded by count and bytes, never blocking the caller) and sends them,
 * signed and batched, to the candidate through a {@link io.parallelrun.servlet.publish.Transport}.
 */
package io.parallelrun.servlet.publish;
