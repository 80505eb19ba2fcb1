package io.parallelrun.core.wire.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes a body that is valid UTF-8 as a JSON string with the same bytes as Jackson's {@link
 * JsonGenerator#writeUTF8String}, faster: in one pass, eight bytes that need no escaping are
 * recognised and copied at once, instead of being looked up one by one. Stateless.
 */
public final class JsonStrings {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private JsonStrings() {}

  /**
   * Writes {@code length} bytes of valid UTF-8 from {@code offset} as a JSON string value:
   * {@code "} and {@code \} escaped with a backslash, control characters as {@code \b \t \n \f
   * \r} or {@code \\u00XX}, everything else (other characters included) as it is.
   */
  public static void writeUtf8String(JsonGenerator g, byte[] text, int offset, int length) throws IOException {
    int end = offset + length;
    byte[] out = new byte[length + (length >> 3) + 16];
    int o = 0;
    int i = offset;
    while (i < end) {
      if (o > out.length - 48) {
        out = Arrays.copyOf(out, Math.max(out.length * 2, o + 64));
      }
      if (i <= end - 8) {
        long w = (long) LONGS.get(text, i);
        if (clean(w)) {
          LONGS.set(out, o, w);
          o += 8;
          i += 8;
          continue;
        }
        // a word that needs escaping: its eight bytes one by one (at most 6 bytes out for each)
        for (int stop = i + 8; i < stop; i++) {
          o = put(out, o, text[i]);
        }
        continue;
      }
      o = put(out, o, text[i++]);
    }
    g.writeRawUTF8String(out, 0, o);
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
   * Whether none of the eight bytes needs escaping (may answer {@code false} for a clean word, never
   * {@code true} for one that is not). Bytes of 0x80 and above never need it.
   */
  private static boolean clean(long w) {
    long ascii = ~w & HIGHS; // high bit set where the byte is below 0x80
    long control = (w - ONES * 0x20) & ascii; // below 0x20 (borrows can only add false alarms)
    long quote = hasZero(w ^ QUOTES);
    long backslash = hasZero(w ^ BACKSLASHES);
    return (control | quote | backslash) == 0;
  }

  private static long hasZero(long v) {
    return (v - ONES) & ~v & HIGHS;
  }
}
