package io.parallelrun.core.compare.internal;

/**
 * Exact comparison and hashing of JSON number literals by value, on their characters: {@code 1},
 * {@code 1.0}, {@code 1e0}, {@code 10E-1} and {@code 0.1e1} are one value, {@code -0} equals
 * {@code 0}, and no literal is rounded through a {@code double}. A number is reduced to its sign,
 * its significant digits (no leading or trailing zeros) and the decimal exponent of the first of
 * them; two numbers are equal when those agree. Exponents beyond 15 digits fall back to comparing
 * the literal text.
 */
final class JsonNumbers {
  private JsonNumbers() {}

  private static final long ZERO_HASH = 0x5bd1e9955bd1e995L;
  private static final long HUGE = Long.MIN_VALUE;

  /**
   * Parsed form, written into a {@code long[4]}: [0] first significant digit's index among the
   * mantissa digits, or -1 for zero; [1] count of significant digits; [2] adjusted exponent, or
   * {@link #HUGE}; [3] 1 when negative. Mantissa digit k sits at {@code mantissa + k}, or one
   * further when k is at or after the decimal point.
   */
  private static void parse(char[] c, int off, int len, long[] out) {
    int end = off + len;
    int i = off;
    boolean negative = false;
    if (i < end && (c[i] == '-' || c[i] == '+')) {
      negative = c[i] == '-';
      i++;
    }
    int digits = 0;
    int intDigits = -1;
    int first = -1;
    int last = -1;
    for (; i < end; i++) {
      char ch = c[i];
      if (ch == '.') {
        intDigits = digits;
      } else if (ch == 'e' || ch == 'E') {
        break;
      } else {
        if (ch != '0') {
          if (first < 0) {
            first = digits;
          }
          last = digits;
        }
        digits++;
      }
    }
    if (intDigits < 0) {
      intDigits = digits;
    }
    long exponent = 0;
    boolean huge = false;
    if (i < end) {
      i++;
      boolean negExp = false;
      if (i < end && (c[i] == '-' || c[i] == '+')) {
        negExp = c[i] == '-';
        i++;
      }
      int expDigits = 0;
      for (; i < end; i++) {
        exponent = exponent * 10 + (c[i] - '0');
        if (exponent != 0 && ++expDigits > 15) {
          huge = true;
        }
      }
      if (negExp) {
        exponent = -exponent;
      }
    }
    out[3] = negative ? 1 : 0;
    if (first < 0) {
      out[0] = -1;
      out[1] = 0;
      out[2] = 0;
      return;
    }
    out[0] = first;
    out[1] = last - first + 1;
    out[2] = huge ? HUGE : exponent + intDigits - first;
  }

  private static int mantissaStart(char[] c, int off) {
    return (c[off] == '-' || c[off] == '+') ? off + 1 : off;
  }

  private static char digit(char[] c, int mantissa, int intDigits, int k) {
    return c[k >= intDigits ? mantissa + k + 1 : mantissa + k];
  }

  private static int intDigits(char[] c, int mantissa, int end) {
    int n = 0;
    for (int i = mantissa; i < end; i++) {
      char ch = c[i];
      if (ch == '.') {
        return n;
      }
      if (ch == 'e' || ch == 'E') {
        break;
      }
      n++;
    }
    return Integer.MAX_VALUE;
  }

  /** Whether two literals denote the same number. */
  static boolean equal(char[] a, int aOff, int aLen, char[] b, int bOff, int bLen) {
    if (aLen == bLen && java.util.Arrays.equals(a, aOff, aOff + aLen, b, bOff, bOff + bLen)) {
      return true;
    }
    long[] x = new long[4];
    long[] y = new long[4];
    parse(a, aOff, aLen, x);
    parse(b, bOff, bLen, y);
    if (x[0] < 0 || y[0] < 0) {
      return x[0] < 0 && y[0] < 0;
    }
    if (x[2] == HUGE || y[2] == HUGE) {
      return false;
    }
    if (x[3] != y[3] || x[1] != y[1] || x[2] != y[2]) {
      return false;
    }
    int am = mantissaStart(a, aOff);
    int bm = mantissaStart(b, bOff);
    int ai = intDigits(a, am, aOff + aLen);
    int bi = intDigits(b, bm, bOff + bLen);
    int af = (int) x[0];
    int bf = (int) y[0];
    for (int k = 0; k < x[1]; k++) {
      if (digit(a, am, ai, af + k) != digit(b, bm, bi, bf + k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A hash consistent with {@link #equal}; allocates nothing. One pass: the significant digits are
   * hashed as they are read, and the hash as it stood after the last non-zero digit is kept, so
   * that trailing zeros do not count.
   */
  static long hash(char[] c, int off, int len) {
    int end = off + len;
    int i = off;
    boolean negative = false;
    if (i < end && (c[i] == '-' || c[i] == '+')) {
      negative = c[i] == '-';
      i++;
    }
    int digits = 0;
    int intDigits = -1;
    int first = -1;
    long running = 0;
    long significant = 0;
    for (; i < end; i++) {
      char ch = c[i];
      if (ch == '.') {
        intDigits = digits;
        continue;
      }
      if (ch == 'e' || ch == 'E') {
        break;
      }
      if (ch != '0' && first < 0) {
        first = digits;
      }
      if (first >= 0) {
        running = (running + ch) * 0x100000001B3L;
        if (ch != '0') {
          significant = running;
        }
      }
      digits++;
    }
    if (first < 0) {
      return ZERO_HASH;
    }
    if (intDigits < 0) {
      intDigits = digits;
    }
    long exponent = 0;
    if (i < end) {
      i++;
      boolean negExp = false;
      if (i < end && (c[i] == '-' || c[i] == '+')) {
        negExp = c[i] == '-';
        i++;
      }
      int expDigits = 0;
      for (; i < end; i++) {
        exponent = exponent * 10 + (c[i] - '0');
        if (exponent != 0 && ++expDigits > 15) {
          long h = 0x9E3779B97F4A7C15L;
          for (int k = off; k < end; k++) {
            h = (h + c[k]) * 0x100000001B3L;
          }
          return h;
        }
      }
      if (negExp) {
        exponent = -exponent;
      }
    }
    long adjusted = exponent + intDigits - first;
    return significant + (negative ? 0x632BE59BD9B4E019L : 0) + adjusted * 0x9E3779B97F4A7C15L;
  }
}
