package io.parallelrun.core.wire.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes a body as a JSON string with the same bytes as Jackson's {@link
 * JsonGenerator#writeUTF8String}, faster, and checks on the way that it is valid UTF-8: in one pass
 * over words of eight bytes, the bytes that need escaping are found with bit arithmetic and the runs
 * between them are copied a word at a time, instead of every byte being looked up. Stateless.
 */
public final class JsonStrings {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LOW5S = 0x1F1F1F1F1F1F1F1FL;
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * The escaped text of the last body per thread, reused (the publisher thread writes one body
   * after another); arrays beyond this size are not kept.
   */
  private static final ThreadLocal<byte[]> SCRATCH = new ThreadLocal<>();
  private static final int MAX_KEPT_SCRATCH = 256 * 1024;

  private JsonStrings() {}

  /**
   * When the {@code length} bytes from {@code offset} are valid UTF-8 (only ASCII when {@code
   * asciiOnly}), writes the field name (unless null) and the bytes as a JSON string value, and
   * returns {@code true}: {@code "} and {@code \} escaped with a backslash, control characters as
   * {@code \b \t \n \f \r} or {@code \\u00XX}, everything else (other characters included) as it
   * is. Otherwise writes nothing and returns {@code false}. One pass escapes and checks the bulk of
   * text bodies, which is ASCII; only bodies with other characters are checked in a second.
   */
  public static boolean writeField(
      JsonGenerator g, String name, byte[] text, int offset, int length, boolean asciiOnly) throws IOException {
    int end = offset + length;
    byte[] out = scratch(length + (length >> 2) + 16); // JSON text escapes a quote every few bytes
    int o = 0;
    int i = offset;
    long seen = 0; // the bytes of all words ORed: a high bit means a byte of another character than ASCII
    while (i < end) {
      if (o > out.length - 64) { // a word takes at most 8 x 6 bytes, and the last 8-byte write runs past them
        out = Arrays.copyOf(out, Math.max(out.length * 2, o + 128));
      }
      if (i <= end - 8) {
        long w = (long) LONGS.get(text, i);
        seen |= w;
        long special = escapable(w);
        // the bytes between special ones go out eight at a time (the word, shifted), and the
        // next write goes over what was not theirs
        int from = 0;
        while (special != 0) {
          int at = Long.numberOfTrailingZeros(special) >>> 3;
          LONGS.set(out, o, w >>> (from << 3));
          o += at - from;
          o = put(out, o, text[i + at]);
          from = at + 1;
          special &= special - 1;
        }
        if (from < 8) {
          LONGS.set(out, o, w >>> (from << 3));
          o += 8 - from;
        }
        i += 8;
        continue;
      }
      seen |= text[i];
      o = put(out, o, text[i++]);
    }
    if ((seen & HIGHS) != 0 && (asciiOnly || BodyText.firstInvalidUtf8(text, offset, length) >= 0)) {
      return false;
    }
    if (name != null) {
      g.writeFieldName(name);
    }
    g.writeRawUTF8String(out, 0, o); // copies: the scratch array is free again
    if (out.length <= MAX_KEPT_SCRATCH) {
      SCRATCH.set(out);
    }
    return true;
  }

  /** This thread's scratch array if it holds {@code capacity} bytes, else a new one. */
  private static byte[] scratch(int capacity) {
    byte[] kept = SCRATCH.get();
    return kept != null && kept.length >= capacity ? kept : new byte[capacity];
  }

  /** Writes one byte, escaped when JSON needs it; returns the new position. */
  private static int put(byte[] out, int o, int b) {
    if (b < 0 || (b >= 0x20 && b != '"' && b != '\\')) {
      out[o++] = (byte) b;
      return o;
    }
    out[o++] = '\\';
    switch (b) {
      case '"':
      case '\\':
        out[o++] = (byte) b;
        break;
      case '\b':
        out[o++] = 'b';
        break;
      case '\t':
        out[o++] = 't';
        break;
      case '\n':
        out[o++] = 'n';
        break;
      case '\f':
        out[o++] = 'f';
        break;
      case '\r':
        out[o++] = 'r';
        break;
      default:
        out[o++] = 'u';
        out[o++] = '0';
        out[o++] = '0';
        out[o++] = HEX[b >> 4];
        out[o++] = HEX[b & 0xF];
    }
    return o;
  }

  /**
   * The high bit of each of the eight bytes of {@code w} that a JSON string must escape: a quote, a
   * backslash or a control character (below 0x20). Exact per byte.
   */
  public static long escapable(long w) {
    // a control character has no bit set above its low five
    return zeroBytes(w & ~LOW5S) | zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES);
  }

  /** The high bit of each of the eight bytes that is zero; exact, as no carry crosses a byte. */
  private static long zeroBytes(long v) {
    return ~(((v & LOWS) + LOWS) | v | LOWS);
  }
}
