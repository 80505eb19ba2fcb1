package io.parallelrun.core.wire;

/**
 * Limits a {@link PayloadCodec} enforces when reading. What breaks a limit is rejected with an
 * {@link InvalidPayloadException}, never truncated silently.
 *
 * <p>Immutable and thread-safe.
 */
public final class PayloadLimits {

  private static final PayloadLimits DEFAULTS = new Builder().build();

  private final int maxPayloadBytes;
  private final int maxHeaders;
  private final int maxHeaderBytes;
  private final int maxTargetLength;
  private final int maxNestingDepth;

  private PayloadLimits(Builder b) {
    this.maxPayloadBytes = b.maxPayloadBytes;
    this.maxHeaders = b.maxHeaders;
    this.maxHeaderBytes = b.maxHeaderBytes;
    this.maxTargetLength = b.maxTargetLength;
    this.maxNestingDepth = b.maxNestingDepth;
  }

  /** 10 MiB per payload, 200 header fields and 64 KiB of headers per message, 16 KiB of path, nesting depth 200. */
  public static PayloadLimits defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Largest payload (or batch, on the receiver) in bytes. */
  public int maxPayloadBytes() {
    return maxPayloadBytes;
  }

  /** Most header fields per captured message; a repeated header counts once per value. */
  public int maxHeaders() {
    return maxHeaders;
  }

  /** Most characters of header names and values together per captured message. */
  public int maxHeaderBytes() {
    return maxHeaderBytes;
  }

  /** Longest request target (path and query), in characters. */
  public int maxTargetLength() {
    return maxTargetLength;
  }

  /** Deepest JSON nesting of the payload document itself (not of the bodies it carries). */
  public int maxNestingDepth() {
    return maxNestingDepth;
  }

  @Override
  public String toString() {
    return "PayloadLimits{maxPayloadBytes=" + maxPayloadBytes + ", maxHeaders=" + maxHeaders
        + ", maxHeaderBytes=" + maxHeaderBytes + ", maxTargetLength=" + maxTargetLength
        + ", maxNestingDepth=" + maxNestingDepth + "}";
  }

  /** Builds {@link PayloadLimits}. Not thread-safe. */
  public static final class Builder {
    private int maxPayloadBytes = 10 * 1024 * 1024;
    private int maxHeaders = 200;
    private int maxHeaderBytes = 64 * 1024;
    private int maxTargetLength = 16 * 1024;
    private int maxNestingDepth = 200;

    private Builder() {}

    public Builder maxPayloadBytes(int value) {
      this.maxPayloadBytes = positive("maxPayloadBytes", value);
      return this;
    }

    public Builder maxHeaders(int value) {
      this.maxHeaders = positive("maxHeaders", value);
      return this;
    }

    public Builder maxHeaderBytes(int value) {
      this.maxHeaderBytes = positive("maxHeaderBytes", value);
      return this;
    }

    public Builder maxTargetLength(int value) {
      this.maxTargetLength = positive("maxTargetLength", value);
      return this;
    }

    /** At least 4: the payload's own structure needs that much. */
    public Builder maxNestingDepth(int value) {
      if (value < 4) {
        throw new IllegalArgumentException("maxNestingDepth must be at least 4, was " + value);
      }
      this.maxNestingDepth = value;
      return this;
    }

    private static int positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }

    public PayloadLimits build() {
      return new PayloadLimits(this);
    }
  }
}
