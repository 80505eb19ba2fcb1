package io.parallelrun.core.payload;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A request as the legacy application received it: method, request target (path and query),
 * headers and body.
 *
 * <p>The body array is taken over, not copied, and {@link #body()} returns it as is: treat it as
 * read-only. {@code null} means the request had no body, which is different from an empty one.
 * When the capture hit its byte cap, {@link #truncated()} is {@code true} and the body holds only
 * the first bytes.
 *
 * <p>Instances are immutable (given that nobody writes into the body array) and thread-safe.
 */
public final class CapturedRequest {

  private final String method;
  private final String target;
  private final HttpHeaders headers;
  private final byte[] body;
  private final boolean truncated;

  private CapturedRequest(String method, String target, HttpHeaders headers, byte[] body, boolean truncated) {
    this.method = method;
    this.target = target;
    this.headers = headers;
    this.body = body;
    this.truncated = truncated;
  }

  /**
   * Creates a request.
   *
   * @param method the HTTP method, upper-cased here
   * @param target the path with its query, for example {@code /api/example?param=x}; a missing
   *     leading {@code /} is added
   * @param headers the header fields as received
   * @param body the body bytes, or {@code null} when there was none; not copied
   * @param truncated whether the body was cut at the capture's byte cap
   */
  public static CapturedRequest of(String method, String target, HttpHeaders headers, byte[] body, boolean truncated) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(headers, "headers");
    String normalisedTarget = target.startsWith("/") ? target : "/" + target;
    return new CapturedRequest(method.toUpperCase(Locale.ROOT), normalisedTarget, headers, body, truncated);
  }

  /** A request without body, for example {@code get("/returns/1")}. */
  public static CapturedRequest of(String method, String target, HttpHeaders headers) {
    return of(method, target, headers, null, false);
  }

  /** The HTTP method, upper case. */
  public String method() {
    return method;
  }

  /** The request target: path and query as sent, always starting with {@code /}. */
  public String target() {
    return target;
  }

  /** The path part of {@link #target()}, without the query. */
  public String path() {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /** The raw query string without the {@code ?}, or {@code null} when there is none. */
  public String query() {
    int q = target.indexOf('?');
    return q < 0 ? null : target.substring(q + 1);
  }

  /** The header fields. */
  public HttpHeaders headers() {
    return headers;
  }

  /** The body bytes (not a copy: do not modify), or {@code null} when the request had none. */
  public byte[] body() {
    return body;
  }

  /** Whether the body holds only the first bytes, cut at the capture's cap. */
  public boolean truncated() {
    return truncated;
  }

  /** Returns a copy with another target. */
  public CapturedRequest withTarget(String newTarget) {
    return of(method, newTarget, headers, body, truncated);
  }

  /** Returns a copy with other headers. */
  public CapturedRequest withHeaders(HttpHeaders newHeaders) {
    return new CapturedRequest(method, target, Objects.requireNonNull(newHeaders, "headers"), body, truncated);
  }

  /** Returns a copy with another body (not copied). */
  public CapturedRequest withBody(byte[] newBody, boolean newTruncated) {
    return new CapturedRequest(method, target, headers, newBody, newTruncated);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CapturedRequest)) {
      return false;
    }
    CapturedRequest other = (CapturedRequest) o;
    return truncated == other.truncated
        && method.equals(other.method)
        && target.equals(other.target)
        && headers.equals(other.headers)
        && Arrays.equals(body, other.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, target, headers, Arrays.hashCode(body), truncated);
  }

  @Override
  public String toString() {
    return method + " " + target + " " + headers + " body=" + Bodies.describe(body) + (truncated ? " (truncated)" : "");
  }
}
