package io.parallelrun.core.metrics;

import java.util.Locale;

/**
 * Why a request was not captured (legacy side) or a received payload not checked (candidate
 * side): the {@code reason} tag of {@link MeterNames#SKIPPED}.
 */
public enum SkipReason {
  /** The request fell outside the operation's sample rate. */
  NOT_SAMPLED,
  /** A method other than GET, HEAD or OPTIONS on an operation not declared idempotent. */
  NON_IDEMPOTENT,
  /** The request carried the replay marker header: never captured again. */
  REPLAY,
  /** The request matched a configured exclusion. */
  EXCLUDED,
  /** A multipart request body larger than the capture cap. */
  MULTIPART,
  /** Something inside the library failed while capturing; the client's request was unaffected. */
  CAPTURE_ERROR,
  /**
   * The application threw out of the filter chain: the container's error handling writes the
   * response, which the filter does not see, so there is nothing faithful to compare.
   */
  APPLICATION_ERROR,
  /** The candidate's backlog was full. */
  BACKLOG_FULL,
  /** Something inside the library failed while checking. */
  CHECK_ERROR,
  /**
   * The candidate's receiver refused what it received: not parseable or not valid (answered 400),
   * larger than the size cap (413) or of a content type it does not read (415).
   */
  INVALID_PAYLOAD,
  /** The candidate's receiver refused a POST without a valid signature (answered 401). */
  UNAUTHENTICATED,
  /** The captured request body was cut at the capture cap: replaying it would send another request. */
  REQUEST_TRUNCATED,
  /** The captured response body was cut at the capture cap: it cannot be compared as if it were whole. */
  RESPONSE_TRUNCATED,
  /** The candidate's receiver was shutting down before the payload could be checked. */
  SHUTDOWN;

  /** The metric tag value, for example {@code non_idempotent}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
