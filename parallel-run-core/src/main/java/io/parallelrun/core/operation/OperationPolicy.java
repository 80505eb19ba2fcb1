package io.parallelrun.core.operation;

import io.parallelrun.core.compare.BodyRules;
import io.parallelrun.core.compare.HeaderRules;
import io.parallelrun.core.compare.ResponseComparator;
import io.parallelrun.core.compare.ResponseComparators;
import io.parallelrun.core.redact.Redaction;
import io.parallelrun.core.redact.Redactions;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How one operation is captured, replayed, compared and judged.
 *
 * <p>Built once, immutable, thread-safe. Start from {@link #ofDefaults()} or {@link #custom()},
 * derive variants with {@link #from(OperationPolicy)}; {@link OperationPolicies} holds the
 * defaults and the named per-operation overrides.
 *
 * <table>
 *   <caption>Fields and defaults</caption>
 *   <tr><th>field</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>sampleRate</td><td>1.0</td><td>share of requests captured, 0 to 1</td></tr>
 *   <tr><td>stickySamplingHeader</td><td>none</td><td>when set, the sampling decision hashes this
 *       request header, so the same value (a customer id) is always in or always out</td></tr>
 *   <tr><td>idempotent</td><td>false</td><td>whether methods other than GET, HEAD and OPTIONS may
 *       be captured and replayed</td></tr>
 *   <tr><td>threshold</td><td>0.99</td><td>match rate the operation must reach to be ready</td></tr>
 *   <tr><td>minSamples</td><td>100</td><td>checks needed before a verdict other than collecting</td></tr>
 *   <tr><td>headerRules</td><td>{@link HeaderRules#defaults()}</td><td>headers ignored</td></tr>
 *   <tr><td>bodyRules</td><td>{@link BodyRules#defaults()}</td><td>JSON paths ignored, unordered
 *       arrays, null versus missing</td></tr>
 *   <tr><td>inTransitRedaction</td><td>none</td><td>applied before the payload leaves the legacy
 *       application, and to the candidate's response before comparing</td></tr>
 *   <tr><td>atRestRedaction</td><td>none</td><td>applied to samples, logs and the report, on top
 *       of the credentials that are always redacted</td></tr>
 *   <tr><td>comparator</td><td>standard</td><td>a custom comparator replacing the standard one</td></tr>
 *   <tr><td>replayTimeout</td><td>10 s</td><td>how long the candidate may take to answer a replay</td></tr>
 * </table>
 */
public final class OperationPolicy {

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private static final OperationPolicy DEFAULTS = new Builder().build();

  private final double sampleRate;
  private final String stickySamplingHeader;
  private final boolean idempotent;
  private final double threshold;
  private final int minSamples;
  private final HeaderRules headerRules;
  private final BodyRules bodyRules;
  private final Redaction inTransitRedaction;
  private final Redaction atRestRedaction;
  private final ResponseComparator customComparator;
  /** The comparator in use: the custom one, or the standard one once built by {@link #comparator()}. */
  private volatile ResponseComparator comparator;
  private final Object comparatorLock = new Object();
  private final Duration replayTimeout;

  private OperationPolicy(Builder b) {
    this.sampleRate = b.sampleRate;
    this.stickySamplingHeader = b.stickySamplingHeader;
    this.idempotent = b.idempotent;
    this.threshold = b.threshold;
    this.minSamples = b.minSamples;
    this.headerRules = b.headerRules;
    this.bodyRules = b.bodyRules;
    this.inTransitRedaction = b.inTransitRedaction;
    this.atRestRedaction = b.atRestRedaction;
    this.customComparator = b.comparator;
    this.comparator = b.comparator;
    this.replayTimeout = b.replayTimeout;
  }

  /** The default policy. */
  public static OperationPolicy ofDefaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from the given policy, to derive a variant. */
  public static Builder from(OperationPolicy base) {
    return new Builder(base);
  }

  public double sampleRate() {
    return sampleRate;
  }

  /** The header whose value makes sampling sticky, or {@code null}. */
  public String stickySamplingHeader() {
    return stickySamplingHeader;
  }

  public boolean idempotent() {
    return idempotent;
  }

  public double threshold() {
    return threshold;
  }

  public int minSamples() {
    return minSamples;
  }

  public HeaderRules headerRules() {
    return headerRules;
  }

  public BodyRules bodyRules() {
    return bodyRules;
  }

  public Redaction inTransitRedaction() {
    return inTransitRedaction;
  }

  public Redaction atRestRedaction() {
    return atRestRedaction;
  }

  /**
   * The comparator that decides: the custom one when set, else the standard one built from the
   * rules. The standard one is built on the first call, once, and the same instance is returned
   * from then on; later calls only read a volatile field.
   */
  public ResponseComparator comparator() {
    ResponseComparator current = comparator;
    if (current != null) {
      return current;
    }
    synchronized (comparatorLock) {
      current = comparator;
      if (current == null) {
        current = ResponseComparators.standard(headerRules, bodyRules);
        comparator = current;
      }
      return current;
    }
  }

  /** Whether a custom comparator replaces the standard one. */
  public boolean hasCustomComparator() {
    return customComparator != null;
  }

  public Duration replayTimeout() {
    return replayTimeout;
  }

  /**
   * Whether requests with this method may be captured and replayed: GET, HEAD and OPTIONS always,
   * other methods only when the operation is declared idempotent.
   */
  public boolean allowsMethod(String method) {
    return idempotent || SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return "OperationPolicy{sampleRate=" + sampleRate + ", stickySamplingHeader=" + stickySamplingHeader
        + ", idempotent=" + idempotent + ", threshold=" + threshold + ", minSamples=" + minSamples
        + ", " + headerRules + ", " + bodyRules + ", customComparator=" + (customComparator != null)
        + ", replayTimeout=" + replayTimeout + "}";
  }

  /** Builds an {@link OperationPolicy}; {@link #build()} checks every value. Not thread-safe. */
  public static final class Builder {
    private double sampleRate = 1.0;
    private String stickySamplingHeader;
    private boolean idempotent;
    private double threshold = 0.99;
    private int minSamples = 100;
    private HeaderRules headerRules = HeaderRules.defaults();
    private BodyRules bodyRules = BodyRules.defaults();
    private Redaction inTransitRedaction = Redactions.none();
    private Redaction atRestRedaction = Redactions.none();
    private ResponseComparator comparator;
    private Duration replayTimeout = Duration.ofSeconds(10);

    private Builder() {}

    private Builder(OperationPolicy base) {
      sampleRate = base.sampleRate;
      stickySamplingHeader = base.stickySamplingHeader;
      idempotent = base.idempotent;
      threshold = base.threshold;
      minSamples = base.minSamples;
      headerRules = base.headerRules;
      bodyRules = base.bodyRules;
      inTransitRedaction = base.inTransitRedaction;
      atRestRedaction = base.atRestRedaction;
      comparator = base.customComparator;
      replayTimeout = base.replayTimeout;
    }

    /** Share of requests captured, from 0 (none) to 1 (all). */
    public Builder sampleRate(double value) {
      this.sampleRate = value;
      return this;
    }

    /** Makes sampling sticky by hashing this request header; {@code null} turns it off. */
    public Builder stickySamplingHeader(String headerName) {
      this.stickySamplingHeader = headerName;
      return this;
    }

    /** Declares the operation idempotent, so that methods other than GET, HEAD and OPTIONS are replayed. */
    public Builder idempotent(boolean value) {
      this.idempotent = value;
      return this;
    }

    /** Match rate (0 to 1) the operation must reach to be ready. */
    public Builder threshold(double value) {
      this.threshold = value;
      return this;
    }

    /** Checks needed before a verdict other than collecting; at least 1. */
    public Builder minSamples(int value) {
      this.minSamples = value;
      return this;
    }

    public Builder headerRules(HeaderRules value) {
      this.headerRules = Objects.requireNonNull(value, "headerRules");
      return this;
    }

    public Builder bodyRules(BodyRules value) {
      this.bodyRules = Objects.requireNonNull(value, "bodyRules");
      return this;
    }

    public Builder inTransitRedaction(Redaction value) {
      this.inTransitRedaction = Objects.requireNonNull(value, "inTransitRedaction");
      return this;
    }

    public Builder atRestRedaction(Redaction value) {
      this.atRestRedaction = Objects.requireNonNull(value, "atRestRedaction");
      return this;
    }

    /** A comparator replacing the standard one; {@code null} restores the standard one. */
    public Builder comparator(ResponseComparator value) {
      this.comparator = value;
      return this;
    }

    /** How long the candidate may take to answer a replay; positive. */
    public Builder replayTimeout(Duration value) {
      this.replayTimeout = Objects.requireNonNull(value, "replayTimeout");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @throws IllegalArgumentException naming the first value out of range
     */
    public OperationPolicy build() {
      if (!(sampleRate >= 0.0 && sampleRate <= 1.0)) {
        throw new IllegalArgumentException("sampleRate must be between 0 and 1, was " + sampleRate);
      }
      if (!(threshold >= 0.0 && threshold <= 1.0)) {
        throw new IllegalArgumentException("threshold must be between 0 and 1, was " + threshold);
      }
      if (minSamples < 1) {
        throw new IllegalArgumentException("minSamples must be at least 1, was " + minSamples);
      }
      if (replayTimeout.isZero() || replayTimeout.isNegative()) {
        throw new IllegalArgumentException("replayTimeout must be positive, was " + replayTimeout);
      }
      if (stickySamplingHeader != null && stickySamplingHeader.isBlank()) {
        throw new IllegalArgumentException("stickySamplingHeader must not be blank");
      }
      return new OperationPolicy(this);
    }
  }
}
