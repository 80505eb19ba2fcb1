package io.parallelrun.core.redact;

import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import java.util.List;

/** Redactions applied one after the other, in order. Immutable and thread-safe. */
final class RedactionSequence implements Redaction {

  final List<Redaction> steps;

  RedactionSequence(List<Redaction> steps) {
    this.steps = List.copyOf(steps);
  }

  @Override
  public CapturedRequest redact(CapturedRequest request) {
    CapturedRequest current = request;
    for (Redaction step : steps) {
      current = step.redact(current);
    }
    return current;
  }

  @Override
  public CapturedResponse redact(CapturedResponse response) {
    CapturedResponse current = response;
    for (Redaction step : steps) {
      current = step.redact(current);
    }
    return current;
  }

  @Override
  public String toString() {
    return "Redactions.merge" + steps;
  }
}
