package io.parallelrun.core.compare;

/**
 * Why a check ended as {@link MatchResult.Outcome#FAILED}: there was nothing worth comparing.
 */
public enum FailureCause {
  /** The legacy application answered 5xx. Says nothing about the candidate. */
  LEGACY_5XX("legacy_5xx", false),
  /** The candidate answered 5xx where the legacy application did not. */
  CANDIDATE_5XX("candidate_5xx", true),
  /** The replay to the candidate timed out. */
  REPLAY_TIMEOUT("replay_timeout", true),
  /** The replay to the candidate failed in transport (refused, reset, unreadable answer). */
  REPLAY_ERROR("replay_error", true),
  /**
   * A body that would be compared was cut at the capture's byte cap, on either side: what was
   * captured cannot show whether the whole bodies agree, so the check is neither matched nor
   * unmatched. Not the candidate's fault; raise the cap or ignore the body to compare such
   * responses.
   */
  BODY_TRUNCATED("body_truncated", false);

  private final String tag;
  private final boolean candidateFault;

  FailureCause(String tag, boolean candidateFault) {
    this.tag = tag;
    this.candidateFault = candidateFault;
  }

  /** The metric tag value, for example {@code legacy_5xx}. */
  public String tag() {
    return tag;
  }

  /**
   * Whether this failure counts against the candidate's match rate: a candidate that fails where
   * the legacy application answered is not ready.
   */
  public boolean candidateFault() {
    return candidateFault;
  }
}
