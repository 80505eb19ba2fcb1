package io.parallelrun.servlet.publish.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parallelrun.core.metrics.MeterNames;

/** The four {@code parallel.run.published} counters, registered once. Thread-safe. */
public final class PublishCounters {

  public final Counter accepted;
  public final Counter rejected;
  public final Counter dropped;
  public final Counter error;

  public PublishCounters(MeterRegistry registry) {
    accepted = counter(registry, MeterNames.OUTCOME_ACCEPTED, "payloads the candidate accepted");
    rejected = counter(registry, MeterNames.OUTCOME_REJECTED, "payloads the candidate rejected as invalid, unauthorised or too large");
    dropped = counter(registry, MeterNames.OUTCOME_DROPPED, "payloads dropped because the queue was full or the publisher closed");
    error = counter(registry, MeterNames.OUTCOME_ERROR, "payloads that could not be serialised or delivered");
  }

  private static Counter counter(MeterRegistry registry, String outcome, String description) {
    return Counter.builder(MeterNames.PUBLISHED)
        .tag(MeterNames.OUTCOME, outcome)
        .description("Captured payloads by what became of them: " + description)
        .register(registry);
  }
}
