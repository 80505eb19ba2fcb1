package io.parallelrun.core.readiness;

/**
 * The Wilson score interval of a proportion: with {@code n} trials and {@code k} successes, the
 * range in which the true rate lies with the chosen confidence (95% by default). Unlike the plain
 * normal approximation it stays within 0 and 1 and behaves well for rates near 1 and few samples,
 * which is where a candidate close to ready lives.
 *
 * <pre>
 * p = k / n, z = 1.959964 (95%)
 * centre = (p + z²/2n) / (1 + z²/n)
 * margin = z / (1 + z²/n) * sqrt(p(1 - p)/n + z²/4n²)
 * </pre>
 *
 * <p>With no trials the interval is [0, 1]. Instances are immutable and thread-safe.
 */
public final class WilsonInterval {

  /** The z value of a two-sided 95% confidence interval. */
  public static final double Z_95 = 1.959963984540054;

  private final long successes;
  private final long trials;
  private final double lower;
  private final double upper;

  private WilsonInterval(long successes, long trials, double lower, double upper) {
    this.successes = successes;
    this.trials = trials;
    this.lower = lower;
    this.upper = upper;
  }

  /** The 95% interval. */
  public static WilsonInterval of(long successes, long trials) {
    return of(successes, trials, Z_95);
  }

  /**
   * The interval for the given z value.
   *
   * @throws IllegalArgumentException when the counts are negative, successes exceed trials, or z
   *     is not positive
   */
  public static WilsonInterval of(long successes, long trials, double z) {
    if (successes < 0 || trials < 0 || successes > trials) {
      throw new IllegalArgumentException("need 0 <= successes <= trials, got " + successes + " of " + trials);
    }
    if (!(z > 0) || Double.isInfinite(z)) {
      throw new IllegalArgumentException("z must be positive, was " + z);
    }
    if (trials == 0) {
      return new WilsonInterval(0, 0, 0.0, 1.0);
    }
    double n = trials;
    double p = successes / n;
    double z2 = z * z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denominator;
    double margin = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    double lower = successes == 0 ? 0.0 : Math.max(0.0, centre - margin);
    double upper = successes == trials ? 1.0 : Math.min(1.0, centre + margin);
    return new WilsonInterval(successes, trials, lower, upper);
  }

  public long successes() {
    return successes;
  }

  public long trials() {
    return trials;
  }

  /** The observed rate, or {@code NaN} with no trials. */
  public double rate() {
    return trials == 0 ? Double.NaN : (double) successes / trials;
  }

  public double lower() {
    return lower;
  }

  public double upper() {
    return upper;
  }

  @Override
  public String toString() {
    return successes + "/" + trials + " [" + lower + ", " + upper + "]";
  }
}
