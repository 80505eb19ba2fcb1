package io.parallelrun.core.readiness;

/**
 * Whether an operation is ready to be moved to the candidate.
 *
 * <ul>
 *   <li>{@link #READY}: at least the minimum number of samples, and the lower bound of the 95%
 *       Wilson interval of the match rate at or above the threshold.
 *   <li>{@link #NOT_READY}: at least the minimum number of samples, and the upper bound below the
 *       threshold.
 *   <li>{@link #COLLECTING}: anything else: too few samples, or the interval still straddles the
 *       threshold.
 * </ul>
 */
public enum Verdict {
  READY,
  NOT_READY,
  COLLECTING;

  /**
   * The verdict for an interval.
   *
   * @param interval the Wilson interval of matched over samples
   * @param threshold the operation's threshold, 0 to 1
   * @param minSamples samples needed before a verdict other than {@link #COLLECTING}
   */
  public static Verdict of(WilsonInterval interval, double threshold, long minSamples) {
    if (interval.trials() < minSamples || interval.trials() == 0) {
      return COLLECTING;
    }
    if (interval.lower() >= threshold) {
      return READY;
    }
    if (interval.upper() < threshold) {
      return NOT_READY;
    }
    return COLLECTING;
  }
}
