package io.parallelrun.core.wire.internal;

import io.parallelrun.core.wire.InvalidPayloadException;
import io.parallelrun.core.wire.InvalidPayloadException.Kind;

/**
 * Validation of request targets (path and query) taken from payloads. A payload may choose the
 * path and query of a replay, never its scheme, host or port, so anything that could be read as
 * more than a path is refused.
 */
public final class RequestTargets {
  private RequestTargets() {}

  /**
   * Returns the target with a leading {@code /}, or throws naming the problem.
   *
   * @param target the path and query as found in the payload
   * @param maxLength the longest target accepted
   * @param pointer where the target is in the payload, for the error
   */
  public static String check(String target, int maxLength, String pointer) {
    if (target.length() > maxLength) {
      throw new InvalidPayloadException(
          Kind.LIMIT_EXCEEDED, pointer, "the path is longer than " + maxLength + " characters");
    }
    if (target.isEmpty()) {
      return "/";
    }
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c == '\r' || c == '\n') {
        throw invalid(pointer, "the path must not contain CR or LF");
      }
      if (c < 0x20 || c == 0x7F) {
        throw invalid(pointer, "the path must not contain control characters");
      }
      if (c == ' ') {
        throw invalid(pointer, "the path must not contain spaces; percent-encode them as %20");
      }
      if (c > 0x7E) {
        throw invalid(pointer, "the path must be ASCII; percent-encode other characters");
      }
      if (c == '#') {
        throw invalid(pointer, "the path must not contain a fragment ('#')");
      }
      if (c == '\\') {
        throw invalid(pointer, "the path must not contain a backslash");
      }
    }
    if (target.startsWith("//")) {
      throw invalid(pointer, "the path must not start with '//': that names a host");
    }
    if (!target.startsWith("/") && hasScheme(target)) {
      throw invalid(pointer, "the path must be a path, not an absolute URL");
    }
    String normalised = target.charAt(0) == '/' ? target : "/" + target;
    if (normalised.startsWith("//")) {
      throw invalid(pointer, "the path must not start with '//': that names a host");
    }
    int queryStart = normalised.indexOf('?');
    String path = queryStart < 0 ? normalised : normalised.substring(0, queryStart);
    checkSegments(path, pointer);
    return normalised;
  }

  private static boolean hasScheme(String target) {
    int colon = target.indexOf(':');
    if (colon < 1) {
      return false;
    }
    int slash = target.indexOf('/');
    int question = target.indexOf('?');
    if ((slash >= 0 && slash < colon) || (question >= 0 && question < colon)) {
      return false;
    }
    char first = target.charAt(0);
    if (!Character.isLetter(first)) {
      return false;
    }
    for (int i = 1; i < colon; i++) {
      char c = target.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  private static void checkSegments(String path, String pointer) {
    int start = 1;
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      String segment = path.substring(start, end);
      int semicolon = segment.indexOf(';');
      if (semicolon >= 0) {
        segment = segment.substring(0, semicolon);
      }
      String decoded = segment.replace("%2e", ".").replace("%2E", ".");
      if (decoded.equals(".") || decoded.equals("..")) {
        throw invalid(pointer, "the path must not contain '.' or '..' segments");
      }
      start = end + 1;
    }
  }

  private static InvalidPayloadException invalid(String pointer, String problem) {
    return new InvalidPayloadException(Kind.INVALID_FIELD, pointer, problem);
  }
}
