package io.parallelrun.servlet.replay;

import io.parallelrun.core.check.ReplayResult;
import io.parallelrun.core.check.Replayer;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.HttpHeaders;
import io.parallelrun.core.wire.WireProtocol;
import io.parallelrun.servlet.internal.BoundedBody;
import io.parallelrun.servlet.internal.InFlight;
import io.parallelrun.servlet.replay.internal.ReplayTargets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Replays captured requests against the candidate: one configured base URL, never anything else.
 *
 * <pre>{@code
 * ReplayGateway gateway = ReplayGateway.builder()
 *     .baseUrl("http://127.0.0.1:8080")   // embedded: the candidate itself, over loopback
 *     .build();
 * }</pre>
 *
 * <p>Each replay sends the captured method, path, query, headers and body to the base URL with the
 * JDK {@link HttpClient} (HTTP/1.1, keep-alive, redirects never followed), blocking the calling
 * worker thread. The payload chooses path and query, never scheme, host or port: the target must be
 * a plain path (no absolute URL, no {@code //host}, no backslash, no {@code .} or {@code ..}
 * segments, no control characters), and the resulting URI is checked against the base URL before
 * anything is sent; a refused target is a {@link ReplayResult.Kind#ERROR}. Only {@code GET}, {@code
 * HEAD}, {@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE} and {@code OPTIONS} are sent
 * (whether a method may be replayed at all is the checker's decision).
 *
 * <p>Headers are copied except hop-by-hop ones ({@code Connection} and the names it lists, {@code
 * Keep-Alive}, {@code Transfer-Encoding}, {@code TE}, {@code Trailer}, {@code Upgrade}, {@code
 * Proxy-*}), {@code Host}, {@code Content-Length}, {@code Expect}, {@code Accept-Encoding} (the
 * legacy capture holds the body before any content coding, so the replay asks for it uncoded) and
 * parallel-run's own headers. {@value WireProtocol#REPLAY_HEADER}{@code : <check id>} is added, so
 * the candidate can tell a replay (see {@link ReplayContext}) and a legacy filter never captures it.
 *
 * <p>The timeout covers the whole answer, body included. Timeouts are {@link
 * ReplayResult.Kind#TIMED_OUT}; refused connections, resets, unreadable answers and bodies above
 * {@link Builder#maxResponseBytes} are {@link ReplayResult.Kind#ERROR}.
 *
 * <p>This class is thread-safe. {@link #close()} it when done: it stops a watchdog thread.
 */
public final class ReplayGateway implements Replayer, AutoCloseable {

  private static final Set<String> NOT_REPLAYED = Set.of(
      "connection", "keep-alive", "transfer-encoding", "te", "trailer", "trailers", "upgrade", "host",
      "content-length", "expect", "accept-encoding", "http2-settings",
      WireProtocol.REPLAY_HEADER.toLowerCase(Locale.ROOT), WireProtocol.SIGNATURE_HEADER.toLowerCase(Locale.ROOT));

  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private static final Set<ReplayGateway> OPEN = new CopyOnWriteArraySet<>();

  private final ReplayTargets targets;
  private final HttpClient client;
  private final int maxResponseBytes;
  private final InFlight inFlight;

  private ReplayGateway(Builder b) {
    this.targets = new ReplayTargets(Objects.requireNonNull(b.baseUrl, "baseUrl"));
    this.maxResponseBytes = b.maxResponseBytes;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(b.connectTimeout)
        .executor(Runnable::run)
        .build();
    this.inFlight = new InFlight("parallel-run-replay-watchdog");
    OPEN.add(this);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The base URL every replay goes to, ending in {@code /}. */
  public URI baseUrl() {
    return targets.base();
  }

  /** Whether this gateway is sending a replay with this check id right now. */
  public boolean isReplaying(String checkId) {
    return inFlight.contains(checkId);
  }

  /** Whether any open gateway in this JVM is sending a replay with this check id right now. */
  static boolean anyReplaying(String checkId) {
    for (ReplayGateway gateway : OPEN) {
      if (gateway.isReplaying(checkId)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public ReplayResult replay(String checkId, CapturedRequest request, Duration timeout) {
    long start = System.nanoTime();
    HttpRequest httpRequest;
    try {
      httpRequest = build(checkId, request, timeout);
    } catch (IllegalArgumentException e) {
      return ReplayResult.error(System.nanoTime() - start, e.getMessage());
    }
    BoundedBody body = new BoundedBody(maxResponseBytes);
    inFlight.add(checkId, body, start + timeout.toNanos());
    try {
      HttpResponse<byte[]> response = client.send(httpRequest, info -> body);
      long latency = System.nanoTime() - start;
      return ReplayResult.answered(
          CapturedResponse.of(response.statusCode(), headers(response.headers().map()), bodyOf(request, response.body())),
          latency);
    } catch (HttpConnectTimeoutException e) {
      return ReplayResult.error(System.nanoTime() - start, "could not connect to " + targets.base() + " in time");
    } catch (HttpTimeoutException e) {
      return ReplayResult.timedOut(System.nanoTime() - start, "no complete answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      if (e.getCause() instanceof HttpTimeoutException) {
        return ReplayResult.timedOut(System.nanoTime() - start, "no complete answer within " + timeout.toMillis() + " ms");
      }
      return ReplayResult.error(System.nanoTime() - start, describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ReplayResult.error(System.nanoTime() - start, "interrupted while replaying");
    } catch (RuntimeException e) {
      return ReplayResult.error(System.nanoTime() - start, describe(e));
    } finally {
      inFlight.remove(checkId);
    }
  }

  private static byte[] bodyOf(CapturedRequest request, byte[] body) {
    return body == null || (body.length == 0 && "HEAD".equals(request.method())) ? null : body;
  }

  private HttpRequest build(String checkId, CapturedRequest request, Duration timeout) {
    if (!METHODS.contains(request.method())) {
      throw new IllegalArgumentException("refused method " + request.method() + ": it is never replayed");
    }
    URI uri = targets.resolve(request.target());
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).expectContinue(false);
    HttpHeaders headers = request.headers();
    List<String> connectionOptions = headers.all("Connection");
    for (String name : headers.names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (NOT_REPLAYED.contains(lower) || lower.startsWith("proxy-") || listed(connectionOptions, lower)) {
        continue;
      }
      for (String value : headers.all(name)) {
        builder.header(name, value);
      }
    }
    builder.header(WireProtocol.REPLAY_HEADER, checkId);
    byte[] body = request.body();
    builder.method(request.method(),
        body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    return builder.build();
  }

  private static boolean listed(List<String> connectionOptions, String lowerName) {
    for (String value : connectionOptions) {
      for (String option : value.split(",")) {
        if (option.trim().equalsIgnoreCase(lowerName)) {
          return true;
        }
      }
    }
    return false;
  }

  private static HttpHeaders headers(Map<String, List<String>> map) {
    HttpHeaders.Builder builder = HttpHeaders.builder();
    map.forEach((name, values) -> {
      if (!name.startsWith(":")) {
        builder.addAll(name, values);
      }
    });
    return builder.build();
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Stops the watchdog; replays already running finish. */
  @Override
  public void close() {
    OPEN.remove(this);
    inFlight.close();
  }

  @Override
  public String toString() {
    return "ReplayGateway{baseUrl=" + targets.base() + ", maxResponseBytes=" + maxResponseBytes + "}";
  }

  /** Builds a {@link ReplayGateway}; the base URL is required. Not thread-safe. */
  public static final class Builder {
    private String baseUrl;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private int maxResponseBytes = 16 * 1024 * 1024;

    private Builder() {}

    /**
     * The only place replays go: an absolute {@code http} or {@code https} URL, optionally with a
     * path prefix (for example a context path), without query or fragment. Required.
     */
    public Builder baseUrl(String value) {
      this.baseUrl = Objects.requireNonNull(value, "baseUrl");
      new ReplayTargets(value);
      return this;
    }

    /** How long to wait for a connection (default 2 s). */
    public Builder connectTimeout(Duration value) {
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException("connectTimeout must be positive, was " + value);
      }
      this.connectTimeout = value;
      return this;
    }

    /** Largest candidate response body read (default 16 MiB); a larger one is a replay error. */
    public Builder maxResponseBytes(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxResponseBytes must be positive, was " + value);
      }
      this.maxResponseBytes = value;
      return this;
    }

    public ReplayGateway build() {
      return new ReplayGateway(this);
    }
  }
}
