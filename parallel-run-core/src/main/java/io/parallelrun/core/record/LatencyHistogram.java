package io.parallelrun.core.record;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free histogram of durations in microseconds with log-linear buckets: 16 sub-buckets per
 * power of two, so a percentile read from it is within about 6% of the true value. Covers 1 us to
 * about 2^40 us (12 days); larger values land in the last bucket.
 */
final class LatencyHistogram {

  private static final int SUB_BITS = 4;
  private static final int SUB = 1 << SUB_BITS;
  private static final int MAX_EXPONENT = 40;
  private static final int BUCKETS = (MAX_EXPONENT - SUB_BITS + 2) * SUB;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  void record(long micros) {
    counts.incrementAndGet(index(Math.max(0, micros)));
  }

  static int index(long value) {
    if (value < SUB) {
      return (int) value;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(value);
    if (exponent > MAX_EXPONENT) {
      return BUCKETS - 1;
    }
    int sub = (int) (value >>> (exponent - SUB_BITS)) & (SUB - 1);
    return (exponent - SUB_BITS + 1) * SUB + sub;
  }

  /** The smallest value that falls into the bucket. */
  static long lowerBound(int index) {
    if (index < SUB) {
      return index;
    }
    int exponent = index / SUB + SUB_BITS - 1;
    int sub = index % SUB;
    return ((long) (SUB + sub)) << (exponent - SUB_BITS);
  }

  /** The middle of the bucket, the value reported for it. */
  static long representative(int index) {
    if (index < SUB) {
      return index;
    }
    long low = lowerBound(index);
    long high = index + 1 < BUCKETS ? lowerBound(index + 1) : low * 2;
    return low + (high - low) / 2;
  }

  /** A consistent-enough copy: each bucket is read once. */
  Snapshot snapshot() {
    long[] copy = new long[BUCKETS];
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      copy[i] = counts.get(i);
      total += copy[i];
    }
    return new Snapshot(copy, total);
  }

  static final class Snapshot {
    private final long[] counts;
    private final long total;

    Snapshot(long[] counts, long total) {
      this.counts = counts;
      this.total = total;
    }

    long count() {
      return total;
    }

    /** The value at quantile {@code q} (0 to 1), in microseconds; -1 when empty. */
    long percentile(double q) {
      if (total == 0) {
        return -1;
      }
      long rank = Math.max(1, (long) Math.ceil(q * total));
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= rank) {
          return representative(i);
        }
      }
      return representative(counts.length - 1);
    }
  }
}
