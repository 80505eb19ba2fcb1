package io.parallelrun.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.payload.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadCodecTest {

  private static final String SEED =
      "{\n"
          + "  \"request\": {\n"
          + "    \"url\": { \"path\": \"api/example?param=something\" },\n"
          + "    \"headers\": { \"Content-Type\": \"application/json;charset=UTF-8\", \"Accept-Language\": \"de-DE\" },\n"
          + "    \"method\": \"GET\",\n"
          + "    \"body\": null\n"
          + "  },\n"
          + "  \"response\": {\n"
          + "    \"status\": 200,\n"
          + "    \"headers\": { \"Content-Type\": \"application/json;charset=UTF-8\", \"transfer-encoding\": \"chunked\" },\n"
          + "    \"body\": \"json-response-body\"\n"
          + "  }\n"
          + "}";

  private final PayloadCodec codec = PayloadCodec.standard();

  @Test
  void readsTheSeedPayloadExactlyAsPrinted() {
    ConsistencyCheckPayload payload = codec.read(SEED.getBytes(StandardCharsets.UTF_8));

    CapturedRequest request = payload.request();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.target()).isEqualTo("/api/example?param=something");
    assertThat(request.path()).isEqualTo("/api/example");
    assertThat(request.query()).isEqualTo("param=something");
    assertThat(request.headers().names()).containsExactly("Content-Type", "Accept-Language");
    assertThat(request.headers().first("accept-language")).isEqualTo("de-DE");
    assertThat(request.body()).isNull();
    assertThat(request.truncated()).isFalse();

    CapturedResponse response = payload.response();
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().first("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("json-response-body");
    assertThat(payload.operationId()).isNull();
    assertThat(payload.capturedAt()).isNull();
    assertThat(payload.legacyLatencyMicros()).isEmpty();
  }

  @Test
  void seedPayloadRoundTrips() {
    ConsistencyCheckPayload payload = codec.read(SEED.getBytes(StandardCharsets.UTF_8));
    assertThat(codec.read(codec.write(payload))).isEqualTo(payload);
  }

  @Test
  void repeatedHeadersTravelAsArraysAndSingleOnesAsStrings() {
    ConsistencyCheckPayload payload =
        payload(
            CapturedRequest.of("GET", "/a", HttpHeaders.of("Accept", "a/b")),
            CapturedResponse.of(200, HttpHeaders.of("Set-Cookie", "a=1", "set-cookie", "b=2", "Vary", "Accept"), null));

    String json = new String(codec.write(payload), StandardCharsets.UTF_8);

    assertThat(json).contains("\"Set-Cookie\":[\"a=1\",\"b=2\"]").contains("\"Vary\":\"Accept\"").contains("\"Accept\":\"a/b\"");
    ConsistencyCheckPayload read = codec.read(json.getBytes(StandardCharsets.UTF_8));
    assertThat(read.response().headers().all("SET-COOKIE")).containsExactly("a=1", "b=2");
    assertThat(read).isEqualTo(payload);
  }

  @Test
  void textualBodiesTravelAsTextAndBinaryOnesAsBase64() {
    byte[] pdf = {'%', 'P', 'D', 'F', (byte) 0xE2, (byte) 0xE3, (byte) 0xCF, (byte) 0xD3, 0, 1, 2};
    ConsistencyCheckPayload payload =
        payload(
            CapturedRequest.of("POST", "/a", HttpHeaders.of("Content-Type", "application/json"),
                "{\"q\":\"ü\"}".getBytes(StandardCharsets.UTF_8), false),
            CapturedResponse.of(200, HttpHeaders.of("Content-Type", "application/pdf"), pdf));

    String json = new String(codec.write(payload), StandardCharsets.UTF_8);

    assertThat(json).contains("\"body\":\"{\\\"q\\\":\\\"ü\\\"}\"");
    assertThat(json).contains("\"bodyEncoding\":\"base64\"");
    assertThat(codec.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(payload);
  }

  @Test
  void textInLatin1RoundTripsInItsCharset() {
    byte[] latin1 = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
    ConsistencyCheckPayload payload =
        payload(
            CapturedRequest.of("GET", "/a", HttpHeaders.empty()),
            CapturedResponse.of(200, HttpHeaders.of("Content-Type", "text/plain; charset=ISO-8859-1"), latin1));

    String json = new String(codec.write(payload), StandardCharsets.UTF_8);

    assertThat(json).contains("\"body\":\"caf\u00e9\"").doesNotContain("base64");
    assertThat(codec.read(json.getBytes(StandardCharsets.UTF_8)).response().body()).isEqualTo(latin1);
  }

  @Test
  void invalidUtf8UnderATextualTypeFallsBackToBase64() {
    byte[] broken = {'{', '"', 'a', '"', ':', (byte) 0xC3};
    ConsistencyCheckPayload payload =
        payload(
            CapturedRequest.of("GET", "/a", HttpHeaders.empty()),
            CapturedResponse.of(200, HttpHeaders.of("Content-Type", "application/json"), broken, true));

    String json = new String(codec.write(payload), StandardCharsets.UTF_8);

    assertThat(json).contains("\"bodyEncoding\":\"base64\"").contains("\"truncated\":true");
    assertThat(codec.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(payload);
  }

  @Test
  void metadataRoundTrips() {
    ConsistencyCheckPayload payload =
        payload(CapturedRequest.of("GET", "/a", HttpHeaders.empty()), CapturedResponse.of(204, HttpHeaders.empty(), null))
            .toBuilder()
            .operationId("getReturn")
            .requestId("5f0c2d1e-aaaa")
            .capturedAt(Instant.parse("2026-11-22T05:30:00.123456Z"))
            .legacyLatencyMicros(1234)
            .build();

    ConsistencyCheckPayload read = codec.read(codec.write(payload));

    assertThat(read).isEqualTo(payload);
    assertThat(read.legacyLatencyMicros()).hasValue(1234);
  }

  @ParameterizedTest
  @ValueSource(strings = {"getReturn", "GET /returns/{id}", "GET /files/{*path}", "GET /static/**", "PATCH:x.y_z-1"})
  void operationIdsNamingARouteAreRead(String operationId) {
    String json = "{\"operationId\":\"" + operationId + "\","
        + "\"request\":{\"url\":{\"path\":\"/a\"},\"method\":\"GET\"},\"response\":{\"status\":200}}";

    ConsistencyCheckPayload payload = codec.read(json.getBytes(StandardCharsets.UTF_8));

    assertThat(payload.operationId()).isEqualTo(operationId);
    assertThat(codec.read(codec.write(payload)).operationId()).isEqualTo(operationId);
  }

  @Test
  void explicitTextEncodingAndUnknownFieldsAreAccepted() {
    String json =
        "{\"version\":1,\"future\":{\"nested\":[1,2,{\"x\":null}]},"
            + "\"request\":{\"url\":{\"path\":\"/a\",\"extra\":true},\"method\":\"get\",\"bodyEncoding\":\"text\",\"body\":\"x\"},"
            + "\"response\":{\"status\":200,\"body\":\"aGVsbG8=\",\"bodyEncoding\":\"base64\"}}";

    ConsistencyCheckPayload payload = codec.read(json.getBytes(StandardCharsets.UTF_8));

    assertThat(payload.request().method()).isEqualTo("GET");
    assertThat(payload.request().body()).isEqualTo(new byte[] {'x'});
    assertThat(payload.response().body()).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
    assertThat(payload.response().headers().isEmpty()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/returns/1", "returns/1", "/a/b?x=1&y=%20z", "/", "", "/a;jsessionid=1/b", "/a%2Fb", "/ä%C3%A4"})
  void pathsAreNormalisedOrRefused(String path) {
    String json = "{\"request\":{\"url\":{\"path\":\"" + path + "\"},\"method\":\"GET\"},\"response\":{\"status\":200}}";
    if (path.contains("ä")) {
      assertThat(PayloadCodecTest.invalid(codec, json).pointer()).isEqualTo("/request/url/path");
      return;
    }
    String target = codec.read(json.getBytes(StandardCharsets.UTF_8)).request().target();
    assertThat(target).startsWith("/").endsWith(path);
  }

  @Test
  void randomPayloadsRoundTrip() {
    Random random = new Random(20261122L);
    for (int i = 0; i < 2_000; i++) {
      ConsistencyCheckPayload payload = RandomPayloads.next(random);
      byte[] json = codec.write(payload);
      ConsistencyCheckPayload read = codec.read(json);
      assertThat(read).as("payload %d: %s", i, new String(json, StandardCharsets.UTF_8)).isEqualTo(payload);
    }
  }

  @Test
  void writesIntoAStreamWithoutClosingIt() throws Exception {
    ConsistencyCheckPayload payload =
        payload(CapturedRequest.of("GET", "/a", HttpHeaders.empty()), CapturedResponse.of(200, HttpHeaders.empty(), new byte[0]));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    codec.write(payload, out);
    out.write('\n');
    codec.write(payload, out);

    List<String> lines = List.of(new String(out.toByteArray(), StandardCharsets.UTF_8).split("\n"));

    assertThat(lines).hasSize(2);
    assertThat(codec.read(lines.get(1).getBytes(StandardCharsets.UTF_8))).isEqualTo(payload);
    assertThat(codec.read(lines.get(1).getBytes(StandardCharsets.UTF_8)).response().body()).isEmpty();
  }

  static InvalidPayloadException invalid(PayloadCodec codec, String json) {
    return invalid(codec, json.getBytes(StandardCharsets.UTF_8));
  }

  static InvalidPayloadException invalid(PayloadCodec codec, byte[] json) {
    try {
      codec.read(json);
    } catch (InvalidPayloadException e) {
      return e;
    }
    throw new AssertionError("expected the payload to be rejected: " + new String(json, StandardCharsets.ISO_8859_1));
  }

  private static ConsistencyCheckPayload payload(CapturedRequest request, CapturedResponse response) {
    return ConsistencyCheckPayload.of(request, response);
  }
}
