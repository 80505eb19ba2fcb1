package io.parallelrun.servlet.publish;

/**
 * What became of the payloads of one {@link Transport#send}: how many the receiver accepted, how
 * many it rejected (invalid, unauthorised, too large) and how many could not be delivered
 * (errors: 5xx, timeouts, connection failures, unreadable answers).
 *
 * <p>Immutable and thread-safe.
 */
public final class TransportResult {

  private final int accepted;
  private final int rejected;
  private final int errors;
  private final String detail;

  private TransportResult(int accepted, int rejected, int errors, String detail) {
    if (accepted < 0 || rejected < 0 || errors < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative: accepted=" + accepted + ", rejected=" + rejected + ", errors=" + errors);
    }
    this.accepted = accepted;
    this.rejected = rejected;
    this.errors = errors;
    this.detail = detail;
  }

  /** Every one of {@code count} payloads accepted. */
  public static TransportResult accepted(int count) {
    return new TransportResult(count, 0, 0, null);
  }

  /** Every one of {@code count} payloads rejected by the receiver, with what it said. */
  public static TransportResult rejected(int count, String detail) {
    return new TransportResult(0, count, 0, detail);
  }

  /** None of {@code count} payloads delivered, with the reason. */
  public static TransportResult error(int count, String detail) {
    return new TransportResult(0, 0, count, detail);
  }

  /** A mixed outcome, for example a batch of which some lines were rejected. */
  public static TransportResult of(int accepted, int rejected, int errors, String detail) {
    return new TransportResult(accepted, rejected, errors, detail);
  }

  public int accepted() {
    return accepted;
  }

  public int rejected() {
    return rejected;
  }

  public int errors() {
    return errors;
  }

  /** Number of payloads this result accounts for. */
  public int total() {
    return accepted + rejected + errors;
  }

  /** What the receiver said or what failed, for the log; {@code null} when all went well. */
  public String detail() {
    return detail;
  }

  @Override
  public String toString() {
    return "TransportResult{accepted=" + accepted + ", rejected=" + rejected + ", errors=" + errors
        + (detail == null ? "" : ", detail=" + detail) + "}";
  }
}
