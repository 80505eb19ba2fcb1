package io.parallelrun.examples.returns.service;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The new service's client of the payment provider. It is not production-ready yet: every fourth
 * call fails, and the endpoint answers 500, which parallel-run counts as a failed check.
 */
@Component
public class PaymentClient {

  /** Where a refund stands. */
  public record RefundStatus(String returnId, String state, BigDecimal amount, String currency) {}

  /** Thrown when the payment provider does not answer. */
  public static final class PaymentProviderException extends RuntimeException {
    PaymentProviderException(String message) {
      super(message);
    }
  }

  private final AtomicLong calls = new AtomicLong();

  public RefundStatus refundOf(Return ret) {
    if (calls.incrementAndGet() % 4 == 0) {
      throw new PaymentProviderException("payment provider did not answer for " + ret.id());
    }
    BigDecimal amount = BigDecimal.ZERO;
    for (Article item : ret.items()) {
      amount = amount.add(BigDecimal.valueOf(item.unitPrice()).multiply(BigDecimal.valueOf(item.quantity())));
    }
    String state = "REFUNDED".equals(ret.status()) ? "PAID" : "PENDING";
    return new RefundStatus(ret.id(), state, amount, "EUR");
  }
}
