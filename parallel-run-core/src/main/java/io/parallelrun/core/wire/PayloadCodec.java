package io.parallelrun.core.wire;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.wire.internal.PayloadReader;
import io.parallelrun.core.wire.internal.PayloadWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Reads and writes the version-1 JSON wire format of {@link ConsistencyCheckPayload}s.
 *
 * <pre>{@code
 * {
 *   "version": 1, "operationId": "getReturn", "requestId": "...", "capturedAt": "2026-...Z",
 *   "legacyLatencyMicros": 1234,
 *   "request":  { "url": { "path": "/returns/1?x=y" }, "method": "GET",
 *                 "headers": { "Accept": "application/json", "X-Many": ["a", "b"] },
 *                 "body": null },
 *   "response": { "status": 200, "headers": { ... }, "body": "...",
 *                 "bodyEncoding": "text" | "base64", "truncated": false }
 * }
 * }</pre>
 *
 * <p>Reading is lenient where the format allows (a path without its leading {@code /}, header
 * values as a string or an array, unknown fields ignored) and strict everywhere else: anything
 * invalid or beyond the {@link PayloadLimits} raises an {@link InvalidPayloadException} whose
 * pointer names the field. Writing sends a body as text when its content type is textual and its
 * bytes are valid in its charset, else as base64.
 *
 * <p>Both directions stream with Jackson's {@link JsonParser}/{@link JsonGenerator}; no tree is
 * built. This class is immutable and thread-safe; share one instance.
 */
public final class PayloadCodec {

  private static final PayloadCodec STANDARD = new PayloadCodec(PayloadLimits.defaults());

  private final PayloadLimits limits;
  private final JsonFactory factory;

  private PayloadCodec(PayloadLimits limits) {
    this.limits = limits;
    this.factory =
        JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxNestingDepth())
                    .maxStringLength(Math.max(limits.maxPayloadBytes(), 1024))
                    .build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(64).build())
            .build();
    factory.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  }

  /** A codec with {@link PayloadLimits#defaults()}. */
  public static PayloadCodec standard() {
    return STANDARD;
  }

  /** A codec enforcing the given limits when reading. */
  public static PayloadCodec withLimits(PayloadLimits limits) {
    return new PayloadCodec(Objects.requireNonNull(limits, "limits"));
  }

  /** The limits enforced when reading. */
  public PayloadLimits limits() {
    return limits;
  }

  /**
   * Reads one payload.
   *
   * @throws InvalidPayloadException naming the offending field when the input is not a valid
   *     version-1 payload or breaks a limit
   */
  public ConsistencyCheckPayload read(byte[] json) {
    return read(json, 0, json.length);
  }

  /**
   * Reads one payload from {@code length} bytes of {@code buffer} starting at {@code offset}.
   *
   * @throws InvalidPayloadException naming the offending field when the input is not a valid
   *     version-1 payload or breaks a limit
   */
  public ConsistencyCheckPayload read(byte[] buffer, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    if (length > limits.maxPayloadBytes()) {
      throw new InvalidPayloadException(
          InvalidPayloadException.Kind.TOO_LARGE,
          "",
          "the payload has " + length + " bytes, more than the limit of " + limits.maxPayloadBytes());
    }
    return new PayloadReader(factory, limits).read(buffer, offset, length);
  }

  /** Writes one payload as compact UTF-8 JSON. */
  public byte[] write(ConsistencyCheckPayload payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(estimateSize(payload));
    try {
      write(payload, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen with a ByteArrayOutputStream
    }
    return out.toByteArray();
  }

  /**
   * Writes one payload as compact UTF-8 JSON to the stream, without a line break and without
   * closing the stream.
   */
  public void write(ConsistencyCheckPayload payload, OutputStream out) throws IOException {
    Objects.requireNonNull(payload, "payload");
    try (JsonGenerator generator = factory.createGenerator(out, JsonEncoding.UTF8)) {
      PayloadWriter.write(payload, generator);
    }
  }

  /** A rough upper estimate of the written size, for sizing buffers. */
  public static int estimateSize(ConsistencyCheckPayload payload) {
    int request = payload.request().body() == null ? 0 : payload.request().body().length;
    int response = payload.response().body() == null ? 0 : payload.response().body().length;
    return 512 + request + response + (request + response) / 3;
  }
}
