package io.parallelrun.servlet.capture.internal;

import io.parallelrun.core.operation.OperationPolicy;
import java.util.Locale;
import java.util.Objects;

/**
 * What the filter decides before wrapping, for one operation (or, when a framework resolves the
 * operation after the chain, for a request whose operation is not known yet): which methods may be
 * captured, the sample rate and the sticky header. Immutable.
 */
final class OperationPlan {

  final String operationId;
  final OperationPolicy policy;
  final double sampleRate;
  final String stickyHeader;
  private final boolean anyMethod;

  private OperationPlan(String operationId, OperationPolicy policy, double sampleRate, String stickyHeader, boolean anyMethod) {
    this.operationId = operationId;
    this.policy = policy;
    this.sampleRate = sampleRate;
    this.stickyHeader = stickyHeader;
    this.anyMethod = anyMethod;
  }

  static OperationPlan of(String operationId, OperationPolicy policy) {
    return new OperationPlan(operationId, policy, policy.sampleRate(), policy.stickySamplingHeader(), policy.idempotent());
  }

  /**
   * The plan for a request whose operation the framework names only after the chain: it captures
   * whatever some operation might capture (the highest rate, any method when some operation is
   * idempotent), and the final operation's policy narrows the decision afterwards.
   */
  static OperationPlan tentative(String operationId, OperationPolicy defaults, Iterable<OperationPolicy> named) {
    double rate = defaults.sampleRate();
    boolean anyMethod = defaults.idempotent();
    for (OperationPolicy policy : named) {
      rate = Math.max(rate, policy.sampleRate());
      anyMethod |= policy.idempotent();
    }
    return new OperationPlan(operationId, defaults, rate, defaults.stickySamplingHeader(), anyMethod);
  }

  boolean allowsMethod(String method) {
    if (anyMethod) {
      return true;
    }
    switch (method) {
      case "GET":
      case "HEAD":
      case "OPTIONS":
        return true;
      default:
        return policy.allowsMethod(method.toUpperCase(Locale.ROOT));
    }
  }

  boolean samples(double draw) {
    return draw < sampleRate;
  }

  boolean sameStickiness(OperationPlan other) {
    return Objects.equals(stickyHeader, other.stickyHeader);
  }
}
