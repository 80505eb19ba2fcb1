/**
 * Candidate side, the last stage: {@link io.parallelrun.core.readiness.ReadinessReport} judges per
 * operation whether the candidate is ready, from the recorder's statistics, a {@link
 * io.parallelrun.core.readiness.WilsonInterval} and the operation's threshold.
 */
package io.parallelrun.core.readiness;
