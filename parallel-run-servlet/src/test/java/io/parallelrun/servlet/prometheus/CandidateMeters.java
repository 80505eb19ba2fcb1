package io.parallelrun.servlet.prometheus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.FailureCause;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.metrics.SkipReason;
import java.time.Duration;

/**
 * The candidate side's meters, registered under the names and tags of {@link MeterNames} with the
 * tag values of {@link MatchResult.Outcome}, {@link Difference.Axis} and {@link FailureCause}, the
 * way the candidate's recorder registers them: every result, axis and cause of an operation at
 * once, so that the series exist at zero before the first check.
 */
final class CandidateMeters {

  private final MeterRegistry registry;
  private final Timer lag;

  CandidateMeters(MeterRegistry registry) {
    this.registry = registry;
    this.lag = Timer.builder(MeterNames.CHECK_LAG).register(registry);
  }

  /** Declares an operation: its counters at zero and its threshold gauge. */
  void declare(String operationId, double threshold) {
    for (MatchResult.Outcome outcome : MatchResult.Outcome.values()) {
      checks(operationId, outcome);
    }
    for (Difference.Axis axis : Difference.Axis.values()) {
      differences(operationId, axis);
    }
    for (FailureCause cause : FailureCause.values()) {
      failures(operationId, cause);
    }
    Gauge.builder(MeterNames.THRESHOLD, () -> threshold).tag(MeterNames.OPERATION_ID, operationId).register(registry);
    latency(operationId, MeterNames.SYSTEM_LEGACY);
    latency(operationId, MeterNames.SYSTEM_CANDIDATE);
  }

  void matched(String operationId, int n) {
    checks(operationId, MatchResult.Outcome.MATCHED).increment(n);
  }

  void unmatched(String operationId, Difference.Axis axis, int n) {
    checks(operationId, MatchResult.Outcome.UNMATCHED).increment(n);
    differences(operationId, axis).increment(n);
  }

  void failed(String operationId, FailureCause cause, int n) {
    checks(operationId, MatchResult.Outcome.FAILED).increment(n);
    failures(operationId, cause).increment(n);
  }

  void skipped(String operationId, SkipReason reason, int n) {
    Counter.builder(MeterNames.SKIPPED)
        .tag(MeterNames.OPERATION_ID, operationId)
        .tag(MeterNames.SIDE, MeterNames.SIDE_CANDIDATE)
        .tag(MeterNames.REASON, reason.tag())
        .register(registry)
        .increment(n);
  }

  void latency(String operationId, String system, Duration duration) {
    latency(operationId, system).record(duration);
  }

  void lag(Duration duration) {
    lag.record(duration);
  }

  private Counter checks(String operationId, MatchResult.Outcome outcome) {
    return Counter.builder(MeterNames.CHECKS)
        .tag(MeterNames.OPERATION_ID, operationId)
        .tag(MeterNames.RESULT, outcome.tag())
        .register(registry);
  }

  private Counter differences(String operationId, Difference.Axis axis) {
    return Counter.builder(MeterNames.DIFFERENCES)
        .tag(MeterNames.OPERATION_ID, operationId)
        .tag(MeterNames.AXIS, axis.tag())
        .register(registry);
  }

  private Counter failures(String operationId, FailureCause cause) {
    return Counter.builder(MeterNames.FAILURES)
        .tag(MeterNames.OPERATION_ID, operationId)
        .tag(MeterNames.CAUSE, cause.tag())
        .register(registry);
  }

  private Timer latency(String operationId, String system) {
    return Timer.builder(MeterNames.LATENCY)
        .tag(MeterNames.OPERATION_ID, operationId)
        .tag(MeterNames.SYSTEM, system)
        .register(registry);
  }
}
