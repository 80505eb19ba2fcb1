package io.parallelrun.core.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * How JSON bodies are compared for an operation.
 *
 * <ul>
 *   <li>{@link Builder#ignorePaths ignored paths}: JSON Pointers (RFC 6901) whose values are not
 *       compared; a segment {@code *} stands for any one key or array index, so {@code
 *       /items/*}{@code /id} ignores the {@code id} of every item.
 *   <li>{@link Builder#unorderedArrays unordered arrays}: JSON Pointers (with the same wildcard) of
 *       arrays compared as multisets: order does not matter, duplicates do.
 *   <li>{@link Builder#nullEqualsMissing null equals missing}: whether a field holding {@code null}
 *       on one side and absent on the other counts as equal (default: it does not).
 *   <li>{@link Builder#maxDifferences maximum differences}: how many differences a check keeps.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class BodyRules {

  private static final BodyRules DEFAULTS = new Builder().build();

  private final List<String> ignoredPaths;
  private final List<String> unorderedArrays;
  private final boolean nullEqualsMissing;
  private final int maxDifferences;

  private BodyRules(Builder b) {
    this.ignoredPaths = Collections.unmodifiableList(new ArrayList<>(b.ignoredPaths));
    this.unorderedArrays = Collections.unmodifiableList(new ArrayList<>(b.unorderedArrays));
    this.nullEqualsMissing = b.nullEqualsMissing;
    this.maxDifferences = b.maxDifferences;
  }

  /** Everything compared, arrays ordered, null differs from missing. */
  public static BodyRules defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from the given rules. */
  public static Builder from(BodyRules base) {
    Builder b = new Builder();
    b.ignoredPaths.addAll(base.ignoredPaths);
    b.unorderedArrays.addAll(base.unorderedArrays);
    b.nullEqualsMissing = base.nullEqualsMissing;
    b.maxDifferences = base.maxDifferences;
    return b;
  }

  public List<String> ignoredPaths() {
    return ignoredPaths;
  }

  public List<String> unorderedArrays() {
    return unorderedArrays;
  }

  public boolean nullEqualsMissing() {
    return nullEqualsMissing;
  }

  public int maxDifferences() {
    return maxDifferences;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof BodyRules)) {
      return false;
    }
    BodyRules other = (BodyRules) o;
    return nullEqualsMissing == other.nullEqualsMissing
        && maxDifferences == other.maxDifferences
        && ignoredPaths.equals(other.ignoredPaths)
        && unorderedArrays.equals(other.unorderedArrays);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ignoredPaths, unorderedArrays, nullEqualsMissing, maxDifferences);
  }

  @Override
  public String toString() {
    return "BodyRules{ignoredPaths=" + ignoredPaths + ", unorderedArrays=" + unorderedArrays
        + ", nullEqualsMissing=" + nullEqualsMissing + ", maxDifferences=" + maxDifferences + "}";
  }

  /** Builds {@link BodyRules}. Not thread-safe. */
  public static final class Builder {
    private final List<String> ignoredPaths = new ArrayList<>();
    private final List<String> unorderedArrays = new ArrayList<>();
    private boolean nullEqualsMissing;
    private int maxDifferences = MatchResult.DEFAULT_MAX_DIFFERENCES;

    private Builder() {}

    /** Adds JSON Pointers (with {@code *} for one segment) whose values are not compared. */
    public Builder ignorePaths(String... pointers) {
      return ignorePaths(Arrays.asList(pointers));
    }

    /** Adds JSON Pointers (with {@code *} for one segment) whose values are not compared. */
    public Builder ignorePaths(Iterable<String> pointers) {
      for (String p : pointers) {
        ignoredPaths.add(JsonPointers.check(p));
      }
      return this;
    }

    /** Adds JSON Pointers (with {@code *} for one segment) of arrays compared as multisets. */
    public Builder unorderedArrays(String... pointers) {
      return unorderedArrays(Arrays.asList(pointers));
    }

    /** Adds JSON Pointers (with {@code *} for one segment) of arrays compared as multisets. */
    public Builder unorderedArrays(Iterable<String> pointers) {
      for (String p : pointers) {
        unorderedArrays.add(JsonPointers.check(p));
      }
      return this;
    }

    /** Whether {@code null} and a missing field count as equal. */
    public Builder nullEqualsMissing(boolean value) {
      this.nullEqualsMissing = value;
      return this;
    }

    /** How many differences a check keeps (the rest are only counted); at least 1. */
    public Builder maxDifferences(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxDifferences must be at least 1, was " + value);
      }
      this.maxDifferences = value;
      return this;
    }

    public BodyRules build() {
      return new BodyRules(this);
    }
  }
}
