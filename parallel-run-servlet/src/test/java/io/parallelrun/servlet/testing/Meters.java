package io.parallelrun.servlet.testing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parallelrun.core.metrics.MeterNames;

/** Sums of the parallel-run counters in a registry. */
public final class Meters {
  private Meters() {}

  public static double skipped(MeterRegistry registry, String reason) {
    return registry.find(MeterNames.SKIPPED).counters().stream()
        .filter(c -> reason == null || reason.equals(c.getId().getTag(MeterNames.REASON)))
        .mapToDouble(Counter::count).sum();
  }

  public static double skipped(MeterRegistry registry, String operationId, String reason) {
    return registry.find(MeterNames.SKIPPED).tag(MeterNames.OPERATION_ID, operationId).counters().stream()
        .filter(c -> reason == null || reason.equals(c.getId().getTag(MeterNames.REASON)))
        .mapToDouble(Counter::count).sum();
  }

  public static double published(MeterRegistry registry, String outcome) {
    return registry.find(MeterNames.PUBLISHED).counters().stream()
        .filter(c -> outcome == null || outcome.equals(c.getId().getTag(MeterNames.OUTCOME)))
        .mapToDouble(Counter::count).sum();
  }
}
