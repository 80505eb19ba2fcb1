package io.parallelrun.core.compare;

/** Validation of JSON Pointer patterns given in configuration. */
final class JsonPointers {
  private JsonPointers() {}

  /**
   * Checks a JSON Pointer (RFC 6901) that may use {@code *} as a segment.
   *
   * @throws IllegalArgumentException naming the problem
   */
  static String check(String pointer) {
    if (pointer == null) {
      throw new IllegalArgumentException("a JSON Pointer must not be null");
    }
    if (!pointer.isEmpty() && pointer.charAt(0) != '/') {
      throw new IllegalArgumentException("JSON Pointer '" + pointer + "' must be empty or start with '/'");
    }
    for (int i = 0; i < pointer.length(); i++) {
      if (pointer.charAt(i) == '~') {
        char next = i + 1 < pointer.length() ? pointer.charAt(i + 1) : 0;
        if (next != '0' && next != '1') {
          throw new IllegalArgumentException(
              "JSON Pointer '" + pointer + "' has '~' at offset " + i + " not followed by 0 or 1 (write ~0 for '~' and ~1 for '/')");
        }
      }
    }
    return pointer;
  }
}
