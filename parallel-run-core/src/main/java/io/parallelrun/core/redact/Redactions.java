package io.parallelrun.core.redact;

/**
 * Factory of {@link Redaction}s: headers, query parameters and JSON fields, and their composition.
 *
 * <p>Implementation to follow.
 */
public final class Redactions {
  private Redactions() {}

  private static final Redaction NONE =
      new Redaction() {
        @Override
        public io.parallelrun.core.payload.CapturedRequest redact(io.parallelrun.core.payload.CapturedRequest request) {
          return request;
        }

        @Override
        public io.parallelrun.core.payload.CapturedResponse redact(io.parallelrun.core.payload.CapturedResponse response) {
          return response;
        }
      };

  /** The redaction that changes nothing. */
  public static Redaction none() {
    return NONE;
  }
}
