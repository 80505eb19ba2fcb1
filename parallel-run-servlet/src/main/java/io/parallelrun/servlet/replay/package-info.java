/**
 * Candidate side, replay: {@link io.parallelrun.servlet.replay.ReplayGateway} sends captured
 * requests to the candidate's own base URL and nowhere else; {@link
 * io.parallelrun.servlet.replay.ReplayMarkerFilter} and {@link
 * io.parallelrun.servlet.replay.ReplayContext} let candidate code tell a replay from real traffic.
 */
package io.parallelrun.servlet.replay;
