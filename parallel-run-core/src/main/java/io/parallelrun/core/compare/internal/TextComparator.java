package io.parallelrun.core.compare.internal;

import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.compare.ResponseComparator;
import io.parallelrun.core.payload.CapturedResponse;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Compares bodies as text, each side decoded in the charset of its own Content-Type (UTF-8 when
 * none is declared or the JVM does not know it). Decoding is strict: bytes that are not valid in
 * the charset are not replaced, so two different invalid bodies never decode to the same text. A
 * difference has the empty path and, as values, each side's text from shortly before the first
 * differing character. Truncated bodies fail the check. Thread-safe.
 */
public final class TextComparator implements ResponseComparator {

  public static final TextComparator INSTANCE = new TextComparator();

  private static final int CONTEXT_BEFORE = 24;

  private TextComparator() {}

  @Override
  public MatchResult compare(CapturedResponse legacy, CapturedResponse candidate) {
    MatchResult truncated = Bodies.truncation(legacy, candidate);
    if (truncated != null) {
      return truncated;
    }
    byte[] l = Bodies.orEmpty(legacy.body());
    byte[] c = Bodies.orEmpty(candidate.body());
    Charset lc = charset(legacy);
    Charset cc = charset(candidate);
    if (lc.equals(cc) && Arrays.equals(l, c)) {
      return MatchResult.matched();
    }
    String lt = decode(l, lc);
    String ct = decode(c, cc);
    if (lt == null || ct == null) {
      if (lt == null && ct == null) {
        return BytesComparator.compareBytes(l, c);
      }
      return difference(
          lt == null ? invalid(l, lc) : excerpt(lt, 0, l.length),
          ct == null ? invalid(c, cc) : excerpt(ct, 0, c.length));
    }
    if (lt.equals(ct)) {
      return MatchResult.matched();
    }
    int mismatch = firstMismatch(lt, ct);
    int from = Math.max(0, mismatch - CONTEXT_BEFORE);
    return difference(excerpt(lt, from, l.length), excerpt(ct, from, c.length));
  }

  private static MatchResult difference(String legacyValue, String candidateValue) {
    return MatchResult.of(List.of(Difference.of(Difference.Axis.BODY, "", legacyValue, candidateValue)));
  }

  private static Charset charset(CapturedResponse response) {
    MediaType type = MediaType.parse(response.headers().first("Content-Type"));
    return type == null ? StandardCharsets.UTF_8 : type.charsetOr(StandardCharsets.UTF_8);
  }

  /** The text, or {@code null} when the bytes are not valid in the charset. */
  static String decode(byte[] bytes, Charset charset) {
    try {
      CharBuffer chars =
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static int firstMismatch(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      if (a.charAt(i) != b.charAt(i)) {
        return i;
      }
    }
    return n;
  }

  /** {@code null} for an empty body; else the text from {@code from}, with a marker when cut. */
  private static String excerpt(String text, int from, int byteLength) {
    if (byteLength == 0) {
      return null;
    }
    int start = Math.min(from, text.length());
    String tail = text.substring(start, Math.min(text.length(), start + Difference.MAX_VALUE_LENGTH + 1));
    return from > 0 ? "\u2026" + tail : tail;
  }

  private static String invalid(byte[] bytes, Charset charset) {
    return "(not valid " + charset.name() + ") " + BytesComparator.describe(bytes, 0);
  }

  @Override
  public String toString() {
    return "text";
  }
}
