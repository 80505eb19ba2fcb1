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
  CHECK_ERROR;

  /** The metric tag value, for example {@code non_idempotent}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
