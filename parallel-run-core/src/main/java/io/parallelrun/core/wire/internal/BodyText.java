package io.parallelrun.core.wire.internal;

import io.parallelrun.core.payload.HttpHeaders;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/**
 * Decides whether a body travels as text or base64, and in which charset.
 *
 * <p>A body travels as text when its content type is textual and its bytes are valid in a charset
 * whose decoding is exactly reversible (UTF-8, US-ASCII, ISO-8859-1). Reader and writer use the
 * same charset rule, so text round-trips byte for byte.
 */
public final class BodyText {

  /** Reads eight bytes of an array at once, for the ASCII fast paths. */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private BodyText() {}

  /** Whether the content type is one whose bodies are text. */
  public static boolean isTextual(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = mediaType(contentType);
    if (mediaType.startsWith("text/")) {
      return true;
    }
    if (mediaType.endsWith("+json") || mediaType.endsWith("+xml")) {
      return true;
    }
    switch (mediaType) {
      case "application/json":
      case "application/x-ndjson":
      case "application/xml":
      case "application/javascript":
      case "application/x-www-form-urlencoded":
      case "application/graphql":
      case "application/yaml":
        return true;
      default:
        return false;
    }
  }

  /** The lower-case type/subtype of a Content-Type value, without parameters. */
  public static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * The charset a text body is read in: the {@code charset} parameter when the JVM supports it,
   * else UTF-8.
   */
  public static Charset readCharset(HttpHeaders headers) {
    Charset declared = declaredCharset(headers.first("Content-Type"));
    return declared != null ? declared : StandardCharsets.UTF_8;
  }

  /**
   * The charset a body may be written as text in, or {@code null} when it must travel as base64:
   * the content type must be textual and its charset (UTF-8 when none is declared) exactly
   * reversible.
   */
  public static Charset writeCharset(HttpHeaders headers) {
    String contentType = headers.first("Content-Type");
    if (!isTextual(contentType)) {
      return null;
    }
    String parameter = charsetParameter(contentType);
    if (parameter == null) {
      return StandardCharsets.UTF_8;
    }
    Charset declared = declaredCharset(contentType);
    if (StandardCharsets.UTF_8.equals(declared)
        || StandardCharsets.US_ASCII.equals(declared)
        || StandardCharsets.ISO_8859_1.equals(declared)) {
      return declared;
    }
    return null;
  }

  private static Charset declaredCharset(String contentType) {
    String name = charsetParameter(contentType);
    if (name == null) {
      return null;
    }
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return null;
    }
  }

  /** The value of the {@code charset} parameter, unquoted, or {@code null}. */
  public static String charsetParameter(String contentType) {
    if (contentType == null) {
      return null;
    }
    int i = contentType.indexOf(';');
    while (i >= 0) {
      int next = contentType.indexOf(';', i + 1);
      String parameter = contentType.substring(i + 1, next < 0 ? contentType.length() : next).trim();
      int eq = parameter.indexOf('=');
      if (eq > 0 && parameter.substring(0, eq).trim().equalsIgnoreCase("charset")) {
        String value = parameter.substring(eq + 1).trim();
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
          value = value.substring(1, value.length() - 1);
        }
        return value.isEmpty() ? null : value;
      }
      i = next;
    }
    return null;
  }

  /**
   * The index of the first byte that does not start a valid (shortest-form, no surrogates, at most
   * U+10FFFF) UTF-8 sequence, or -1 when all {@code length} bytes from {@code offset} are valid.
   */
  public static int firstInvalidUtf8(byte[] b, int offset, int length) {
    int i = offset;
    int end = offset + length;
    while (i < end) {
      // runs of ASCII, the bulk of most text bodies, eight bytes at a time
      if (i <= end - 8 && (((long) LONGS.get(b, i)) & HIGH_BITS) == 0) {
        i += 8;
        continue;
      }
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xFF;
      if (c < 0xC2) {
        return i; // continuation byte or overlong 2-byte lead
      } else if (c < 0xE0) {
        if (i + 1 >= end || !continuation(b[i + 1])) {
          return i;
        }
        i += 2;
      } else if (c < 0xF0) {
        if (i + 2 >= end || !continuation(b[i + 1]) || !continuation(b[i + 2])) {
          return i;
        }
        int c1 = b[i + 1] & 0xFF;
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) {
          return i; // overlong, or a UTF-16 surrogate
        }
        i += 3;
      } else if (c < 0xF5) {
        if (i + 3 >= end || !continuation(b[i + 1]) || !continuation(b[i + 2]) || !continuation(b[i + 3])) {
          return i;
        }
        int c1 = b[i + 1] & 0xFF;
        if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) {
          return i; // overlong, or above U+10FFFF
        }
        i += 4;
      } else {
        return i;
      }
    }
    return -1;
  }

  private static boolean continuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
