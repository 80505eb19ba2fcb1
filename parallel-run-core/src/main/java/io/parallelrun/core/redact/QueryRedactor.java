package io.parallelrun.core.redact;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies query parameter rules to a request target.
 *
 * <p>A parameter matches when its name, as written or percent-decoded (with {@code +} as a space),
 * equals a configured name. Remove drops the pair; mask and hash replace the value, percent-encoded
 * where needed, and leave a parameter without {@code =} as it is (it has no value to hide). A hash
 * covers the percent-decoded value, so {@code a%40b} and {@code a@b} hash alike. Every other byte of
 * the target stays as it was.
 */
final class QueryRedactor {
  private QueryRedactor() {}

  /** Characters left as they are in a replaced value; everything else is percent-encoded. */
  private static final String SAFE = "-._~*:@!$'(),/";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** Returns the target with the rules applied, or the same instance when nothing matched. */
  static String redact(String target, Map<String, RedactionMode> rules) {
    int question = target.indexOf('?');
    if (rules.isEmpty() || question < 0) {
      return target;
    }
    int hash = target.indexOf('#', question);
    int end = hash < 0 ? target.length() : hash;
    List<String> pairs = new ArrayList<>();
    boolean changed = false;
    int start = question + 1;
    while (start <= end) {
      int ampersand = target.indexOf('&', start);
      int pairEnd = ampersand < 0 || ampersand > end ? end : ampersand;
      String pair = target.substring(start, pairEnd);
      start = pairEnd + 1;
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      RedactionMode mode = rules.get(name);
      if (mode == null && (name.indexOf('%') >= 0 || name.indexOf('+') >= 0)) {
        String decoded = decode(name);
        if (decoded != null) {
          mode = rules.get(decoded);
        }
      }
      if (mode == null || (equals < 0 && mode.kind() != RedactionMode.Kind.REMOVE)) {
        pairs.add(pair);
        continue;
      }
      changed = true;
      if (mode.kind() != RedactionMode.Kind.REMOVE) {
        String raw = pair.substring(name.length() + 1);
        String decoded = decode(raw);
        StringBuilder replaced = new StringBuilder(name.length() + 40).append(name).append('=');
        encode(mode.apply(decoded != null ? decoded : raw), replaced);
        pairs.add(replaced.toString());
      }
    }
    if (!changed) {
      return target;
    }
    StringBuilder out = new StringBuilder(target.length());
    out.append(target, 0, question);
    boolean anyPair = false;
    for (String pair : pairs) {
      anyPair |= !pair.isEmpty();
    }
    if (anyPair) {
      out.append('?').append(String.join("&", pairs));
    }
    out.append(target, end, target.length());
    String result = out.toString();
    return result.equals(target) ? target : result;
  }

  /** Percent-decodes as UTF-8 with '+' as a space; {@code null} when malformed. */
  static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          return null;
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        int codePoint = s.codePointAt(i);
        byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
        i += Character.charCount(codePoint) - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Appends the value percent-encoded as UTF-8, leaving unreserved and a few safe characters. */
  static void encode(String value, StringBuilder out) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c < 0x80 && SAFE.indexOf(c) >= 0)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
  }
}
