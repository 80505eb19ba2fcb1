package io.parallelrun.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.payload.HttpHeaders;
import io.parallelrun.core.wire.InvalidPayloadException;
import io.parallelrun.core.wire.PayloadCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Fuzz targets for {@link PayloadCodec}.
 *
 * <ul>
 *   <li>{@link #arbitraryBytes}: any input either decodes or raises {@link InvalidPayloadException};
 *       a decoded payload survives encode and decode unchanged, and encoding it again gives the
 *       same bytes.
 *   <li>{@link #capturedMessages}: any message the legacy side could have captured (arbitrary
 *       bodies under arbitrary content types and charsets, header values a container hands out)
 *       is written in a form the reader accepts and gets back unchanged.
 * </ul>
 */
class PayloadCodecFuzzTest {

  private static final PayloadCodec CODEC = PayloadCodec.standard();

  @FuzzTest
  void arbitraryBytes(byte[] input) {
    ConsistencyCheckPayload decoded;
    try {
      decoded = CODEC.read(input);
    } catch (InvalidPayloadException expected) {
      assertThat(expected.pointer()).isNotNull();
      assertThat(expected.problem()).isNotBlank();
      return;
    }
    assertRoundTrips(decoded);
  }

  @FuzzTest
  void capturedMessages(FuzzedDataProvider data) {
    HttpHeaders requestHeaders = headers(data);
    HttpHeaders responseHeaders = headers(data);
    String method = data.pickValue(new String[] {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"});
    // A target the container could hand out and the reader accepts: not '//host', no dot segments.
    String target = ("/" + data.consumeString(40).replaceAll("[^A-Za-z0-9/?=&_~-]", "x")).replaceAll("/{2,}", "/");
    byte[] requestBody = data.consumeBoolean() ? null : data.consumeBytes(data.consumeInt(0, 200));
    int status = data.consumeInt(100, 599);
    boolean truncated = data.consumeBoolean();
    byte[] responseBody = data.consumeBoolean() ? null : data.consumeRemainingAsBytes();
    ConsistencyCheckPayload payload =
        ConsistencyCheckPayload.builder()
            .operationId("op")
            .requestId("r-1")
            .capturedAt(Instant.ofEpochSecond(1_700_000_000L, 123_000_000L))
            .legacyLatencyMicros(1234)
            .request(CapturedRequest.of(method, target, requestHeaders, requestBody, false))
            .response(CapturedResponse.of(status, responseHeaders, responseBody, truncated))
            .build();
    assertRoundTrips(payload);
  }

  private static final String[] CONTENT_TYPES = {
    "application/json", "text/plain", "text/html", "application/problem+json", "application/xml",
    "application/octet-stream", "application/pdf", "image/png", "application/x-www-form-urlencoded",
  };

  private static final String[] CHARSETS = {
    "", ";charset=UTF-8", ";charset=utf-8", "; charset=\"UTF-8\"", ";charset=ISO-8859-1", ";charset=US-ASCII",
    ";charset=UTF-16", ";charset=windows-1252", ";charset=Shift_JIS", ";charset=nonsense", ";charset=",
  };

  /** Header fields as a servlet container hands them out: token names, values without controls. */
  private static HttpHeaders headers(FuzzedDataProvider data) {
    HttpHeaders.Builder builder = HttpHeaders.builder();
    if (data.consumeBoolean()) {
      builder.add("Content-Type", data.pickValue(CONTENT_TYPES) + data.pickValue(CHARSETS));
    }
    int count = data.consumeInt(0, 4);
    for (int i = 0; i < count; i++) {
      String name = data.pickValue(new String[] {"Accept", "X-Many", "x-many", "Set-Cookie", "ETag"});
      builder.add(name, headerValue(data.consumeString(30)));
    }
    return builder.build();
  }

  /** Containers decode header bytes as ISO-8859-1; control characters other than tab are refused. */
  private static String headerValue(String raw) {
    StringBuilder value = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = (char) (raw.charAt(i) & 0xFF);
      value.append((c < 0x20 && c != '\t') || c == 0x7F ? ' ' : c);
    }
    return value.toString();
  }

  static void assertRoundTrips(ConsistencyCheckPayload payload) {
    byte[] encoded = CODEC.write(payload);
    ConsistencyCheckPayload again;
    try {
      again = CODEC.read(encoded);
    } catch (InvalidPayloadException e) {
      throw new AssertionError(
          "the codec refused what it wrote itself: " + e.getMessage() + "\n"
              + new String(encoded, StandardCharsets.UTF_8),
          e);
    }
    assertThat(again).isEqualTo(payload);
    assertThat(again.legacyLatencyMicros()).isEqualTo(payload.legacyLatencyMicros());
    assertThat(again.request().truncated()).isEqualTo(payload.request().truncated());
    assertThat(again.response().truncated()).isEqualTo(payload.response().truncated());
    assertThat(CODEC.write(again)).isEqualTo(encoded);
  }
}
