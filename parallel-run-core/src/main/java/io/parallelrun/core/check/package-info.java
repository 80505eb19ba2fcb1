/**
 * Candidate side, the stage after receiving: {@link io.parallelrun.core.check.ConsistencyChecker}
 * decides whether a received payload is checked, replays it through a {@link
 * io.parallelrun.core.check.Replayer}, lets the operation's comparator decide, and hands the
 * verdict to a {@link io.parallelrun.core.record.CheckRecorder}.
 */
package io.parallelrun.core.check;
