package io.parallelrun.core.metrics;

/**
 * Names and tag keys of every meter parallel-run registers. Prometheus shows the dots as
 * underscores, counters with a {@code _total} suffix.
 *
 * <p>Every captured sample ends in exactly one counter: {@link #PUBLISHED} or {@link #SKIPPED}
 * (side {@code legacy}) on the legacy side; {@link #CHECKS} or {@link #SKIPPED} (side {@code
 * candidate}) on the candidate side.
 */
public final class MeterNames {
  private MeterNames() {}

  /** Counter of finished checks; tags {@link #OPERATION_ID}, {@link #RESULT}. */
  public static final String CHECKS = "parallel.run.checks";

  /** Counter of differences found; tags {@link #OPERATION_ID}, {@link #AXIS}. */
  public static final String DIFFERENCES = "parallel.run.differences";

  /** Counter of failed checks; tags {@link #OPERATION_ID}, {@link #CAUSE}. */
  public static final String FAILURES = "parallel.run.failures";

  /** Counter of samples not captured or not checked; tags {@link #OPERATION_ID}, {@link #SIDE}, {@link #REASON}. */
  public static final String SKIPPED = "parallel.run.skipped";

  /** Counter of payloads handed to the transport, by outcome; tag {@link #OUTCOME}. */
  public static final String PUBLISHED = "parallel.run.published";

  /** Gauge of payloads waiting in a queue; tag {@link #SIDE}. */
  public static final String QUEUE_SIZE = "parallel.run.queue.size";

  /** Gauge of bytes waiting in a queue; tag {@link #SIDE}. */
  public static final String QUEUE_BYTES = "parallel.run.queue.bytes";

  /** Timer of response latency; tags {@link #OPERATION_ID}, {@link #SYSTEM}. */
  public static final String LATENCY = "parallel.run.latency";

  /** Timer from capture to verdict: a growing value shows a backlog. */
  public static final String CHECK_LAG = "parallel.run.check.lag";

  /** Gauge of the configured consistency threshold; tag {@link #OPERATION_ID}. */
  public static final String THRESHOLD = "parallel.run.consistency.threshold";

  public static final String OPERATION_ID = "operation_id";
  public static final String RESULT = "result";
  public static final String AXIS = "axis";
  public static final String CAUSE = "cause";
  public static final String SIDE = "side";
  public static final String REASON = "reason";
  public static final String OUTCOME = "outcome";
  public static final String SYSTEM = "system";

  public static final String SIDE_LEGACY = "legacy";
  public static final String SIDE_CANDIDATE = "candidate";
  public static final String SYSTEM_LEGACY = "legacy";
  public static final String SYSTEM_CANDIDATE = "candidate";

  public static final String OUTCOME_ACCEPTED = "accepted";
  public static final String OUTCOME_REJECTED = "rejected";
  public static final String OUTCOME_DROPPED = "dropped";
  public static final String OUTCOME_ERROR = "error";
}
