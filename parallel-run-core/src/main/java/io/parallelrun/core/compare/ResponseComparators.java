package io.parallelrun.core.compare;

import io.parallelrun.core.compare.internal.BodyComparator;
import io.parallelrun.core.compare.internal.BytesComparator;
import io.parallelrun.core.compare.internal.CombinedComparator;
import io.parallelrun.core.compare.internal.HeaderComparator;
import io.parallelrun.core.compare.internal.JsonComparator;
import io.parallelrun.core.compare.internal.StatusComparator;
import io.parallelrun.core.compare.internal.TextComparator;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Factory of the standard {@link ResponseComparator}s and their composition.
 *
 * <p>{@link #standard()} is what an operation uses unless configured otherwise: server errors on
 * either side fail the check, then status, headers and body are compared and their differences
 * combined.
 *
 * <p>Body comparators never compare a truncated body as if it were whole: when either side's body
 * was cut at the capture's byte cap, the check is {@link MatchResult.Outcome#FAILED} with {@link
 * FailureCause#BODY_TRUNCATED}, which does not count against the candidate. The semantics and
 * defaults are described in {@code docs/comparison.md}.
 *
 * <p>All comparators returned here are immutable and thread-safe.
 */
public final class ResponseComparators {

  private ResponseComparators() {}

  /** Compares status codes. */
  public static ResponseComparator status() {
    return StatusComparator.INSTANCE;
  }

  /** Compares headers with {@link HeaderRules#defaults()}. */
  public static ResponseComparator headers() {
    return headers(HeaderRules.defaults());
  }

  /** Compares headers with the given rules. */
  public static ResponseComparator headers(HeaderRules rules) {
    return new HeaderComparator(Objects.requireNonNull(rules, "rules"));
  }

  /** Compares bodies, choosing JSON, text or bytes by the legacy response's content type. */
  public static ResponseComparator body() {
    return body(BodyRules.defaults());
  }

  /** Compares bodies, choosing JSON (with these rules), text or bytes by content type. */
  public static ResponseComparator body(BodyRules rules) {
    return new BodyComparator(Objects.requireNonNull(rules, "rules"));
  }

  /** Compares bodies as JSON with default rules. */
  public static ResponseComparator json() {
    return json(BodyRules.defaults());
  }

  /** Compares bodies as JSON with the given rules. */
  public static ResponseComparator json(BodyRules rules) {
    return new JsonComparator(Objects.requireNonNull(rules, "rules"));
  }

  /** Compares bodies as text, each decoded in the charset of its own content type. */
  public static ResponseComparator text() {
    return TextComparator.INSTANCE;
  }

  /** Compares bodies byte for byte. */
  public static ResponseComparator bytes() {
    return BytesComparator.INSTANCE;
  }

  /** Server errors fail; then status, headers and body with default rules. */
  public static ResponseComparator standard() {
    return standard(HeaderRules.defaults(), BodyRules.defaults());
  }

  /**
   * Server errors fail ({@link FailureCause#LEGACY_5XX} first, then {@link
   * FailureCause#CANDIDATE_5XX}); then status, headers and body with the given rules, their
   * differences combined up to {@link BodyRules#maxDifferences()}.
   */
  public static ResponseComparator standard(HeaderRules headerRules, BodyRules bodyRules) {
    return new CombinedComparator(
        List.of(status(), headers(headerRules), body(bodyRules)), bodyRules.maxDifferences(), true, "standard");
  }

  /**
   * Runs the comparators in order and combines their results: the differences each kept, in
   * order, and their dropped counts. A failure wins: the first failed result is returned and the
   * comparators after it are not run.
   */
  public static ResponseComparator allOf(ResponseComparator... comparators) {
    return new CombinedComparator(Arrays.asList(comparators), Integer.MAX_VALUE, false, "allOf");
  }
}
