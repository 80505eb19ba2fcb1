package io.parallelrun.servlet.capture.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.metrics.SkipReason;
import io.parallelrun.core.operation.OperationRouter;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The filter's meters, resolved once per operation and then only read: {@code
 * parallel.run.skipped{operation_id, side=legacy, reason}} and {@code
 * parallel.run.latency{operation_id, system=legacy}}. Lookups are lock-free; at most {@link
 * #MAX_OPERATIONS} distinct operation ids get meters, later ones are counted as {@code unmapped} so
 * that a misbehaving resolver cannot blow up the number of time series.
 */
final class CaptureMeters {

  static final int MAX_OPERATIONS = 1000;

  private static final SkipReason[] REASONS = SkipReason.values();

  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Counter[]> skipped = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer> latency = new ConcurrentHashMap<>();

  CaptureMeters(MeterRegistry registry, Iterable<String> knownOperations) {
    this.registry = registry;
    for (String operation : knownOperations) {
      skipped.computeIfAbsent(operation, this::register);
    }
    skipped.computeIfAbsent(OperationRouter.UNMAPPED, this::register);
  }

  void skipped(String operationId, SkipReason reason) {
    Counter[] counters = skipped.get(operationId);
    if (counters == null) {
      String id = skipped.size() < MAX_OPERATIONS ? operationId : OperationRouter.UNMAPPED;
      counters = skipped.computeIfAbsent(id, this::register);
    }
    Counter counter = counters[reason.ordinal()];
    if (counter == null) {
      counter = registerOne(operationId, reason);
      counters[reason.ordinal()] = counter;
    }
    counter.increment();
  }

  void latency(String operationId, long nanos) {
    Timer timer = latency.get(operationId);
    if (timer == null) {
      String id = latency.size() < MAX_OPERATIONS ? operationId : OperationRouter.UNMAPPED;
      timer = latency.computeIfAbsent(id, op -> Timer.builder(MeterNames.LATENCY)
          .tag(MeterNames.OPERATION_ID, op)
          .tag(MeterNames.SYSTEM, MeterNames.SYSTEM_LEGACY)
          .description("Time the legacy application took to answer a captured request")
          .register(registry));
    }
    timer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private Counter[] register(String operationId) {
    Counter[] counters = new Counter[REASONS.length];
    for (SkipReason reason : REASONS) {
      if (reason == SkipReason.BACKLOG_FULL || reason == SkipReason.CHECK_ERROR) {
        continue; // candidate-side reasons
      }
      counters[reason.ordinal()] = registerOne(operationId, reason);
    }
    return counters;
  }

  private Counter registerOne(String operationId, SkipReason reason) {
    return Counter.builder(MeterNames.SKIPPED)
        .tag(MeterNames.OPERATION_ID, operationId)
        .tag(MeterNames.SIDE, MeterNames.SIDE_LEGACY)
        .tag(MeterNames.REASON, reason.tag())
        .description("Requests the legacy side did not capture, by reason")
        .register(registry);
  }
}
