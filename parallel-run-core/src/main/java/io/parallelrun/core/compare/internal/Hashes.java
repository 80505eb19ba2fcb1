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
   * A hash of a char range, four chars to a multiplication: a chain of one multiplication per
   * char made this the largest item of hashing a document (about a sixth of reading one inside an
   * unordered array). The rotation carries the high bits, where the last char of a word lands,
   * into later products.
   */
  static long chars(char[] c, int off, int len) {
    long h = 0x53A1L + len;
    int end = off + len;
    int i = off;
    for (; i <= end - 4; i += 4) {
      long word = c[i] | (long) c[i + 1] << 16 | (long) c[i + 2] << 32 | (long) c[i + 3] << 48;
      h = (Long.rotateLeft(h, 26) ^ word) * 0x9E3779B97F4A7C15L;
    }
    for (; i < end; i++) {
      h = (Long.rotateLeft(h, 26) ^ c[i]) * 0x9E3779B97F4A7C15L;
    }
    return mix(h);
  }
}
