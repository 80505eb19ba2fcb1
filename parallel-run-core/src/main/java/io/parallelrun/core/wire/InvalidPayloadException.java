package io.parallelrun.core.wire;

import java.util.Locale;
import java.util.Objects;

/**
 * A payload that could not be read: not JSON, a field of the wrong type or value, or a limit
 * exceeded. {@link #pointer()} is a JSON Pointer to the offending field ({@code ""} for the whole
 * document) and {@link #problem()} says in plain words what is wrong with it.
 */
public final class InvalidPayloadException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The kind of problem; receivers map it to a status and a problem type. */
  public enum Kind {
    /** Not syntactically valid JSON. */
    MALFORMED_JSON,
    /** Valid JSON, but a field is missing, of the wrong type or has an unacceptable value. */
    INVALID_FIELD,
    /** A configured limit (header count, header size, nesting depth, path length) was exceeded. */
    LIMIT_EXCEEDED,
    /** The payload is larger than the byte limit. */
    TOO_LARGE,
    /** The payload declares a format version this library does not read. */
    UNSUPPORTED_VERSION;

    /** A short slug for problem types, for example {@code invalid-field}. */
    public String slug() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final Kind kind;
  private final String pointer;
  private final String problem;

  /**
   * @param kind the kind of problem
   * @param pointer JSON Pointer to the offending field, {@code ""} for the whole document
   * @param problem what is wrong, in plain words
   */
  public InvalidPayloadException(Kind kind, String pointer, String problem) {
    super(problem + (pointer.isEmpty() ? "" : " (at " + pointer + ")"));
    this.kind = Objects.requireNonNull(kind, "kind");
    this.pointer = Objects.requireNonNull(pointer, "pointer");
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  public Kind kind() {
    return kind;
  }

  /** JSON Pointer to the offending field, {@code ""} for the whole document. */
  public String pointer() {
    return pointer;
  }

  /** What is wrong, in plain words, without the pointer. */
  public String problem() {
    return problem;
  }
}
