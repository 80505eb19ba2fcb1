package io.parallelrun.core.compare;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which response headers take part in a comparison.
 *
 * <p>By default the headers in {@link #DEFAULT_IGNORED} are ignored: they differ between any two
 * servers or any two responses without saying anything about behaviour. An operation can ignore
 * more headers, and can take a default off the list explicitly with {@link Builder#compare}.
 * Names are case-insensitive.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class HeaderRules {

  /** Headers ignored unless compared explicitly, lower case. */
  public static final List<String> DEFAULT_IGNORED =
      List.of(
          "date",
          "server",
          "transfer-encoding",
          "content-length",
          "connection",
          "keep-alive",
          "x-request-id",
          "traceparent",
          "tracestate");

  private static final HeaderRules DEFAULTS = new HeaderRules(new LinkedHashSet<>(DEFAULT_IGNORED));

  private final Set<String> ignored;

  private HeaderRules(Set<String> ignored) {
    this.ignored = Collections.unmodifiableSet(ignored);
  }

  /** The default rules: ignore {@link #DEFAULT_IGNORED}, compare everything else. */
  public static HeaderRules defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder(DEFAULT_IGNORED);
  }

  /** A builder starting from the given rules. */
  public static Builder from(HeaderRules base) {
    return new Builder(base.ignored);
  }

  /** Whether the header (any case) is ignored. */
  public boolean isIgnored(String name) {
    return ignored.contains(name.toLowerCase(Locale.ROOT));
  }

  /** The ignored header names, lower case. */
  public Set<String> ignored() {
    return ignored;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HeaderRules && ((HeaderRules) o).ignored.equals(ignored);
  }

  @Override
  public int hashCode() {
    return ignored.hashCode();
  }

  @Override
  public String toString() {
    return "HeaderRules{ignored=" + ignored + "}";
  }

  /** Builds {@link HeaderRules}. Not thread-safe. */
  public static final class Builder {
    private final Set<String> ignored;

    private Builder(Iterable<String> start) {
      ignored = new LinkedHashSet<>();
      start.forEach(ignored::add);
    }

    /** Ignores these headers in addition to those already ignored. */
    public Builder ignore(String... names) {
      return ignore(Arrays.asList(names));
    }

    /** Ignores these headers in addition to those already ignored. */
    public Builder ignore(Iterable<String> names) {
      for (String name : names) {
        ignored.add(checkName(name));
      }
      return this;
    }

    /** Compares these headers even when they are on the ignored list (for example {@code Date}). */
    public Builder compare(String... names) {
      return compare(Arrays.asList(names));
    }

    /** Compares these headers even when they are on the ignored list. */
    public Builder compare(Iterable<String> names) {
      for (String name : names) {
        ignored.remove(checkName(name));
      }
      return this;
    }

    private static String checkName(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a header name must not be empty");
      }
      return name.trim().toLowerCase(Locale.ROOT);
    }

    public HeaderRules build() {
      return new HeaderRules(new LinkedHashSet<>(ignored));
    }
  }
}
