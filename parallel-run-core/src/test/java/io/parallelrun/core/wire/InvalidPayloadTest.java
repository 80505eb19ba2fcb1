package io.parallelrun.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.parallelrun.core.wire.InvalidPayloadException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InvalidPayloadTest {

  private static final String RESPONSE = "\"response\":{\"status\":200}";
  private final PayloadCodec codec = PayloadCodec.standard();

  private static String request(String fields) {
    return "{\"request\":{" + fields + "}," + RESPONSE + "}";
  }

  private static String get(String path) {
    return request("\"url\":{\"path\":" + path + "},\"method\":\"GET\"");
  }

  private static String response(String fields) {
    return "{\"request\":{\"url\":{\"path\":\"/a\"},\"method\":\"GET\"},\"response\":{" + fields + "}}";
  }

  static Stream<Arguments> invalidPayloads() {
    return Stream.of(
        Arguments.of("not JSON at all", "hello", Kind.MALFORMED_JSON, "", "not valid JSON"),
        Arguments.of("truncated JSON", "{\"request\":{", Kind.MALFORMED_JSON, "/request", "not valid JSON"),
        Arguments.of("array instead of object", "[1,2]", Kind.INVALID_FIELD, "", "must be a JSON object"),
        Arguments.of("trailing content", get("\"/a\"") + "{}", Kind.MALFORMED_JSON, "", "after the payload"),
        Arguments.of("missing request", "{" + RESPONSE + "}", Kind.INVALID_FIELD, "/request", "no request"),
        Arguments.of("missing response", "{\"request\":{\"url\":{\"path\":\"/a\"},\"method\":\"GET\"}}", Kind.INVALID_FIELD, "/response", "no response"),
        Arguments.of("request is a string", "{\"request\":\"GET /\"," + RESPONSE + "}", Kind.INVALID_FIELD, "/request", "must be a JSON object"),
        Arguments.of("missing url", request("\"method\":\"GET\""), Kind.INVALID_FIELD, "/request/url", "no url"),
        Arguments.of("url without path", request("\"url\":{},\"method\":\"GET\""), Kind.INVALID_FIELD, "/request/url/path", "no path"),
        Arguments.of("path is a number", get("42"), Kind.INVALID_FIELD, "/request/url/path", "must be a string"),
        Arguments.of("absolute URL", get("\"http://evil.example/x\""), Kind.INVALID_FIELD, "/request/url/path", "not an absolute URL"),
        Arguments.of("network-path reference", get("\"//evil.example/x\""), Kind.INVALID_FIELD, "/request/url/path", "'//'"),
        Arguments.of("dot-dot segment", get("\"/a/../admin\""), Kind.INVALID_FIELD, "/request/url/path", "'..'"),
        Arguments.of("encoded dot-dot segment", get("\"/a/%2e%2E/admin\""), Kind.INVALID_FIELD, "/request/url/path", "'..'"),
        Arguments.of("CR LF in path", get("\"/a\\r\\nHost: evil\""), Kind.INVALID_FIELD, "/request/url/path", "CR or LF"),
        Arguments.of("space in path", get("\"/a b\""), Kind.INVALID_FIELD, "/request/url/path", "spaces"),
        Arguments.of("fragment in path", get("\"/a#b\""), Kind.INVALID_FIELD, "/request/url/path", "fragment"),
        Arguments.of("missing method", request("\"url\":{\"path\":\"/a\"}"), Kind.INVALID_FIELD, "/request/method", "no method"),
        Arguments.of("unknown method", request("\"url\":{\"path\":\"/a\"},\"method\":\"BREW\""), Kind.INVALID_FIELD, "/request/method", "unknown method 'BREW'"),
        Arguments.of("TRACE", request("\"url\":{\"path\":\"/a\"},\"method\":\"TRACE\""), Kind.INVALID_FIELD, "/request/method", "never replayed"),
        Arguments.of("CONNECT", request("\"url\":{\"path\":\"/a\"},\"method\":\"CONNECT\""), Kind.INVALID_FIELD, "/request/method", "never replayed"),
        Arguments.of("method is a number", request("\"url\":{\"path\":\"/a\"},\"method\":1"), Kind.INVALID_FIELD, "/request/method", "must be a string"),
        Arguments.of("header name with a space", request("\"url\":{\"path\":\"/a\"},\"method\":\"GET\",\"headers\":{\"X Bad\":\"1\"}"), Kind.INVALID_FIELD, "/request/headers/X Bad", "not a valid header name"),
        Arguments.of("header name with a slash", request("\"url\":{\"path\":\"/a\"},\"method\":\"GET\",\"headers\":{\"a/b~c\":\"1\"}"), Kind.INVALID_FIELD, "/request/headers/a~1b~0c", "not a valid header name"),
        Arguments.of("CR LF in header value", request("\"url\":{\"path\":\"/a\"},\"method\":\"GET\",\"headers\":{\"X-A\":\"1\\r\\nX-B: 2\"}"), Kind.INVALID_FIELD, "/request/headers/X-A", "CR or LF"),
        Arguments.of("header value is a number", response("\"status\":200,\"headers\":{\"X-A\":1}"), Kind.INVALID_FIELD, "/response/headers/X-A", "string or an array"),
        Arguments.of("header array holds a number", response("\"status\":200,\"headers\":{\"X-A\":[\"a\",2]}"), Kind.INVALID_FIELD, "/response/headers/X-A/1", "must be a string"),
        Arguments.of("empty header array", response("\"status\":200,\"headers\":{\"X-A\":[]}"), Kind.INVALID_FIELD, "/response/headers/X-A", "at least one value"),
        Arguments.of("headers is an array", response("\"status\":200,\"headers\":[]"), Kind.INVALID_FIELD, "/response/headers", "must be a JSON object"),
        Arguments.of("missing status", response("\"body\":\"x\""), Kind.INVALID_FIELD, "/response/status", "no status"),
        Arguments.of("status as a string", response("\"status\":\"200\""), Kind.INVALID_FIELD, "/response/status", "whole number"),
        Arguments.of("status 0", response("\"status\":0"), Kind.INVALID_FIELD, "/response/status", "from 100 to 599, was 0"),
        Arguments.of("status 99", response("\"status\":99"), Kind.INVALID_FIELD, "/response/status", "was 99"),
        Arguments.of("status 1000", response("\"status\":1000"), Kind.INVALID_FIELD, "/response/status", "was 1000"),
        Arguments.of("status with a fraction", response("\"status\":200.5"), Kind.INVALID_FIELD, "/response/status", "whole number"),
        Arguments.of("body is an object", response("\"status\":200,\"body\":{\"a\":1}"), Kind.INVALID_FIELD, "/response/body", "string or null"),
        Arguments.of("invalid base64", response("\"status\":200,\"bodyEncoding\":\"base64\",\"body\":\"@@not base64@@\""), Kind.INVALID_FIELD, "/response/body", "not valid base64"),
        Arguments.of("invalid base64 given before its encoding", response("\"status\":200,\"body\":\"ab!c\",\"bodyEncoding\":\"base64\""), Kind.INVALID_FIELD, "/response/body", "not valid base64"),
        Arguments.of("unknown body encoding", response("\"status\":200,\"bodyEncoding\":\"gzip\",\"body\":\"x\""), Kind.INVALID_FIELD, "/response/bodyEncoding", "\"text\" or \"base64\""),
        Arguments.of("truncated as a string", response("\"status\":200,\"truncated\":\"yes\""), Kind.INVALID_FIELD, "/response/truncated", "true or false"),
        Arguments.of("text not encodable in the declared charset", response("\"status\":200,\"headers\":{\"Content-Type\":\"text/plain;charset=US-ASCII\"},\"body\":\"\u00e9\""), Kind.INVALID_FIELD, "/response/body", "cannot encode"),
        Arguments.of("duplicate keys", "{\"request\":{\"url\":{\"path\":\"/a\"},\"method\":\"GET\",\"method\":\"POST\"}," + RESPONSE + "}", Kind.INVALID_FIELD, "/request/method", "more than once"),
        Arguments.of("unsupported version", "{\"version\":2," + get("\"/a\"").substring(1), Kind.UNSUPPORTED_VERSION, "/version", "version 2 is not supported"),
        Arguments.of("version as a string", "{\"version\":\"1\"," + get("\"/a\"").substring(1), Kind.INVALID_FIELD, "/version", "must be an integer"),
        Arguments.of("operation id with a quote", "{\"operationId\":\"get\\\"Return\"," + get("\"/a\"").substring(1), Kind.INVALID_FIELD, "/operationId", "operation id"),
        Arguments.of("operation id with a CR", "{\"operationId\":\"GET /a\\r\"," + get("\"/a\"").substring(1), Kind.INVALID_FIELD, "/operationId", "operation id"),
        Arguments.of("operation id with a backslash", "{\"operationId\":\"GET /a\\\\b\"," + get("\"/a\"").substring(1), Kind.INVALID_FIELD, "/operationId", "operation id"),
        Arguments.of("operation id not ASCII", "{\"operationId\":\"GET /caf\u00e9\"," + get("\"/a\"").substring(1), Kind.INVALID_FIELD, "/operationId", "operation id"),
        Arguments.of("operation id ending in a space", "{\"operationId\":\"getReturn \"," + get("\"/a\"").substring(1), Kind.INVALID_FIELD, "/operationId", "operation id"),
        Arguments.of("operation id empty", "{\"operationId\":\"\"," + get("\"/a\"").substring(1), Kind.INVALID_FIELD, "/operationId", "operation id"),
        Arguments.of("operation id too long", "{\"operationId\":\"" + "a".repeat(129) + "\"," + get("\"/a\"").substring(1), Kind.INVALID_FIELD, "/operationId", "1 to 128 characters"),
        Arguments.of("bad capturedAt", "{\"capturedAt\":\"yesterday\"," + get("\"/a\"").substring(1), Kind.INVALID_FIELD, "/capturedAt", "ISO-8601"),
        Arguments.of("negative latency", "{\"legacyLatencyMicros\":-5," + get("\"/a\"").substring(1), Kind.INVALID_FIELD, "/legacyLatencyMicros", "must not be negative"),
        Arguments.of("latency with a fraction", "{\"legacyLatencyMicros\":1.5," + get("\"/a\"").substring(1), Kind.INVALID_FIELD, "/legacyLatencyMicros", "whole number"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPayloads")
  void rejectsWithAPointerAndAClearMessage(String name, String json, Kind kind, String pointer, String messagePart) {
    InvalidPayloadException e = PayloadCodecTest.invalid(codec, json);

    assertThat(e.kind()).as("kind").isEqualTo(kind);
    assertThat(e.pointer()).as("pointer").isEqualTo(pointer);
    assertThat(e.problem()).as("problem").contains(messagePart);
    assertThat(e.getMessage()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void tooManyHeadersIsALimitNamingTheHeaders() {
    StringBuilder headers = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      headers.append(i == 0 ? "" : ",").append("\"X-H").append(i).append("\":\"v\"");
    }
    InvalidPayloadException e =
        PayloadCodecTest.invalid(codec, request("\"url\":{\"path\":\"/a\"},\"method\":\"GET\",\"headers\":{" + headers + "}"));

    assertThat(e.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
    assertThat(e.pointer()).isEqualTo("/request/headers");
    assertThat(e.problem()).contains("more than 200 header fields");
  }

  @Test
  void oversizedHeadersAreALimit() {
    String big = "x".repeat(70_000);
    InvalidPayloadException e = PayloadCodecTest.invalid(codec, response("\"status\":200,\"headers\":{\"X-Big\":\"" + big + "\"}"));

    assertThat(e.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
    assertThat(e.pointer()).isEqualTo("/response/headers");
  }

  @Test
  void deepNestingIsALimitNotAStackOverflow() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    InvalidPayloadException e = PayloadCodecTest.invalid(codec, "{\"extra\":" + deep + "," + get("\"/a\"").substring(1));

    assertThat(e.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
    assertThat(e.problem()).contains("200");
  }

  @Test
  void payloadOverTheByteLimitIsTooLarge() {
    PayloadCodec small = PayloadCodec.withLimits(PayloadLimits.builder().maxPayloadBytes(100).build());
    String json = response("\"status\":200,\"body\":\"" + "x".repeat(200) + "\"");

    InvalidPayloadException e = PayloadCodecTest.invalid(small, json);

    assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
    assertThat(e.problem()).contains("more than the limit of 100");
  }

  @Test
  void overlongPathIsALimit() {
    InvalidPayloadException e = PayloadCodecTest.invalid(codec, get("\"/" + "a".repeat(20_000) + "\""));

    assertThat(e.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
    assertThat(e.pointer()).isEqualTo("/request/url/path");
  }

  @Test
  void emptyInputIsMalformed() {
    InvalidPayloadException e = PayloadCodecTest.invalid(codec, "");
    assertThat(e.kind()).isIn(Kind.MALFORMED_JSON, Kind.INVALID_FIELD);
    assertThat(e.problem()).isNotBlank();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("notUtf8")
  void inputThatIsNotUtf8IsMalformed(String name, byte[] bad) {
    for (String field : new String[] {"header", "path", "body", "name"}) {
      String template =
          switch (field) {
            case "header" -> "{\"request\":{\"url\":{\"path\":\"/a\"},\"method\":\"GET\",\"headers\":{\"X\":\"@\"}},"
                + "\"response\":{\"status\":200}}";
            case "path" -> "{\"request\":{\"url\":{\"path\":\"/a@\"},\"method\":\"GET\"},\"response\":{\"status\":200}}";
            case "body" -> "{\"request\":{\"url\":{\"path\":\"/a\"},\"method\":\"GET\"},"
                + "\"response\":{\"status\":200,\"headers\":{\"Content-Type\":\"text/plain\"},\"body\":\"x@\"}}";
            default -> "{\"request\":{\"url\":{\"path\":\"/a\"},\"method\":\"GET\"},\"response\":{\"status\":200},\"x@\":1}";
          };
      byte[] ascii = template.getBytes(StandardCharsets.US_ASCII);
      int at = template.indexOf('@');
      byte[] input = new byte[ascii.length - 1 + bad.length];
      System.arraycopy(ascii, 0, input, 0, at);
      System.arraycopy(bad, 0, input, at, bad.length);
      System.arraycopy(ascii, at + 1, input, at + bad.length, ascii.length - at - 1);

      InvalidPayloadException e = PayloadCodecTest.invalid(codec, input);
      assertThat(e.kind()).as(field).isEqualTo(Kind.MALFORMED_JSON);
      assertThat(e.problem()).as(field).contains("UTF-8");
    }
  }

  static Stream<Arguments> notUtf8() {
    return Stream.of(
        Arguments.of("a lone continuation byte", new byte[] {(byte) 0x80}),
        Arguments.of("an invalid lead byte", new byte[] {(byte) 0xFF}),
        Arguments.of("a two-byte lead without its continuation", new byte[] {(byte) 0xC3, 'a'}),
        Arguments.of("an overlong slash", new byte[] {(byte) 0xC0, (byte) 0xAF}),
        Arguments.of("an overlong three-byte NUL", new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80}),
        Arguments.of("an encoded high surrogate", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
        Arguments.of("an encoded low surrogate", new byte[] {(byte) 0xED, (byte) 0xBF, (byte) 0xBF}),
        Arguments.of("above U+10FFFF", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
        Arguments.of("a five-byte form", new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}),
        Arguments.of("Latin-1 text", "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void utf16IsNotGuessed() {
    String json = "{\"request\":{\"url\":{\"path\":\"/a\"},\"method\":\"GET\"},\"response\":{\"status\":200}}";
    for (java.nio.charset.Charset charset : new java.nio.charset.Charset[] {StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE}) {
      InvalidPayloadException e = PayloadCodecTest.invalid(codec, json.getBytes(charset));
      assertThat(e.kind()).isEqualTo(Kind.MALFORMED_JSON);
      assertThat(e.problem()).contains("UTF-8");
    }
  }

  @Test
  void randomBytesNeverEscapeAsAnythingButInvalidPayload() {
    java.util.Random random = new java.util.Random(7);
    byte[] valid = get("\"/a\"").getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 20_000; i++) {
      byte[] mutated = valid.clone();
      int flips = 1 + random.nextInt(4);
      for (int f = 0; f < flips; f++) {
        mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
      }
      try {
        codec.read(mutated);
      } catch (InvalidPayloadException expected) {
        assertThat(expected.problem()).isNotBlank();
      }
    }
  }
}
