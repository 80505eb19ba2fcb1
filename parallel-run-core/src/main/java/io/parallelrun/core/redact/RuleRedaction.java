package io.parallelrun.core.redact;

import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.HttpHeaders;

/**
 * A redaction made of rules on headers, query parameters and JSON bodies. Several of them merge
 * into one, so that a body is parsed and written once whatever the number of JSON rules.
 *
 * <p>Immutable and thread-safe.
 */
final class RuleRedaction implements Redaction {

  final RedactionRules rules;

  RuleRedaction(RedactionRules rules) {
    this.rules = rules;
  }

  @Override
  public CapturedRequest redact(CapturedRequest request) {
    HttpHeaders headers = HeaderRedactor.redact(request.headers(), rules.headers);
    String target = QueryRedactor.redact(request.target(), rules.queryParameters);
    byte[] body = JsonBodyRedactor.redact(request.body(), request.headers(), request.truncated(), rules);
    if (headers == request.headers() && target == request.target() && body == request.body()) {
      return request;
    }
    CapturedRequest redacted = request;
    if (target != request.target()) {
      redacted = redacted.withTarget(target);
    }
    if (headers != request.headers()) {
      redacted = redacted.withHeaders(headers);
    }
    if (body != request.body()) {
      redacted = redacted.withBody(body, request.truncated());
    }
    return redacted;
  }

  @Override
  public CapturedResponse redact(CapturedResponse response) {
    HttpHeaders headers = HeaderRedactor.redact(response.headers(), rules.headers);
    byte[] body = JsonBodyRedactor.redact(response.body(), response.headers(), response.truncated(), rules);
    if (headers == response.headers() && body == response.body()) {
      return response;
    }
    CapturedResponse redacted = response;
    if (headers != response.headers()) {
      redacted = redacted.withHeaders(headers);
    }
    if (body != response.body()) {
      redacted = redacted.withBody(body, response.truncated());
    }
    return redacted;
  }

  @Override
  public String toString() {
    return rules.toString();
  }
}
