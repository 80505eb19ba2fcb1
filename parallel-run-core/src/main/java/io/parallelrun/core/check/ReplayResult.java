package io.parallelrun.core.check;

import io.parallelrun.core.payload.CapturedResponse;
import java.util.Objects;

/**
 * What a {@link Replayer} got back: the candidate's {@link #response() response}, or a timeout, or
 * a transport error, each with the time it took.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ReplayResult {

  /** How a replay ended. */
  public enum Kind {
    /** The candidate answered; {@link #response()} holds the answer, whatever its status. */
    ANSWERED,
    /** The candidate did not answer within the operation's replay timeout. */
    TIMED_OUT,
    /** The request could not be sent or the answer not read (refused, reset, too large, refused target). */
    ERROR
  }

  private final Kind kind;
  private final CapturedResponse response;
  private final long latencyNanos;
  private final String detail;

  private ReplayResult(Kind kind, CapturedResponse response, long latencyNanos, String detail) {
    this.kind = kind;
    this.response = response;
    this.latencyNanos = Math.max(0, latencyNanos);
    this.detail = detail;
  }

  /** The candidate answered with this response after {@code latencyNanos}. */
  public static ReplayResult answered(CapturedResponse response, long latencyNanos) {
    return new ReplayResult(Kind.ANSWERED, Objects.requireNonNull(response, "response"), latencyNanos, null);
  }

  /** The candidate did not answer in time. */
  public static ReplayResult timedOut(long latencyNanos, String detail) {
    return new ReplayResult(Kind.TIMED_OUT, null, latencyNanos, Objects.requireNonNull(detail, "detail"));
  }

  /** The replay failed in transport. */
  public static ReplayResult error(long latencyNanos, String detail) {
    return new ReplayResult(Kind.ERROR, null, latencyNanos, Objects.requireNonNull(detail, "detail"));
  }

  public Kind kind() {
    return kind;
  }

  /** The candidate's response, or {@code null} unless {@link Kind#ANSWERED}. */
  public CapturedResponse response() {
    return response;
  }

  /** Time from sending the request to having read the whole answer (or giving up), in nanoseconds. */
  public long latencyNanos() {
    return latencyNanos;
  }

  /** What went wrong, or {@code null} when the candidate answered. */
  public String detail() {
    return detail;
  }

  @Override
  public String toString() {
    return kind == Kind.ANSWERED
        ? "ReplayResult{answered " + response.status() + " in " + latencyNanos / 1000 + " us}"
        : "ReplayResult{" + kind + " after " + latencyNanos / 1000 + " us: " + detail + "}";
  }
}
