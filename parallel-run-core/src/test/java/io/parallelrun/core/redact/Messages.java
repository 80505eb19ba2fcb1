package io.parallelrun.core.redact;

import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** Small builders of test messages. */
final class Messages {
  private Messages() {}

  static CapturedRequest get(String target, String... headers) {
    return CapturedRequest.of("GET", target, HttpHeaders.of(headers));
  }

  static CapturedRequest jsonRequest(String body) {
    return CapturedRequest.of(
        "POST", "/returns", HttpHeaders.of("Content-Type", "application/json"), utf8(body), false);
  }

  static CapturedResponse jsonResponse(String body) {
    return response("application/json;charset=UTF-8", body);
  }

  static CapturedResponse response(String contentType, String body) {
    return CapturedResponse.of(200, HttpHeaders.of("Content-Type", contentType), utf8(body));
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(CapturedResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  static String text(CapturedRequest request) {
    return new String(request.body(), StandardCharsets.UTF_8);
  }
}
