package io.parallelrun.core.record;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.FailureCause;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.metrics.SkipReason;
import io.parallelrun.core.operation.OperationPolicy;
import io.parallelrun.core.redact.Redaction;
import io.parallelrun.core.redact.Redactions;
import java.util.EnumMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/** Everything recorded for one operation: meters registered once, counts, paths, latencies, samples. */
final class OperationState {

  private static final MatchResult.Outcome[] OUTCOMES = MatchResult.Outcome.values();
  private static final Difference.Axis[] AXES = Difference.Axis.values();
  private static final FailureCause[] CAUSES = FailureCause.values();
  private static final SkipReason[] REASONS = SkipReason.values();

  final String operationId;
  final OperationPolicy policy;
  final Redaction atRest;
  private final MeterRegistry registry;

  private final Counter[] checkCounters = new Counter[OUTCOMES.length];
  private final Counter[] differenceCounters = new Counter[AXES.length];
  private final Counter[] failureCounters = new Counter[CAUSES.length];
  private final AtomicReferenceArray<Counter> skipCounters = new AtomicReferenceArray<>(REASONS.length);
  final Timer legacyTimer;
  final Timer candidateTimer;

  final LongAdder[] outcomes = adders(OUTCOMES.length);
  final LongAdder[] failures = adders(CAUSES.length);
  final LongAdder[] skipped = adders(REASONS.length);
  final PathStatistics paths;
  final LatencyHistogram legacyLatency = new LatencyHistogram();
  final LatencyHistogram candidateLatency = new LatencyHistogram();
  final SampleRing samples;

  OperationState(String operationId, OperationPolicy policy, MeterRegistry registry, int maxDistinctPaths, int samplesPerOperation) {
    this.operationId = operationId;
    this.policy = policy;
    this.registry = registry;
    this.atRest = Redactions.merge(Redactions.credentials(), policy.atRestRedaction());
    this.paths = new PathStatistics(maxDistinctPaths);
    this.samples = new SampleRing(samplesPerOperation);
    for (MatchResult.Outcome outcome : OUTCOMES) {
      checkCounters[outcome.ordinal()] = Counter.builder(MeterNames.CHECKS)
          .tag(MeterNames.OPERATION_ID, operationId)
          .tag(MeterNames.RESULT, outcome.tag())
          .description("Finished consistency checks by result")
          .register(registry);
    }
    for (Difference.Axis axis : AXES) {
      differenceCounters[axis.ordinal()] = Counter.builder(MeterNames.DIFFERENCES)
          .tag(MeterNames.OPERATION_ID, operationId)
          .tag(MeterNames.AXIS, axis.tag())
          .description("Differences found between legacy and candidate responses, by axis")
          .register(registry);
    }
    for (FailureCause cause : CAUSES) {
      failureCounters[cause.ordinal()] = Counter.builder(MeterNames.FAILURES)
          .tag(MeterNames.OPERATION_ID, operationId)
          .tag(MeterNames.CAUSE, cause.tag())
          .description("Failed consistency checks by cause")
          .register(registry);
    }
    this.legacyTimer = latencyTimer(registry, operationId, MeterNames.SYSTEM_LEGACY);
    this.candidateTimer = latencyTimer(registry, operationId, MeterNames.SYSTEM_CANDIDATE);
    Gauge.builder(MeterNames.THRESHOLD, policy, OperationPolicy::threshold)
        .tag(MeterNames.OPERATION_ID, operationId)
        .description("Consistency threshold the operation must reach to be ready")
        .register(registry);
  }

  private static Timer latencyTimer(MeterRegistry registry, String operationId, String system) {
    return Timer.builder(MeterNames.LATENCY)
        .tag(MeterNames.OPERATION_ID, operationId)
        .tag(MeterNames.SYSTEM, system)
        .description("Response latency of the legacy application and of the candidate's replay")
        .register(registry);
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] adders = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }

  /** Counts the result; returns whether it is a mismatch worth a sample. */
  void count(MatchResult result) {
    MatchResult.Outcome outcome = result.outcome();
    outcomes[outcome.ordinal()].increment();
    checkCounters[outcome.ordinal()].increment();
    if (outcome == MatchResult.Outcome.FAILED) {
      FailureCause cause = result.failureCause();
      failures[cause.ordinal()].increment();
      failureCounters[cause.ordinal()].increment();
    } else if (outcome == MatchResult.Outcome.UNMATCHED) {
      for (Difference difference : result.differences()) {
        differenceCounters[difference.axis().ordinal()].increment();
        paths.add(difference);
      }
    }
  }

  void skip(SkipReason reason) {
    skipped[reason.ordinal()].increment();
    Counter counter = skipCounters.get(reason.ordinal());
    if (counter == null) {
      counter = Counter.builder(MeterNames.SKIPPED)
          .tag(MeterNames.OPERATION_ID, operationId)
          .tag(MeterNames.SIDE, MeterNames.SIDE_CANDIDATE)
          .tag(MeterNames.REASON, reason.tag())
          .description("Samples not captured or not checked, by side and reason")
          .register(registry);
      skipCounters.set(reason.ordinal(), counter);
    }
    counter.increment();
  }

  OperationStatistics snapshot() {
    EnumMap<FailureCause, Long> failureCounts = new EnumMap<>(FailureCause.class);
    for (FailureCause cause : CAUSES) {
      failureCounts.put(cause, failures[cause.ordinal()].sum());
    }
    EnumMap<SkipReason, Long> skipCounts = new EnumMap<>(SkipReason.class);
    for (SkipReason reason : REASONS) {
      long n = skipped[reason.ordinal()].sum();
      if (n > 0) {
        skipCounts.put(reason, n);
      }
    }
    return new OperationStatistics(operationId,
        outcomes[MatchResult.Outcome.MATCHED.ordinal()].sum(),
        outcomes[MatchResult.Outcome.UNMATCHED.ordinal()].sum(),
        failureCounts, skipCounts, paths.snapshot(), paths.other(),
        latency(legacyLatency), latency(candidateLatency), samples.snapshot());
  }

  private static OperationStatistics.Latency latency(LatencyHistogram histogram) {
    LatencyHistogram.Snapshot s = histogram.snapshot();
    return new OperationStatistics.Latency(s.count(), s.percentile(0.5), s.percentile(0.95), s.percentile(0.99), s.percentile(1.0));
  }
}
