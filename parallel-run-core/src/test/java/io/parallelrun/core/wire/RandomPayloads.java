package io.parallelrun.core.wire;

import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.payload.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/** Generates varied, valid payloads for round-trip tests. */
final class RandomPayloads {
  private RandomPayloads() {}

  private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
  private static final List<String> CONTENT_TYPES =
      List.of(
          "application/json",
          "application/json;charset=UTF-8",
          "application/problem+json",
          "text/plain; charset=ISO-8859-1",
          "text/html;charset=us-ascii",
          "text/csv; charset=windows-1252",
          "application/pdf",
          "image/png",
          "application/octet-stream");
  private static final String UNICODE = "aZ09 \"\\/\t\n\u0000\u001f\u00e9\u00fc\u4e2d\u6587\ud83d\ude00\u2028";

  static ConsistencyCheckPayload next(Random r) {
    ConsistencyCheckPayload.Builder b =
        ConsistencyCheckPayload.builder().request(request(r)).response(response(r));
    if (r.nextBoolean()) {
      b.operationId("op_" + r.nextInt(1000));
    }
    if (r.nextBoolean()) {
      b.requestId(Long.toHexString(r.nextLong()));
    }
    if (r.nextBoolean()) {
      b.capturedAt(Instant.ofEpochSecond(1_700_000_000L + r.nextInt(100_000_000), r.nextInt(1_000_000_000)));
    }
    if (r.nextBoolean()) {
      b.legacyLatencyMicros(r.nextInt(10_000_000));
    }
    return b.build();
  }

  private static CapturedRequest request(Random r) {
    StringBuilder target = new StringBuilder();
    int segments = r.nextInt(4);
    for (int i = 0; i < segments; i++) {
      target.append('/').append(pick(r, List.of("returns", "a%20b", "123", "x;y=1", "%C3%A4", "items", "~user")));
    }
    if (target.length() == 0) {
      target.append('/');
    }
    if (r.nextBoolean()) {
      target.append("?q=").append(r.nextInt(100)).append("&x=%26&empty=");
    }
    HttpHeaders headers = headers(r);
    return CapturedRequest.of(pick(r, METHODS), target.toString(), headers, body(r, headers), r.nextInt(10) == 0);
  }

  private static CapturedResponse response(Random r) {
    HttpHeaders headers = headers(r);
    return CapturedResponse.of(100 + r.nextInt(500), headers, body(r, headers), r.nextInt(10) == 0);
  }

  private static HttpHeaders headers(Random r) {
    HttpHeaders.Builder b = HttpHeaders.builder();
    if (r.nextInt(4) > 0) {
      b.add("Content-Type", pick(r, CONTENT_TYPES));
    }
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) {
      String name = pick(r, List.of("X-Trace", "Accept", "Set-Cookie", "x-trace", "Cache-Control", "X-Empty", "Vary"));
      String value = name.equals("X-Empty") ? "" : pick(r, List.of("a", "b=c; d", "\u00e9t\u00e9", "1, 2", "\"quoted\""));
      b.add(name, value);
    }
    return b.build();
  }

  private static byte[] body(Random r, HttpHeaders headers) {
    switch (r.nextInt(6)) {
      case 0:
        return null;
      case 1:
        return new byte[0];
      case 2:
        byte[] bytes = new byte[r.nextInt(300)];
        r.nextBytes(bytes);
        return bytes;
      default:
        StringBuilder text = new StringBuilder();
        int n = r.nextInt(80);
        for (int i = 0; i < n; i++) {
          text.append(UNICODE.charAt(r.nextInt(UNICODE.length())));
        }
        String ct = headers.first("Content-Type");
        if (ct != null && ct.toLowerCase().contains("8859-1")) {
          return text.toString().getBytes(StandardCharsets.ISO_8859_1);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  private static <T> T pick(Random r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }
}
