package io.parallelrun.core.compare.internal;

/** 64-bit hash helpers. */
final class Hashes {
  private Hashes() {}

  /** A strong 64-bit finaliser (from SplitMix64). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A hash of a char range. */
  static long chars(char[] c, int off, int len) {
    long h = 0x53A1L + len;
    int end = off + len;
    for (int i = off; i < end; i++) {
      h = h * 31 + c[i];
    }
    return mix(h);
  }
}
