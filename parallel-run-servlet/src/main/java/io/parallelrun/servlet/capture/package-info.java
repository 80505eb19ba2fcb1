/**
 * Legacy side, first stage: {@link io.parallelrun.servlet.capture.ParallelRunFilter} copies the
 * requests and responses of a legacy application, without changing what its clients get, and hands
 * the copies to a {@link io.parallelrun.servlet.publish.ConsistencyCheckPublisher}.
 */
package io.parallelrun.servlet.capture;
