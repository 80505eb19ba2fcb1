package io.parallelrun.core.payload;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One captured exchange of the legacy application: the request it received, the response it
 * sent, and metadata. This is what travels from the legacy side to the candidate side, in the
 * version-1 wire format of {@link io.parallelrun.core.wire.PayloadCodec}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ConsistencyCheckPayload {

  /** The wire format version this model corresponds to. */
  public static final int VERSION = 1;

  private final CapturedRequest request;
  private final CapturedResponse response;
  private final String operationId;
  private final String requestId;
  private final Instant capturedAt;
  private final long legacyLatencyMicros;

  private ConsistencyCheckPayload(Builder b) {
    this.request = Objects.requireNonNull(b.request, "request");
    this.response = Objects.requireNonNull(b.response, "response");
    this.operationId = b.operationId;
    this.requestId = b.requestId;
    this.capturedAt = b.capturedAt;
    this.legacyLatencyMicros = b.legacyLatencyMicros;
  }

  /** A payload with a request and a response and no metadata. */
  public static ConsistencyCheckPayload of(CapturedRequest request, CapturedResponse response) {
    return builder().request(request).response(response).build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder pre-filled with this payload's fields. */
  public Builder toBuilder() {
    return new Builder()
        .request(request)
        .response(response)
        .operationId(operationId)
        .requestId(requestId)
        .capturedAt(capturedAt)
        .legacyLatencyMicros(legacyLatencyMicros);
  }

  /** The request the legacy application received. */
  public CapturedRequest request() {
    return request;
  }

  /** The response the legacy application sent. */
  public CapturedResponse response() {
    return response;
  }

  /** The operation id chosen on the legacy side, or {@code null} when the candidate decides. */
  public String operationId() {
    return operationId;
  }

  /** An id of the captured request for correlation, or {@code null}. */
  public String requestId() {
    return requestId;
  }

  /** When the legacy application finished the response, or {@code null} when unknown. */
  public Instant capturedAt() {
    return capturedAt;
  }

  /** How long the legacy application took, in microseconds, when known. */
  public OptionalLong legacyLatencyMicros() {
    return legacyLatencyMicros < 0 ? OptionalLong.empty() : OptionalLong.of(legacyLatencyMicros);
  }

  /** Returns a copy with another request. */
  public ConsistencyCheckPayload withRequest(CapturedRequest newRequest) {
    return toBuilder().request(newRequest).build();
  }

  /** Returns a copy with another response. */
  public ConsistencyCheckPayload withResponse(CapturedResponse newResponse) {
    return toBuilder().response(newResponse).build();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ConsistencyCheckPayload)) {
      return false;
    }
    ConsistencyCheckPayload other = (ConsistencyCheckPayload) o;
    return legacyLatencyMicros == other.legacyLatencyMicros
        && request.equals(other.request)
        && response.equals(other.response)
        && Objects.equals(operationId, other.operationId)
        && Objects.equals(requestId, other.requestId)
        && Objects.equals(capturedAt, other.capturedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(request, response, operationId, requestId, capturedAt, legacyLatencyMicros);
  }

  @Override
  public String toString() {
    return "ConsistencyCheckPayload{operationId=" + operationId + ", requestId=" + requestId
        + ", capturedAt=" + capturedAt + ", request=" + request + ", response=" + response + "}";
  }

  /** Builds a payload; {@link #request} and {@link #response} are required. Not thread-safe. */
  public static final class Builder {
    private CapturedRequest request;
    private CapturedResponse response;
    private String operationId;
    private String requestId;
    private Instant capturedAt;
    private long legacyLatencyMicros = -1;

    private Builder() {}

    public Builder request(CapturedRequest request) {
      this.request = request;
      return this;
    }

    public Builder response(CapturedResponse response) {
      this.response = response;
      return this;
    }

    public Builder operationId(String operationId) {
      this.operationId = operationId;
      return this;
    }

    public Builder requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    public Builder capturedAt(Instant capturedAt) {
      this.capturedAt = capturedAt;
      return this;
    }

    /** The legacy latency in microseconds; a negative value means unknown. */
    public Builder legacyLatencyMicros(long micros) {
      this.legacyLatencyMicros = micros < 0 ? -1 : micros;
      return this;
    }

    public ConsistencyCheckPayload build() {
      return new ConsistencyCheckPayload(this);
    }
  }
}
