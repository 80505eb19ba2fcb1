package io.parallelrun.servlet.publish.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parallelrun.core.wire.PayloadSignature;
import io.parallelrun.core.wire.WireProtocol;
import io.parallelrun.servlet.publish.Transport;
import io.parallelrun.servlet.publish.TransportResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link Transport}: signed POSTs to the candidate's receiver with the JDK {@link
 * HttpClient} (HTTP/1.1 keep-alive, connect timeout, a deadline for the whole exchange including
 * the answer's body, answers read up to 64 KiB).
 *
 * <p>Answers: 2xx accepted (a batch answer {@code {"accepted": n, "rejected": [...]}} splits the
 * count), 400 and other 4xx rejected, 401/403/413/415 rejected and logged clearly, 429 and 503
 * retried once after {@code Retry-After} when that is within the configured cap (unless the answer
 * says that some lines of the batch were taken: those are counted accepted, the rest errors, and
 * nothing is resent), 5xx, 3xx, timeouts and connection failures errors.
 *
 * <p>Thread-safe.
 */
public final class HttpTransport implements Transport {

  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ANSWER_BYTES = 64 * 1024;
  private static final long DEFAULT_RETRY_MILLIS = 500;

  private final URI endpoint;
  private final PayloadSignature signature;
  private final Duration requestTimeout;
  private final long maxRetryAfterMillis;
  private final ExecutorService executor;
  private final HttpClient client;
  private final RateLimitedLog log = new RateLimitedLog(LOG, 10, TimeUnit.MINUTES);

  public HttpTransport(
      URI endpoint, PayloadSignature signature, Duration connectTimeout, Duration requestTimeout,
      Duration maxRetryAfter, String threadNamePrefix) {
    this.endpoint = endpoint;
    this.signature = signature;
    this.requestTimeout = requestTimeout;
    this.maxRetryAfterMillis = maxRetryAfter.toMillis();
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, threadNamePrefix + "-http-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
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
    for (int attempt = 0; ; attempt++) {
      Answer answer = post(body, length, contentType);
      if (answer.failure != null) {
        return TransportResult.error(payloadCount, answer.failure);
      }
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

  private Answer post(byte[] body, int length, String contentType) throws InterruptedException {
    long now = System.currentTimeMillis() / 1000;
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(requestTimeout)
            .header("Content-Type", contentType)
            .header(WireProtocol.SIGNATURE_HEADER, signature.sign(body, 0, length, now))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body, 0, length))
            .build();
    CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, info -> new CappedBody());
    try {
      HttpResponse<byte[]> response = future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Retry-After").orElse(null));
    } catch (TimeoutException e) {
      future.cancel(true);
      return Answer.failed("no answer within " + requestTimeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException | CancellationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return Answer.failed(cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
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

    Answer(int status, byte[] body, String retryAfter) {
      this.status = status;
      this.body = body;
      this.retryAfter = retryAfter;
      this.failure = null;
    }

    private Answer(String failure) {
      this.status = -1;
      this.body = null;
      this.retryAfter = null;
      this.failure = failure;
    }

    static Answer failed(String failure) {
      return new Answer(failure);
    }

    String text() {
      if (body == null || body.length == 0) {
        return "(no body)";
      }
      String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
      return s.replaceAll("[\\r\\n\\t]+", " ");
    }
  }

  /** Collects an answer body up to 64 KiB and gives up on the rest. */
  private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final byte[] bytes = new byte[MAX_ANSWER_BYTES];
    private int size;
    private Flow.Subscription subscription;

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer item : items) {
        int n = Math.min(item.remaining(), bytes.length - size);
        item.get(bytes, size, n);
        size += n;
      }
      if (size == bytes.length && !result.isDone()) {
        result.complete(java.util.Arrays.copyOf(bytes, size));
        subscription.cancel();
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(java.util.Arrays.copyOf(bytes, size));
    }
  }
}
