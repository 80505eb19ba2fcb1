package io.parallelrun.core.redact;

import io.parallelrun.core.payload.HttpHeaders;
import java.util.Map;

/** Applies header rules. */
final class HeaderRedactor {
  private HeaderRedactor() {}

  /**
   * Returns the headers with the rules applied: removed, or each value masked or hashed; the same
   * instance when no rule names a header present.
   *
   * @param rules case-insensitive header name to mode
   */
  static HttpHeaders redact(HttpHeaders headers, Map<String, RedactionMode> rules) {
    if (rules.isEmpty() || headers.isEmpty()) {
      return headers;
    }
    boolean any = false;
    for (String name : headers.names()) {
      if (rules.containsKey(name)) {
        any = true;
        break;
      }
    }
    if (!any) {
      return headers;
    }
    HttpHeaders.Builder builder = HttpHeaders.builder();
    headers.forEach(
        (name, values) -> {
          RedactionMode mode = rules.get(name);
          if (mode == null) {
            builder.addAll(name, values);
          } else if (mode.kind() != RedactionMode.Kind.REMOVE) {
            for (String value : values) {
              builder.add(name, mode.apply(value));
            }
          }
        });
    return builder.build();
  }

  /** Whether a header name is a valid token (RFC 9110). */
  static boolean isToken(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
