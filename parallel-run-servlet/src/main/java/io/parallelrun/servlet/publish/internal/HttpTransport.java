package io.parallelrun.servlet.publish.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parallelrun.core.wire.PayloadSignature;
import io.parallelrun.core.wire.WireProtocol;
import io.parallelrun.servlet.internal.BoundedBody;
import io.parallelrun.servlet.internal.InFlight;
import io.parallelrun.servlet.publish.Transport;
import io.parallelrun.servlet.publish.TransportResult;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link Transport}: signed POSTs to the candidate's receiver with the JDK {@link
 * HttpClient} (HTTP/1.1 keep-alive, connect timeout, a deadline for the whole exchange including
 * the answer's body, an answer over 64 KiB an error). The client runs on the publisher's own
 * thread with the blocking {@code send}: {@code sendAsync} hands every completion to the common
 * pool, which on machines of one or two cores starts a new thread each time.
 *
 * <p>Answers: 2xx accepted (a batch answer {@code {"accepted": n, "rejected": [...]}} splits the
 * count), 400 and other 4xx rejected, 401/403/413/415 rejected and logged clearly, 429 and 503
 * retried once after {@code Retry-After} when that is within the configured cap (unless the answer
 * says that some lines of the batch were taken: those are counted accepted, the rest errors, and
 * nothing is resent), 5xx, 3xx, timeouts and connection failures errors.
 *
 * <p>An answer that is not HTTP at all (a wrong port, or an HTTPS port addressed with {@code
 * http://}) pauses posting: the JDK client keeps the connection of such an exchange open and
 * registered for good (seen on Java 17 and 25), so each one would leak a socket. While paused,
 * {@link #send} waits before it contacts the candidate (captures wait in the publisher's queue,
 * and are dropped and counted when it is full); the pause starts at one second and doubles up to
 * {@link #MAX_NOT_HTTP_PAUSE} while the answers stay unreadable. Where
 * the runtime can close an {@link HttpClient} (Java 21 and later), the client that holds such a
 * connection is closed and replaced, which releases it. The request body is let go once it is
 * sent, so that a held exchange does not hold a batch too.
 *
 * <p>Thread-safe.
 */
public final class HttpTransport implements Transport {

  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ANSWER_BYTES = 64 * 1024;
  private static final long DEFAULT_RETRY_MILLIS = 500;
  private static final Duration FIRST_NOT_HTTP_PAUSE = Duration.ofSeconds(1);
  /** The longest pause after answers that are not HTTP. */
  static final Duration MAX_NOT_HTTP_PAUSE = Duration.ofMinutes(5);

  private final URI endpoint;
  private final PayloadSignature signature;
  private final Duration requestTimeout;
  private final long maxRetryAfterMillis;
  private final Duration connectTimeout;
  private final InFlight inFlight;
  private final AtomicLong posts = new AtomicLong();
  private volatile HttpClient client;
  private final Object pauseLock = new Object();
  private long pausedUntil; // System.nanoTime(), guarded by pauseLock
  private long pauseNanos; // guarded by pauseLock; 0 while answers are HTTP
  private final RateLimitedLog log = new RateLimitedLog(LOG, 10, TimeUnit.MINUTES);

  public HttpTransport(
      URI endpoint, PayloadSignature signature, Duration connectTimeout, Duration requestTimeout,
      Duration maxRetryAfter, String threadNamePrefix) {
    this.endpoint = endpoint;
    this.signature = signature;
    this.requestTimeout = requestTimeout;
    this.connectTimeout = connectTimeout;
    this.maxRetryAfterMillis = maxRetryAfter.toMillis();
    this.inFlight = new InFlight(threadNamePrefix + "-deadlines");
    this.client = newClient();
  }

  private HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(Runnable::run) // its few tasks run on the calling and selector threads: no pool
        .build();
  }

  /** The receiver's URL. */
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public TransportResult send(byte[] body, int length, String contentType, int payloadCount)
      throws InterruptedException {
    boolean batch = contentType.startsWith(WireProtocol.NDJSON);
    waitOutPause();
    for (int attempt = 0; ; attempt++) {
      Answer answer = post(body, length, contentType);
      if (answer.failure != null) {
        if (answer.notHttp) {
          pauseAfterNotHttp(answer.failure);
        }
        return TransportResult.error(payloadCount, answer.failure);
      }
      answeredHttp();
      int status = answer.status;
      if ((status == 429 || status == 503) && attempt == 0 && !(batch && claimsAccepted(answer))) {
        long wait = retryDelayMillis(answer.retryAfter);
        if (wait >= 0) {
          Thread.sleep(wait);
          continue;
        }
      }
      return interpret(answer, payloadCount, batch);
    }
  }

  private TransportResult interpret(Answer answer, int count, boolean batch) {
    int status = answer.status;
    if (status >= 200 && status < 300) {
      return batch ? interpretBatch(answer, count) : TransportResult.accepted(count);
    }
    String said = status + " " + answer.text();
    switch (status) {
      case 401:
      case 403:
        log.warn("auth", "The candidate at " + endpoint + " refused the signature (" + said
            + "): check that both sides use the same secret and that the clocks agree within 5 minutes");
        return TransportResult.rejected(count, said);
      case 413:
        log.warn("size", "The candidate at " + endpoint + " refused a POST as too large (" + said
            + "): lower the publisher's batch or post size, or raise the receiver's limit");
        return TransportResult.rejected(count, said);
      case 415:
        log.warn("type", "The candidate at " + endpoint + " does not accept this content type (" + said
            + "): a receiver that only speaks one payload per POST needs the publisher's batching turned off");
        return TransportResult.rejected(count, said);
      case 429:
      case 503:
        if (batch && claimsAccepted(answer)) {
          return interpretBatch(answer, count); // took part of the batch: the rest are errors, never resent
        }
        return TransportResult.error(count, "the candidate is busy: " + said);
      default:
        if (status >= 400 && status < 500) {
          log.warn("4xx-" + status, "The candidate at " + endpoint + " rejected payloads: " + said);
          return TransportResult.rejected(count, said);
        }
        return TransportResult.error(count, "unexpected answer " + said);
    }
  }

  /**
   * Whether a busy answer says that the receiver took some lines anyway. Resending such a batch
   * would deliver those lines twice, so it is not retried.
   */
  private static boolean claimsAccepted(Answer answer) {
    try {
      JsonNode tree = JSON.readTree(answer.body);
      return tree != null && tree.path("accepted").asInt(0) > 0;
    } catch (Exception e) {
      return false;
    }
  }

  private TransportResult interpretBatch(Answer answer, int count) {
    JsonNode tree;
    try {
      tree = JSON.readTree(answer.body);
    } catch (Exception e) {
      tree = null;
    }
    if (tree == null || !tree.isObject() || !tree.path("accepted").canConvertToInt()) {
      return TransportResult.error(count, "unreadable batch answer " + answer.status + " " + answer.text());
    }
    int accepted = Math.max(0, Math.min(count, tree.path("accepted").asInt()));
    JsonNode rejectedLines = tree.path("rejected");
    int rejected = rejectedLines.isArray() ? Math.min(count - accepted, rejectedLines.size()) : 0;
    int unaccounted = count - accepted - rejected;
    String detail = null;
    if (rejected > 0) {
      JsonNode first = rejectedLines.get(0);
      detail = rejected + " line(s) rejected, first: line " + first.path("line").asText("?") + ": "
          + first.path("detail").asText("");
    }
    if (unaccounted > 0) {
      detail = (detail == null ? "" : detail + "; ") + "the answer accounts for only "
          + (accepted + rejected) + " of " + count + " lines";
    }
    return TransportResult.of(accepted, rejected, unaccounted, detail);
  }

  private long retryDelayMillis(String retryAfter) {
    long millis;
    if (retryAfter == null || retryAfter.isBlank()) {
      millis = DEFAULT_RETRY_MILLIS;
    } else {
      String value = retryAfter.trim();
      try {
        millis = value.chars().allMatch(Character::isDigit)
            ? Math.multiplyExact(Long.parseLong(value), 1000L)
            : Duration.between(Instant.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)).toMillis();
      } catch (RuntimeException e) {
        millis = DEFAULT_RETRY_MILLIS;
      }
    }
    millis = Math.max(0, millis);
    if (millis > maxRetryAfterMillis) {
      return -1; // asked to wait longer than allowed: give up at once
    }
    return millis;
  }

  /** Waits while posting is paused; the payloads wait in the publisher's queue meanwhile. */
  private void waitOutPause() throws InterruptedException {
    long left;
    synchronized (pauseLock) {
      left = pauseNanos == 0 ? 0 : pausedUntil - System.nanoTime();
    }
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  private void pauseAfterNotHttp(String failure) {
    long pause;
    synchronized (pauseLock) {
      pauseNanos = pauseNanos == 0 ? FIRST_NOT_HTTP_PAUSE.toNanos() : Math.min(pauseNanos * 2, MAX_NOT_HTTP_PAUSE.toNanos());
      pausedUntil = System.nanoTime() + pauseNanos;
      pause = pauseNanos;
    }
    log.warn("not-http", "The candidate at " + endpoint + " answered something that is not HTTP (" + failure
        + "): check the port and the scheme (http or https) of the candidate URL. Not posting for "
        + TimeUnit.NANOSECONDS.toMillis(pause) + " ms; captures wait in the queue meanwhile (dropped when it is full)");
    releaseHeldConnection();
  }

  private void answeredHttp() {
    synchronized (pauseLock) {
      pauseNanos = 0;
    }
  }

  /**
   * Closes the client that holds the connection of an unreadable answer and starts a new one, where
   * the runtime can close an {@link HttpClient} (Java 21 and later). On Java 17 it cannot be closed,
   * and a replaced client would keep its selector thread as well, so the client is kept.
   */
  private void releaseHeldConnection() {
    HttpClient old = client;
    if (old instanceof AutoCloseable) {
      client = newClient();
      try {
        ((AutoCloseable) old).close(); // waits for exchanges under way on other threads, if any
      } catch (Exception e) {
        LOG.debug("closing the replaced HTTP client failed", e);
      }
    }
  }

  private Answer post(byte[] body, int length, String contentType) throws InterruptedException {
    long now = System.currentTimeMillis() / 1000;
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(requestTimeout)
            .header("Content-Type", contentType)
            .header(WireProtocol.SIGNATURE_HEADER, signature.sign(body, 0, length, now))
            .POST(new SentOnce(body, length))
            .build();
    BoundedBody answer = new BoundedBody(MAX_ANSWER_BYTES);
    String key = Long.toString(posts.incrementAndGet());
    inFlight.add(key, answer, System.nanoTime() + requestTimeout.toNanos());
    try {
      HttpResponse<byte[]> response = client.send(request, info -> answer);
      return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Retry-After").orElse(null));
    } catch (HttpConnectTimeoutException e) {
      return Answer.failed("could not connect within " + connectTimeout.toMillis() + " ms");
    } catch (IOException e) {
      // send() wraps what failed the exchange in an IOException of its own
      Throwable cause = e instanceof HttpTimeoutException || e.getCause() == null ? e : e.getCause();
      if (cause instanceof HttpTimeoutException) {
        return Answer.failed("no answer within " + requestTimeout.toMillis() + " ms");
      }
      return cause instanceof ProtocolException ? Answer.notHttp(describe(cause)) : Answer.failed(describe(cause));
    } catch (RuntimeException e) {
      return Answer.failed(describe(e));
    } finally {
      inFlight.remove(key);
    }
  }

  private static String describe(Throwable t) {
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  @Override
  public void close() {
    inFlight.close();
  }

  @Override
  public String toString() {
    return "HttpTransport{" + endpoint + "}";
  }

  private static final class Answer {
    final int status;
    final byte[] body;
    final String retryAfter;
    final String failure;
    /** The answer was not HTTP: the JDK client holds on to such a connection. */
    final boolean notHttp;

    Answer(int status, byte[] body, String retryAfter) {
      this.status = status;
      this.body = body;
      this.retryAfter = retryAfter;
      this.failure = null;
      this.notHttp = false;
    }

    private Answer(String failure, boolean notHttp) {
      this.status = -1;
      this.body = null;
      this.retryAfter = null;
      this.failure = failure;
      this.notHttp = notHttp;
    }

    static Answer failed(String failure) {
      return new Answer(failure, false);
    }

    static Answer notHttp(String failure) {
      return new Answer(failure, true);
    }

    String text() {
      if (body == null || body.length == 0) {
        return "(no body)";
      }
      String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
      return s.replaceAll("[\\r\\n\\t]+", " ");
    }
  }

  /**
   * A request body that is sent once and then let go of, so that an exchange the client holds on to
   * does not keep the publisher's batch alive. A second subscription, which the client makes only
   * to resend, fails rather than send an empty body.
   */
  private static final class SentOnce implements HttpRequest.BodyPublisher {
    private final AtomicReference<ByteBuffer> body;
    private final int length;

    SentOnce(byte[] bytes, int length) {
      this.body = new AtomicReference<>(ByteBuffer.wrap(bytes, 0, length));
      this.length = length;
    }

    @Override
    public long contentLength() {
      return length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
      subscriber.onSubscribe(new Flow.Subscription() {
        private ByteBuffer pending = body.getAndSet(null);
        private boolean done;

        @Override
        public void request(long n) {
          if (done) {
            return;
          }
          done = true;
          ByteBuffer next = pending;
          pending = null;
          if (n <= 0) {
            subscriber.onError(new IllegalArgumentException("non-positive request: " + n));
          } else if (next == null) {
            subscriber.onError(new IllegalStateException("a publisher's POST is sent once, never resent"));
          } else {
            subscriber.onNext(next);
            subscriber.onComplete();
          }
        }

        @Override
        public void cancel() {
          done = true;
          pending = null;
        }
      });
    }
  }
}
