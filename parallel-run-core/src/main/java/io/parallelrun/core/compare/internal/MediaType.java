package io.parallelrun.core.compare.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed Content-Type value: the lower-case {@code type/subtype} and its parameters.
 *
 * <p>{@link #normalised()} is the form two values are compared in: type and parameter names in
 * lower case, parameters sorted by name, quotes and whitespace removed, the charset by its
 * canonical name in lower case ({@code UTF-8}, {@code utf8} and {@code "utf-8"} are one charset),
 * and for JSON types a {@code charset=utf-8} dropped because JSON is UTF-8 without it. Other
 * parameter values keep their case ({@code boundary} is case-sensitive).
 */
public final class MediaType {

  private final String essence;
  private final String normalised;
  private final Charset charset;

  private MediaType(String essence, String normalised, Charset charset) {
    this.essence = essence;
    this.normalised = normalised;
    this.charset = charset;
  }

  /** Parses a Content-Type value; {@code null} gives {@code null}. Never throws on odd input. */
  public static MediaType parse(String value) {
    if (value == null) {
      return null;
    }
    List<String> parts = split(value);
    String essence = parts.get(0).strip().toLowerCase(Locale.ROOT);
    List<String[]> parameters = new ArrayList<>(parts.size() - 1);
    Charset charset = null;
    for (int i = 1; i < parts.size(); i++) {
      String part = parts.get(i);
      int equals = part.indexOf('=');
      if (part.isBlank()) {
        continue;
      }
      String name = (equals < 0 ? part : part.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
      String v = equals < 0 ? "" : unquote(part.substring(equals + 1).strip());
      if (name.equals("charset")) {
        Charset cs = lookup(v);
        if (cs != null) {
          charset = cs;
          v = cs.name().toLowerCase(Locale.ROOT);
        } else {
          v = v.toLowerCase(Locale.ROOT);
        }
        if (isJson(essence) && v.equals("utf-8")) {
          continue;
        }
      }
      parameters.add(new String[] {name, v});
    }
    parameters.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder sb = new StringBuilder(essence);
    for (String[] p : parameters) {
      sb.append(';').append(p[0]).append('=').append(p[1]);
    }
    return new MediaType(essence, sb.toString(), charset);
  }

  /** The lower-case {@code type/subtype}, without parameters. */
  public String essence() {
    return essence;
  }

  /** The comparable form; see the class documentation. */
  public String normalised() {
    return normalised;
  }

  /** The declared charset when this JVM supports it, else {@code null}. */
  public Charset charset() {
    return charset;
  }

  /** The declared charset, or the given default. */
  public Charset charsetOr(Charset fallback) {
    return charset != null ? charset : fallback;
  }

  /** Whether this is {@code application/json} or a {@code +json} type. */
  public boolean isJson() {
    return isJson(essence);
  }

  /** Whether this is a {@code text/*} type. */
  public boolean isText() {
    return essence.startsWith("text/");
  }

  /** Whether the charset is one of the Unicode encodings Jackson detects by itself. */
  public static boolean isJsonNative(Charset charset) {
    if (charset == null || charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)) {
      return true;
    }
    String name = charset.name();
    return name.startsWith("UTF-16") || name.startsWith("UTF-32");
  }

  private static boolean isJson(String essence) {
    return essence.equals("application/json") || (essence.indexOf('/') > 0 && essence.endsWith("+json"));
  }

  private static Charset lookup(String name) {
    try {
      return Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Splits at semicolons outside quoted strings. */
  private static List<String> split(String value) {
    List<String> parts = new ArrayList<>(4);
    int start = 0;
    boolean quoted = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ';' && !quoted) {
        parts.add(value.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(value.substring(start));
    return parts;
  }

  private static String unquote(String v) {
    if (v.length() < 2 || v.charAt(0) != '"' || v.charAt(v.length() - 1) != '"') {
      return v;
    }
    StringBuilder sb = new StringBuilder(v.length());
    for (int i = 1; i < v.length() - 1; i++) {
      char c = v.charAt(i);
      if (c == '\\' && i + 1 < v.length() - 1) {
        c = v.charAt(++i);
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
