package io.parallelrun.core.payload;

import java.util.Arrays;
import java.util.Objects;

/**
 * A response: status, headers and body, either as the legacy application sent it to its client or
 * as the candidate answered the replay.
 *
 * <p>The body array is taken over, not copied, and {@link #body()} returns it as is: treat it as
 * read-only. {@code null} means no body. When the capture hit its byte cap, {@link #truncated()}
 * is {@code true} and the body holds only the first bytes.
 *
 * <p>Instances are immutable (given that nobody writes into the body array) and thread-safe.
 */
public final class CapturedResponse {

  private final int status;
  private final HttpHeaders headers;
  private final byte[] body;
  private final boolean truncated;

  private CapturedResponse(int status, HttpHeaders headers, byte[] body, boolean truncated) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.truncated = truncated;
  }

  /**
   * Creates a response.
   *
   * @param status the HTTP status code
   * @param headers the header fields as sent
   * @param body the body bytes, or {@code null} when there was none; not copied
   * @param truncated whether the body was cut at the capture's byte cap
   */
  public static CapturedResponse of(int status, HttpHeaders headers, byte[] body, boolean truncated) {
    return new CapturedResponse(status, Objects.requireNonNull(headers, "headers"), body, truncated);
  }

  /** A complete (not truncated) response. */
  public static CapturedResponse of(int status, HttpHeaders headers, byte[] body) {
    return of(status, headers, body, false);
  }

  /** The status code. */
  public int status() {
    return status;
  }

  /** Whether the status is a server error (500 to 599). */
  public boolean isServerError() {
    return status >= 500 && status <= 599;
  }

  /** The header fields. */
  public HttpHeaders headers() {
    return headers;
  }

  /** The body bytes (not a copy: do not modify), or {@code null} when there was none. */
  public byte[] body() {
    return body;
  }

  /** Whether the body holds only the first bytes, cut at the capture's cap. */
  public boolean truncated() {
    return truncated;
  }

  /** Returns a copy with other headers. */
  public CapturedResponse withHeaders(HttpHeaders newHeaders) {
    return of(status, newHeaders, body, truncated);
  }

  /** Returns a copy with another body (not copied). */
  public CapturedResponse withBody(byte[] newBody, boolean newTruncated) {
    return of(status, headers, newBody, newTruncated);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CapturedResponse)) {
      return false;
    }
    CapturedResponse other = (CapturedResponse) o;
    return status == other.status
        && truncated == other.truncated
        && headers.equals(other.headers)
        && Arrays.equals(body, other.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, Arrays.hashCode(body), truncated);
  }

  @Override
  public String toString() {
    return status + " " + headers + " body=" + Bodies.describe(body) + (truncated ? " (truncated)" : "");
  }
}
