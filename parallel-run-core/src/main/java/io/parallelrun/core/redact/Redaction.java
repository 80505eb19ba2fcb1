package io.parallelrun.core.redact;

import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.ConsistencyCheckPayload;

/**
 * Removes or disguises personal data in captured messages. Built with {@link Redactions}.
 *
 * <p>Implementations are immutable and thread-safe, and never throw on content they cannot
 * parse: a rule for JSON fields leaves a body that is not JSON as it is.
 */
public interface Redaction {

  /** Returns the request with this redaction applied (the same instance when nothing changed). */
  CapturedRequest redact(CapturedRequest request);

  /** Returns the response with this redaction applied (the same instance when nothing changed). */
  CapturedResponse redact(CapturedResponse response);

  /** Returns the payload with this redaction applied to its request and its response. */
  default ConsistencyCheckPayload redact(ConsistencyCheckPayload payload) {
    CapturedRequest request = redact(payload.request());
    CapturedResponse response = redact(payload.response());
    if (request == payload.request() && response == payload.response()) {
      return payload;
    }
    return payload.toBuilder().request(request).response(response).build();
  }
}
