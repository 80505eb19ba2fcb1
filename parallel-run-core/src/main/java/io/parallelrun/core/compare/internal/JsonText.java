package io.parallelrun.core.compare.internal;

import io.parallelrun.core.compare.Difference;

/** Short JSON renderings of values for {@link Difference}s, and JSON Pointer escaping. */
final class JsonText {
  private JsonText() {}

  private static final int LIMIT = Difference.MAX_VALUE_LENGTH + 1;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** The string as a JSON string literal. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    appendQuoted(sb, s, 0, s.length());
    return sb.toString();
  }

  private static void appendQuoted(StringBuilder sb, CharSequence s, int from, int to) {
    sb.append('"');
    for (int i = from; i < to && sb.length() < LIMIT; i++) {
      appendEscaped(sb, s.charAt(i));
    }
    sb.append('"');
  }

  private static void appendQuoted(StringBuilder sb, char[] s, int from, int to) {
    sb.append('"');
    for (int i = from; i < to && sb.length() < LIMIT; i++) {
      appendEscaped(sb, s[i]);
    }
    sb.append('"');
  }

  private static void appendEscaped(StringBuilder sb, char c) {
    switch (c) {
      case '"':
        sb.append("\\\"");
        break;
      case '\\':
        sb.append("\\\\");
        break;
      case '\n':
        sb.append("\\n");
        break;
      case '\r':
        sb.append("\\r");
        break;
      case '\t':
        sb.append("\\t");
        break;
      default:
        if (c < 0x20) {
          sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
        } else {
          sb.append(c);
        }
    }
  }

  /**
   * The value at a slot as compact JSON, cut a little past {@link Difference#MAX_VALUE_LENGTH}
   * characters (the difference then cuts it exactly); object members in document order.
   */
  static String render(JsonDoc doc, int at) {
    StringBuilder sb = new StringBuilder(32);
    render(doc, at, sb);
    return sb.toString();
  }

  private static void render(JsonDoc doc, int at, StringBuilder sb) {
    if (sb.length() >= LIMIT) {
      return;
    }
    switch (doc.kind[at]) {
      case JsonDoc.OBJECT:
        {
          sb.append('{');
          int child = at + 1;
          boolean first = true;
          while (child < doc.end[at] && sb.length() < LIMIT) {
            if (doc.kind[child] != JsonDoc.IGNORED) {
              if (!first) {
                sb.append(',');
              }
              first = false;
              appendQuoted(sb, doc.name[child], 0, doc.name[child].length());
              sb.append(':');
              render(doc, child, sb);
            }
            child = doc.end[child];
          }
          sb.append('}');
          break;
        }
      case JsonDoc.ARRAY:
        {
          sb.append('[');
          int child = at + 1;
          boolean first = true;
          while (child < doc.end[at] && sb.length() < LIMIT) {
            if (!first) {
              sb.append(',');
            }
            first = false;
            render(doc, child, sb);
            child = doc.end[child];
          }
          sb.append(']');
          break;
        }
      case JsonDoc.STRING:
        appendQuoted(sb, doc.text, doc.textStart[at], doc.textStart[at] + doc.textLength[at]);
        break;
      case JsonDoc.NUMBER:
        sb.append(doc.text, doc.textStart[at], Math.min(doc.textLength[at], LIMIT));
        break;
      case JsonDoc.TRUE:
        sb.append("true");
        break;
      case JsonDoc.FALSE:
        sb.append("false");
        break;
      case JsonDoc.NULL:
        sb.append("null");
        break;
      default:
        sb.append("(ignored)");
    }
  }

  /** Appends a field name as a JSON Pointer segment: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
  static void appendSegment(StringBuilder sb, String segment) {
    sb.append('/');
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '~') {
        sb.append("~0");
      } else if (c == '/') {
        sb.append("~1");
      } else {
        sb.append(c);
      }
    }
  }
}
