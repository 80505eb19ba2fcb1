package io.parallelrun.servlet.capture.internal;

import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.payload.HttpHeaders;
import io.parallelrun.core.redact.Redaction;
import io.parallelrun.servlet.publish.PayloadSource;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A completed capture as handed to the publisher: the copied bytes and the raw metadata read on
 * the request thread. {@link #toPayload()} builds the model objects on a publisher thread.
 */
final class CapturedExchange implements PayloadSource {

  private static final int OBJECT_OVERHEAD = 512;

  private final CaptureMeters meters;
  private final String operationId;
  private final String method;
  private final String target;
  private final String[] requestHeaders;
  private final BodyCapture requestBody;
  private final boolean requestBodyPresent;
  private final FormBodies.Form form;
  private final int status;
  private final String[] responseHeaders;
  private final BodyCapture responseBody;
  private final boolean responseBodyPresent;
  private final boolean responseIncomplete;
  private final long capturedAtMillis;
  private final long latencyNanos;
  private final Redaction redaction;
  private final long size;

  CapturedExchange(CaptureMeters meters, String operationId, String method, String target, String[] requestHeaders,
      BodyCapture requestBody, boolean requestBodyPresent, FormBodies.Form form, int status, String[] responseHeaders,
      BodyCapture responseBody, boolean responseBodyPresent, boolean responseIncomplete, long capturedAtMillis,
      long latencyNanos, Redaction redaction) {
    this.meters = meters;
    this.operationId = operationId;
    this.method = method;
    this.target = target;
    this.requestHeaders = requestHeaders;
    this.requestBody = requestBody;
    this.requestBodyPresent = requestBodyPresent;
    this.form = form;
    this.status = status;
    this.responseHeaders = responseHeaders;
    this.responseBody = responseBody;
    this.responseBodyPresent = responseBodyPresent;
    this.responseIncomplete = responseIncomplete;
    this.capturedAtMillis = capturedAtMillis;
    this.latencyNanos = latencyNanos;
    this.redaction = redaction;
    this.size = OBJECT_OVERHEAD + 2L * target.length() + stringsSize(requestHeaders) + stringsSize(responseHeaders)
        + requestBody.retainedBytes() + responseBody.retainedBytes() + (form == null ? 0 : form.sizeInBytes());
  }

  private static long stringsSize(String[] strings) {
    long total = 16L + 8L * strings.length;
    for (String s : strings) {
      total += 40 + 2L * s.length();
    }
    return total;
  }

  @Override
  public long sizeInBytes() {
    return size;
  }

  @Override
  public Redaction redaction() {
    return redaction;
  }

  @Override
  public ConsistencyCheckPayload toPayload() {
    meters.latency(operationId, latencyNanos);
    HttpHeaders reqHeaders = headers(requestHeaders);
    byte[] reqBody = null;
    boolean reqTruncated = requestBody.truncated();
    if (form != null) {
      reqBody = form.encode();
    } else if (requestBodyPresent || !requestBody.isEmpty()) {
      reqBody = requestBody.toBytes();
      reqTruncated = requestBody.truncated();
    }
    byte[] respBody = null;
    boolean respTruncated = false;
    if (responseBodyPresent) {
      respBody = responseBody.toBytes();
      respTruncated = responseBody.truncated() || responseIncomplete;
    }
    String requestId = reqHeaders.first("X-Request-Id");
    return ConsistencyCheckPayload.builder()
        .operationId(operationId)
        .requestId(requestId != null && requestId.length() <= 128 ? requestId : randomUuid())
        .capturedAt(Instant.ofEpochMilli(capturedAtMillis))
        .legacyLatencyMicros(latencyNanos / 1000)
        .request(CapturedRequest.of(method, target, reqHeaders, reqBody, reqTruncated))
        .response(CapturedResponse.of(status, headers(responseHeaders), respBody, respTruncated))
        .build();
  }

  /**
   * A random (version 4) UUID from {@link ThreadLocalRandom}: an id only needs to be unique, and
   * {@link UUID#randomUUID()} draws from a shared {@code SecureRandom} on the publisher thread.
   */
  private static String randomUuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long most = (random.nextLong() & ~0xF000L) | 0x4000L;
    long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(most, least).toString();
  }

  private static HttpHeaders headers(String[] pairs) {
    HttpHeaders.Builder builder = HttpHeaders.builder();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      builder.add(pairs[i], pairs[i + 1]);
    }
    return builder.build();
  }
}
