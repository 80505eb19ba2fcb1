package io.parallelrun.core.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The verdict of one comparison: {@link Outcome#MATCHED}, {@link Outcome#UNMATCHED} with the
 * differences found, or {@link Outcome#FAILED} with its cause.
 *
 * <p>The number of differences kept is bounded (see {@link Builder}); {@link
 * #droppedDifferences()} counts those found beyond the bound. Instances are immutable and
 * thread-safe.
 */
public final class MatchResult {

  /** Differences kept per check unless configured otherwise. */
  public static final int DEFAULT_MAX_DIFFERENCES = 20;

  /** How a check ended. */
  public enum Outcome {
    MATCHED,
    UNMATCHED,
    FAILED;

    /** The metric tag value: {@code matched}, {@code unmatched} or {@code failed}. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final MatchResult MATCHED = new MatchResult(Outcome.MATCHED, List.of(), 0, null, null);

  private final Outcome outcome;
  private final List<Difference> differences;
  private final int droppedDifferences;
  private final FailureCause failureCause;
  private final String failureDetail;

  private MatchResult(
      Outcome outcome, List<Difference> differences, int droppedDifferences, FailureCause failureCause, String failureDetail) {
    this.outcome = outcome;
    this.differences = differences;
    this.droppedDifferences = droppedDifferences;
    this.failureCause = failureCause;
    this.failureDetail = failureDetail;
  }

  /** The result without differences. */
  public static MatchResult matched() {
    return MATCHED;
  }

  /** A failed check: nothing worth comparing. */
  public static MatchResult failed(FailureCause cause, String detail) {
    return new MatchResult(Outcome.FAILED, List.of(), 0, Objects.requireNonNull(cause, "cause"), detail);
  }

  /** A result holding the given differences (matched when there are none), with the default bound. */
  public static MatchResult of(List<Difference> differences) {
    return builder().addAll(differences).build();
  }

  /** A builder keeping at most {@link #DEFAULT_MAX_DIFFERENCES} differences. */
  public static Builder builder() {
    return new Builder(DEFAULT_MAX_DIFFERENCES);
  }

  /** A builder keeping at most {@code maxDifferences} differences. */
  public static Builder builder(int maxDifferences) {
    if (maxDifferences < 0) {
      throw new IllegalArgumentException("maxDifferences must be 0 or more, was " + maxDifferences);
    }
    return new Builder(maxDifferences);
  }

  /** How the check ended. */
  public Outcome outcome() {
    return outcome;
  }

  /** Whether the outcome is {@link Outcome#MATCHED}. */
  public boolean isMatched() {
    return outcome == Outcome.MATCHED;
  }

  /** The differences kept, in the order found; empty unless {@link Outcome#UNMATCHED}. */
  public List<Difference> differences() {
    return differences;
  }

  /** How many differences were found beyond those kept. */
  public int droppedDifferences() {
    return droppedDifferences;
  }

  /** Why the check failed, or {@code null} unless {@link Outcome#FAILED}. */
  public FailureCause failureCause() {
    return failureCause;
  }

  /** A short human-readable account of the failure, or {@code null}. */
  public String failureDetail() {
    return failureDetail;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof MatchResult)) {
      return false;
    }
    MatchResult other = (MatchResult) o;
    return outcome == other.outcome
        && droppedDifferences == other.droppedDifferences
        && differences.equals(other.differences)
        && failureCause == other.failureCause
        && Objects.equals(failureDetail, other.failureDetail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(outcome, differences, droppedDifferences, failureCause, failureDetail);
  }

  @Override
  public String toString() {
    switch (outcome) {
      case MATCHED:
        return "MATCHED";
      case FAILED:
        return "FAILED(" + failureCause.tag() + (failureDetail == null ? "" : ": " + failureDetail) + ")";
      default:
        return "UNMATCHED" + differences + (droppedDifferences > 0 ? " +" + droppedDifferences + " more" : "");
    }
  }

  /**
   * Collects differences up to a bound and counts the rest. A failure, once set, wins over any
   * difference. Not thread-safe.
   */
  public static final class Builder {
    private final int max;
    private List<Difference> kept;
    private int dropped;
    private FailureCause failureCause;
    private String failureDetail;

    private Builder(int max) {
      this.max = max;
    }

    /** Adds a difference, or counts it as dropped when the bound is reached. */
    public Builder add(Difference difference) {
      Objects.requireNonNull(difference, "difference");
      if (kept == null) {
        kept = new ArrayList<>(Math.min(max, 8));
      }
      if (kept.size() < max) {
        kept.add(difference);
      } else {
        dropped++;
      }
      return this;
    }

    /** Adds each difference. */
    public Builder addAll(List<Difference> differences) {
      for (Difference d : differences) {
        add(d);
      }
      return this;
    }

    /** Adds another result: its differences, dropped count and failure. */
    public Builder merge(MatchResult other) {
      if (other.outcome == Outcome.FAILED) {
        fail(other.failureCause, other.failureDetail);
      }
      addAll(other.differences);
      dropped += other.droppedDifferences;
      return this;
    }

    /** Marks the result as failed, unless it already failed (the first cause wins). */
    public Builder fail(FailureCause cause, String detail) {
      if (failureCause == null) {
        failureCause = Objects.requireNonNull(cause, "cause");
        failureDetail = detail;
      }
      return this;
    }

    /** Whether nothing has been added yet. */
    public boolean isEmpty() {
      return (kept == null || kept.isEmpty()) && dropped == 0 && failureCause == null;
    }

    /** Whether the bound of kept differences is reached: further work only adds to the dropped count. */
    public boolean isFull() {
      return kept != null && kept.size() >= max;
    }

    public MatchResult build() {
      if (failureCause != null) {
        return failed(failureCause, failureDetail);
      }
      if ((kept == null || kept.isEmpty()) && dropped == 0) {
        return MATCHED;
      }
      List<Difference> list = kept == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(kept));
      return new MatchResult(Outcome.UNMATCHED, list, dropped, null, null);
    }
  }
}
