package io.parallelrun.core.compare;

/**
 * Factory of the standard {@link ResponseComparator}s and their composition.
 *
 * <p>{@link #standard()} is what an operation uses unless configured otherwise: server errors on
 * either side fail the check, then status, headers and body are compared and their differences
 * combined.
 *
 * <p>All comparators returned here are immutable and thread-safe.
 */
public final class ResponseComparators {

  private ResponseComparators() {}

  // SKELETON: bodies to be implemented.

  /** Compares status codes. */
  public static ResponseComparator status() {
    throw new UnsupportedOperationException("SKELETON");
  }

  /** Compares headers with {@link HeaderRules#defaults()}. */
  public static ResponseComparator headers() {
    return headers(HeaderRules.defaults());
  }

  /** Compares headers with the given rules. */
  public static ResponseComparator headers(HeaderRules rules) {
    throw new UnsupportedOperationException("SKELETON");
  }

  /** Compares bodies, choosing JSON, text or bytes by the legacy response's content type. */
  public static ResponseComparator body() {
    return body(BodyRules.defaults());
  }

  /** Compares bodies, choosing JSON (with these rules), text or bytes by content type. */
  public static ResponseComparator body(BodyRules rules) {
    throw new UnsupportedOperationException("SKELETON");
  }

  /** Compares bodies as JSON with default rules. */
  public static ResponseComparator json() {
    return json(BodyRules.defaults());
  }

  /** Compares bodies as JSON with the given rules. */
  public static ResponseComparator json(BodyRules rules) {
    throw new UnsupportedOperationException("SKELETON");
  }

  /** Compares bodies as text, each decoded in the charset of its own content type. */
  public static ResponseComparator text() {
    throw new UnsupportedOperationException("SKELETON");
  }

  /** Compares bodies byte for byte. */
  public static ResponseComparator bytes() {
    throw new UnsupportedOperationException("SKELETON");
  }

  /** Server errors fail; then status, headers and body with default rules. */
  public static ResponseComparator standard() {
    return standard(HeaderRules.defaults(), BodyRules.defaults());
  }

  /** Server errors fail; then status, headers and body with the given rules. */
  public static ResponseComparator standard(HeaderRules headerRules, BodyRules bodyRules) {
    throw new UnsupportedOperationException("SKELETON");
  }

  /** Runs every comparator and combines their results (a failure wins). */
  public static ResponseComparator allOf(ResponseComparator... comparators) {
    throw new UnsupportedOperationException("SKELETON");
  }
}
