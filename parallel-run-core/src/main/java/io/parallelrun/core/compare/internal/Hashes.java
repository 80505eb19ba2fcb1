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

  /**
   * A hash of a char range, four chars to a multiplication and no separate loop for the last
   * one to three (a multiplication per char made hashing a large part of reading the elements of
   * an unordered array). Reads up to three chars past the range, which the array must hold; they
   * are masked off and do not count. The rotation carries the high bits, where the last char of a
   * word lands, into later products.
   */
  static long chars(char[] c, int off, int len) {
    long h = 0x53A1L + len;
    int end = off + len;
    for (int i = off; i < end; i += 4) {
      long word = c[i] | (long) c[i + 1] << 16 | (long) c[i + 2] << 32 | (long) c[i + 3] << 48;
      word &= -1L >>> (Math.max(0, 4 - (end - i)) << 4);
      h = (Long.rotateLeft(h, 26) ^ word) * 0x9E3779B97F4A7C15L;
    }
    return mix(h);
  }
}
