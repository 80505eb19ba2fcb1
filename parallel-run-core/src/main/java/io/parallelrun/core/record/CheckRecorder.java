package io.parallelrun.core.record;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.metrics.SkipReason;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationPolicy;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the outcome of every received payload on the candidate side: Micrometer meters under the
 * names of {@link MeterNames}, plus per-operation statistics for the readiness report.
 *
 * <ul>
 *   <li>{@code parallel.run.checks} (operation_id, result), {@code parallel.run.differences}
 *       (operation_id, axis), {@code parallel.run.failures} (operation_id, cause), {@code
 *       parallel.run.skipped} (operation_id, side=candidate, reason), {@code parallel.run.latency}
 *       (operation_id, system), {@code parallel.run.check.lag} and {@code
 *       parallel.run.consistency.threshold} (operation_id).
 *   <li>Differing paths per operation, array indices as {@code *}, at most {@link
 *       Builder#maxDistinctPaths} distinct paths per operation; the rest is counted as other.
 *   <li>The last {@link Builder#samplesPerOperation} mismatches per operation, redacted at rest:
 *       {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie} and {@code Set-Cookie}
 *       always, plus the operation's {@link OperationPolicy#atRestRedaction()}.
 *   <li>Legacy and candidate latency percentiles per operation.
 * </ul>
 *
 * <p>Operations are those declared in the {@link OperationPolicies} (registered at once, so their
 * threshold gauges exist from the start) plus any other id seen, up to {@link
 * Builder#maxOperations}; ids beyond that are recorded under {@value #OTHER_OPERATION}, so that a
 * misbehaving sender cannot blow up the number of time series.
 *
 * <p>This class is thread-safe and lock-free on the recording path (counters are {@link
 * java.util.concurrent.atomic.LongAdder}s, statistics concurrent maps and atomic arrays); no update
 * is lost under concurrent use.
 */
public final class CheckRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(CheckRecorder.class);

  /** The operation id used once {@link Builder#maxOperations} distinct ids have been seen. */
  public static final String OTHER_OPERATION = "other";

  private final MeterRegistry registry;
  private final OperationPolicies policies;
  private final Clock clock;
  private final int maxDistinctPaths;
  private final int samplesPerOperation;
  private final int maxOperations;
  private final ConcurrentHashMap<String, OperationState> operations = new ConcurrentHashMap<>();
  private final AtomicInteger operationCount = new AtomicInteger();
  private final Timer lag;

  private CheckRecorder(Builder b) {
    this.registry = Objects.requireNonNull(b.meterRegistry, "meterRegistry");
    this.policies = b.policies;
    this.clock = b.clock;
    this.maxDistinctPaths = b.maxDistinctPaths;
    this.samplesPerOperation = b.samplesPerOperation;
    this.maxOperations = b.maxOperations;
    this.lag = Timer.builder(MeterNames.CHECK_LAG)
        .description("Time from capture on the legacy side to the verdict on the candidate side")
        .register(registry);
    for (String operationId : policies.named().keySet()) {
      state(operationId);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The registry the meters are in. */
  public MeterRegistry meterRegistry() {
    return registry;
  }

  /** The policies whose thresholds, minimum samples and at-rest redaction apply. */
  public OperationPolicies policies() {
    return policies;
  }

  /** The clock that stamps samples and reports. */
  public Clock clock() {
    return clock;
  }

  /**
   * Records a finished check.
   *
   * @param checkId the id of the check, kept with a mismatch sample
   * @param operationId the operation
   * @param request the replayed request (for a sample; redacted before it is kept)
   * @param legacy the legacy response
   * @param candidate the candidate's response as compared, or {@code null} when there was none
   * @param result the verdict
   */
  public void recordCheck(String checkId, String operationId, CapturedRequest request, CapturedResponse legacy,
      CapturedResponse candidate, MatchResult result) {
    OperationState state = state(operationId);
    state.count(result);
    if (result.outcome() == MatchResult.Outcome.UNMATCHED && state.samples.enabled()) {
      try {
        state.samples.add(SampleRedactor.redact(state.atRest, checkId, clock.instant(), request, legacy, candidate,
            result.differences()));
      } catch (RuntimeException e) {
        LOG.warn("Could not keep a mismatch sample of operation {} (check {})", operationId, checkId, e);
      }
    }
  }

  /** Records a payload that was received but not checked. */
  public void recordSkipped(String operationId, SkipReason reason) {
    state(operationId).skip(Objects.requireNonNull(reason, "reason"));
  }

  /** Records how long the legacy application took for a request of the operation. */
  public void recordLegacyLatency(String operationId, long nanos) {
    OperationState state = state(operationId);
    state.legacyTimer.record(nanos, TimeUnit.NANOSECONDS);
    state.legacyLatency.record(nanos / 1000);
  }

  /** Records how long the candidate took to answer a replay of the operation. */
  public void recordCandidateLatency(String operationId, long nanos) {
    OperationState state = state(operationId);
    state.candidateTimer.record(nanos, TimeUnit.NANOSECONDS);
    state.candidateLatency.record(nanos / 1000);
  }

  /** Records the time from capture to verdict. */
  public void recordLag(long nanos) {
    lag.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  /** The statistics of one operation, or {@code null} when nothing was recorded for it. */
  public OperationStatistics statistics(String operationId) {
    OperationState state = operations.get(operationId);
    return state == null ? null : state.snapshot();
  }

  /** The statistics of every operation seen or declared, ordered by operation id. */
  public List<OperationStatistics> statistics() {
    List<OperationStatistics> list = new ArrayList<>(operations.size());
    for (OperationState state : operations.values()) {
      list.add(state.snapshot());
    }
    list.sort(Comparator.comparing(OperationStatistics::operationId));
    return list;
  }

  private OperationState state(String operationId) {
    OperationState state = operations.get(operationId);
    if (state != null) {
      return state;
    }
    if (operationCount.get() >= maxOperations && !policies.named().containsKey(operationId)) {
      operationId = OTHER_OPERATION;
      state = operations.get(operationId);
      if (state != null) {
        return state;
      }
    }
    return operations.computeIfAbsent(operationId, id -> {
      operationCount.incrementAndGet();
      return new OperationState(id, policies.forOperation(id), registry, maxDistinctPaths, samplesPerOperation);
    });
  }

  @Override
  public String toString() {
    return "CheckRecorder{operations=" + operations.size() + ", maxDistinctPaths=" + maxDistinctPaths
        + ", samplesPerOperation=" + samplesPerOperation + "}";
  }

  /** Builds a {@link CheckRecorder}; a meter registry is required. Not thread-safe. */
  public static final class Builder {
    private MeterRegistry meterRegistry;
    private OperationPolicies policies = OperationPolicies.ofDefaults();
    private Clock clock = Clock.systemUTC();
    private int maxDistinctPaths = 100;
    private int samplesPerOperation = 5;
    private int maxOperations = 500;

    private Builder() {}

    /** Where the meters go. Required. */
    public Builder meterRegistry(MeterRegistry value) {
      this.meterRegistry = Objects.requireNonNull(value, "meterRegistry");
      return this;
    }

    /** The operation policies; default {@link OperationPolicies#ofDefaults()}. */
    public Builder policies(OperationPolicies value) {
      this.policies = Objects.requireNonNull(value, "policies");
      return this;
    }

    /** The clock for samples and reports; default UTC system clock. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Distinct differing paths kept per operation (default 100); at least 1. */
    public Builder maxDistinctPaths(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxDistinctPaths must be at least 1, was " + value);
      }
      this.maxDistinctPaths = value;
      return this;
    }

    /** Mismatch samples kept per operation (default 5); 0 keeps none. */
    public Builder samplesPerOperation(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("samplesPerOperation must not be negative, was " + value);
      }
      this.samplesPerOperation = value;
      return this;
    }

    /** Distinct operation ids recorded before further ids go to {@value CheckRecorder#OTHER_OPERATION} (default 500). */
    public Builder maxOperations(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxOperations must be at least 1, was " + value);
      }
      this.maxOperations = value;
      return this;
    }

    public CheckRecorder build() {
      return new CheckRecorder(this);
    }
  }
}
