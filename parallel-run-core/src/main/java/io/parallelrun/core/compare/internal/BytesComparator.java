package io.parallelrun.core.compare.internal;

import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.compare.ResponseComparator;
import io.parallelrun.core.payload.CapturedResponse;
import java.util.Arrays;
import java.util.List;

/**
 * Compares bodies byte for byte. A difference has the empty path and values like {@code 1024
 * bytes, at offset 17: 0a1b2c...}. Truncated bodies fail the check. Thread-safe.
 */
public final class BytesComparator implements ResponseComparator {

  public static final BytesComparator INSTANCE = new BytesComparator();

  private static final int EXCERPT_BYTES = 32;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private BytesComparator() {}

  @Override
  public MatchResult compare(CapturedResponse legacy, CapturedResponse candidate) {
    MatchResult truncated = Bodies.truncation(legacy, candidate);
    if (truncated != null) {
      return truncated;
    }
    return compareBytes(legacy.body(), candidate.body());
  }

  static MatchResult compareBytes(byte[] legacyBody, byte[] candidateBody) {
    byte[] l = Bodies.orEmpty(legacyBody);
    byte[] c = Bodies.orEmpty(candidateBody);
    int mismatch = Arrays.mismatch(l, c);
    if (mismatch < 0) {
      return MatchResult.matched();
    }
    return MatchResult.of(
        List.of(Difference.of(Difference.Axis.BODY, "", describe(l, mismatch), describe(c, mismatch))));
  }

  /** {@code null} for no body; else the length and the bytes from the first difference, in hex. */
  static String describe(byte[] body, int offset) {
    if (body.length == 0) {
      return null;
    }
    StringBuilder sb = new StringBuilder(48 + 2 * EXCERPT_BYTES).append(body.length).append(" bytes");
    if (offset < body.length) {
      sb.append(", at offset ").append(offset).append(": ");
      int end = Math.min(body.length, offset + EXCERPT_BYTES);
      for (int i = offset; i < end; i++) {
        sb.append(HEX[(body[i] >> 4) & 0xf]).append(HEX[body[i] & 0xf]);
      }
      if (end < body.length) {
        sb.append("...");
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "bytes";
  }
}
