package io.parallelrun.core.compare;

import java.util.Locale;
import java.util.Objects;

/**
 * One way in which the candidate's response differs from the legacy one.
 *
 * <p>The {@link #path()} is empty for the status, the lower-case header name for a header, and a
 * JSON Pointer (RFC 6901) for a JSON body ({@code ""} for the whole body). Values are short
 * renderings of what each side had, {@code null} when that side had nothing there (a missing
 * field or header). Values longer than {@link #MAX_VALUE_LENGTH} characters are cut.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Difference {

  /** Longest value kept, in characters; longer values end in an ellipsis. */
  public static final int MAX_VALUE_LENGTH = 256;

  /** The part of the response a difference is in. */
  public enum Axis {
    STATUS,
    HEADERS,
    BODY;

    /** The metric tag value: {@code status}, {@code headers} or {@code body}. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Axis axis;
  private final String path;
  private final String legacyValue;
  private final String candidateValue;

  private Difference(Axis axis, String path, String legacyValue, String candidateValue) {
    this.axis = axis;
    this.path = path;
    this.legacyValue = legacyValue;
    this.candidateValue = candidateValue;
  }

  /**
   * Creates a difference.
   *
   * @param axis the part of the response
   * @param path where in that part; see the class documentation
   * @param legacyValue what the legacy response had there, {@code null} for nothing
   * @param candidateValue what the candidate response had there, {@code null} for nothing
   */
  public static Difference of(Axis axis, String path, String legacyValue, String candidateValue) {
    return new Difference(
        Objects.requireNonNull(axis, "axis"),
        Objects.requireNonNull(path, "path"),
        cut(legacyValue),
        cut(candidateValue));
  }

  /** The part of the response. */
  public Axis axis() {
    return axis;
  }

  /** Where in that part: empty, a lower-case header name, or a JSON Pointer. */
  public String path() {
    return path;
  }

  /**
   * The path with every array index replaced by {@code *} ({@code /items/3/id} becomes
   * {@code /items/*}{@code /id}), so that statistics group the same field of different elements.
   */
  public String groupedPath() {
    if (axis != Axis.BODY || path.isEmpty()) {
      return path;
    }
    StringBuilder sb = null;
    int start = 1;
    int length = path.length();
    while (start <= length) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = length;
      }
      boolean index = end > start && isDigits(path, start, end);
      if (index && sb == null) {
        sb = new StringBuilder(length).append(path, 0, start);
      }
      if (sb != null) {
        sb.append(index ? "*" : path.substring(start, end));
        if (end < length) {
          sb.append('/');
        }
      }
      start = end + 1;
    }
    return sb == null ? path : sb.toString();
  }

  private static boolean isDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** What the legacy response had there, or {@code null} for nothing. */
  public String legacyValue() {
    return legacyValue;
  }

  /** What the candidate response had there, or {@code null} for nothing. */
  public String candidateValue() {
    return candidateValue;
  }

  private static String cut(String value) {
    if (value == null || value.length() <= MAX_VALUE_LENGTH) {
      return value;
    }
    return value.substring(0, MAX_VALUE_LENGTH - 1) + "\u2026";
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Difference)) {
      return false;
    }
    Difference other = (Difference) o;
    return axis == other.axis
        && path.equals(other.path)
        && Objects.equals(legacyValue, other.legacyValue)
        && Objects.equals(candidateValue, other.candidateValue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(axis, path, legacyValue, candidateValue);
  }

  @Override
  public String toString() {
    return axis.tag() + " " + (path.isEmpty() ? "(root)" : path) + ": legacy=" + legacyValue + ", candidate=" + candidateValue;
  }
}
