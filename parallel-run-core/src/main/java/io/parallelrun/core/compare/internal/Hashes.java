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
   * A hash of a char range, four chars to a multiplication; the last one to three chars form one
   * more word. The rotation carries the high bits, where the last char of a word lands, into later
   * products.
   */
  static long chars(char[] c, int off, int len) {
    long h = 0x53A1L + len;
    int end = off + len;
    int i = off;
    for (; i <= end - 4; i += 4) {
      long word = c[i] | (long) c[i + 1] << 16 | (long) c[i + 2] << 32 | (long) c[i + 3] << 48;
      h = (Long.rotateLeft(h, 26) ^ word) * 0x9E3779B97F4A7C15L;
    }
    long tail = 0;
    for (int shift = 0; i < end; i++, shift += 16) {
      tail |= (long) c[i] << shift;
    }
    return mix((Long.rotateLeft(h, 26) ^ tail) * 0x9E3779B97F4A7C15L);
  }
}
