/**
 * Candidate side, the stage after checking: {@link io.parallelrun.core.record.CheckRecorder}
 * turns verdicts into Micrometer meters and per-operation statistics, which the readiness report
 * reads.
 */
package io.parallelrun.core.record;
