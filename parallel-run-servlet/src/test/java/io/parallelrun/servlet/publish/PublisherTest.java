package io.parallelrun.servlet.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.payload.HttpHeaders;
import io.parallelrun.core.redact.Redaction;
import io.parallelrun.core.wire.PayloadCodec;
import io.parallelrun.core.wire.PayloadSignature;
import io.parallelrun.core.wire.WireProtocol;
import io.parallelrun.servlet.publish.internal.BoundedQueue;
import io.parallelrun.servlet.testing.FaultyCandidate;
import io.parallelrun.servlet.testing.Jetty;
import io.parallelrun.servlet.testing.Meters;
import io.parallelrun.servlet.testing.TestReceiver;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PublisherTest {

  private static final String SECRET = "a-test-secret-of-enough-length";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closing(T resource) {
    toClose.add(resource);
    return resource;
  }

  static ConsistencyCheckPayload payload(int i) {
    return ConsistencyCheckPayload.builder()
        .operationId("getReturn")
        .request(CapturedRequest.of("GET", "/returns/" + i, HttpHeaders.of("X-Test-Id", "t" + i)))
        .response(CapturedResponse.of(200, HttpHeaders.of("Content-Type", "application/json"),
            ("{\"id\":" + i + "}").getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  private ConsistencyCheckPublisher.Builder publisherTo(String url) {
    return ConsistencyCheckPublisher.builder().candidateUrl(url).secret(SECRET).meterRegistry(registry)
        .batchDelay(Duration.ofMillis(10));
  }

  /** A receiver that answers from a script of statuses, then 202. */
  static final class ScriptedReceiver extends HttpServlet {
    final ConcurrentLinkedQueue<String[]> script = new ConcurrentLinkedQueue<>();
    final AtomicInteger posts = new AtomicInteger();
    final ConcurrentLinkedQueue<String> contentTypes = new ConcurrentLinkedQueue<>();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      posts.incrementAndGet();
      contentTypes.add(req.getContentType());
      byte[] body = req.getInputStream().readAllBytes();
      String[] next = script.poll();
      if (next == null) {
        int lines = 0;
        for (byte b : body) {
          lines += b == '\n' ? 1 : 0;
        }
        resp.setStatus(202);
        resp.getWriter().write("{\"accepted\":" + Math.max(lines, 1) + ",\"rejected\":[]}");
        return;
      }
      resp.setStatus(Integer.parseInt(next[0]));
      if (next.length > 1 && next[1] != null) {
        resp.setHeader("Retry-After", next[1]);
      }
      resp.getWriter().write("{\"detail\":\"scripted\"}");
    }
  }

  @Test
  void signedBatchesReachTheReceiverAndAModifiedBodyFailsVerification() {
    TestReceiver receiver = closing(new TestReceiver(SECRET));
    ConsistencyCheckPublisher publisher = closing(publisherTo(receiver.url()).build());
    for (int i = 0; i < 25; i++) {
      assertThat(publisher.publish(payload(i))).isTrue();
    }
    await().atMost(Duration.ofSeconds(10))
        .until(() -> Meters.published(registry, MeterNames.OUTCOME_ACCEPTED) == 25);
    assertThat(receiver.unauthorised).hasValue(0);
    assertThat(receiver.payloadList()).hasSize(25).contains(payload(7));

    TestReceiver.Post post = receiver.posts.peek();
    assertThat(post.contentType).startsWith(WireProtocol.NDJSON);
    PayloadSignature verifier = PayloadSignature.withSecret(SECRET);
    long now = Instant.now().getEpochSecond();
    assertThat(verifier.verify(post.signature, post.body, now)).isEqualTo(PayloadSignature.Verification.VALID);
    byte[] modified = post.body.clone();
    modified[modified.length / 2] ^= 1;
    assertThat(verifier.verify(post.signature, modified, now)).isEqualTo(PayloadSignature.Verification.MISMATCH);
    assertThat(PayloadSignature.withSecret("another-secret-of-enough-length").verify(post.signature, post.body, now))
        .isEqualTo(PayloadSignature.Verification.MISMATCH);
  }

  @Test
  void aWrongSecretIsRejectedByTheReceiverAndCountedRejected() {
    TestReceiver receiver = closing(new TestReceiver(SECRET));
    ConsistencyCheckPublisher publisher = closing(ConsistencyCheckPublisher.builder().candidateUrl(receiver.url())
        .secret("not-the-receivers-secret!!").meterRegistry(registry).batchDelay(Duration.ofMillis(10)).build());
    for (int i = 0; i < 5; i++) {
      publisher.publish(payload(i));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> Meters.published(registry, MeterNames.OUTCOME_REJECTED) == 5);
    assertThat(receiver.unauthorised.get()).isPositive();
    assertThat(receiver.payloadList()).isEmpty();
  }

  @Test
  void rejectedLinesOfABatchAreCountedPerPayload() {
    TestReceiver receiver = closing(new TestReceiver(SECRET));
    receiver.rejectIf = p -> p.request().target().endsWith("3");
    ConsistencyCheckPublisher publisher = closing(publisherTo(receiver.url()).batchDelay(Duration.ofSeconds(5))
        .batchMaxPayloads(20).build());
    for (int i = 0; i < 20; i++) {
      publisher.publish(payload(i)); // 3 and 13 are rejected
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> Meters.published(registry, null) == 20);
    assertThat(Meters.published(registry, MeterNames.OUTCOME_ACCEPTED)).isEqualTo(18);
    assertThat(Meters.published(registry, MeterNames.OUTCOME_REJECTED)).isEqualTo(2);
    assertThat(receiver.posts).hasSize(1);
  }

  @Test
  void singlePayloadModePostsOneJsonDocumentEach() {
    TestReceiver receiver = closing(new TestReceiver(SECRET));
    ConsistencyCheckPublisher publisher = closing(publisherTo(receiver.url()).batching(false).build());
    for (int i = 0; i < 4; i++) {
      publisher.publish(payload(i));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> Meters.published(registry, MeterNames.OUTCOME_ACCEPTED) == 4);
    assertThat(receiver.posts).hasSize(4).allSatisfy(p -> {
      assertThat(p.contentType).startsWith(WireProtocol.JSON);
      assertThat(PayloadCodec.standard().read(p.body).request().target()).startsWith("/returns/");
    });
  }

  @Test
  void batchesAreFlushedByCountAndByBytes() {
    TestReceiver receiver = closing(new TestReceiver(SECRET));
    ConsistencyCheckPublisher publisher = closing(publisherTo(receiver.url()).batchDelay(Duration.ofMinutes(1))
        .batchMaxPayloads(10).build());
    for (int i = 0; i < 30; i++) {
      publisher.publish(payload(i));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> Meters.published(registry, MeterNames.OUTCOME_ACCEPTED) == 30);
    assertThat(receiver.posts).hasSize(3);

    SimpleMeterRegistry bytesRegistry = new SimpleMeterRegistry();
    TestReceiver second = closing(new TestReceiver(SECRET));
    ConsistencyCheckPublisher byBytes = closing(ConsistencyCheckPublisher.builder().candidateUrl(second.url())
        .secret(SECRET).meterRegistry(bytesRegistry).batchDelay(Duration.ofMinutes(1)).batchMaxPayloads(1000)
        .batchMaxBytes(1000).build());
    for (int i = 0; i < 40; i++) {
      byBytes.publish(payload(i));
    }
    await().atMost(Duration.ofSeconds(10))
        .until(() -> second.posts.stream().mapToInt(p -> count(p.body)).sum() >= 35);
    assertThat(second.posts).allSatisfy(p -> assertThat(p.body.length).isLessThan(1000 + 400));
  }

  @Test
  void fullBatchesOfLargeCapturesReuseOneArray() {
    Set<byte[]> arrays = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    ConsistencyCheckPublisher publisher = closing(ConsistencyCheckPublisher.builder()
        .transport((body, length, type, count) -> {
          arrays.add(body);
          return TransportResult.accepted(count);
        })
        .meterRegistry(registry).batchDelay(Duration.ofMinutes(1)).batchMaxPayloads(1000).build());
    byte[] body = "x".repeat(100_000).getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 60; i++) {
      publisher.publish(ConsistencyCheckPayload.builder().operationId("report")
          .request(CapturedRequest.of("GET", "/reports/" + i, HttpHeaders.of()))
          .response(CapturedResponse.of(200, HttpHeaders.of("Content-Type", "text/plain"), body)).build());
    }
    // flushed by bytes (1 MiB by default): about ten captures a batch, the rest waits for the delay
    await().atMost(Duration.ofSeconds(10)).until(() -> Meters.published(registry, MeterNames.OUTCOME_ACCEPTED) >= 50);
    assertThat(arrays).as("arrays handed to the transport").hasSize(1);
  }

  private static int count(byte[] body) {
    int n = 0;
    for (byte b : body) {
      n += b == '\n' ? 1 : 0;
    }
    return n;
  }

  /**
   * Deadline of one exchange in the retry test below: longer than the default 5 s, which a first
   * exchange on a loaded machine can exceed, turning the scripted 429 or its retry into a timeout
   * error the test does not expect.
   */
  private static final Duration SLOW_EXCHANGE = Duration.ofSeconds(20);

  /**
   * How long a wait for the publisher's background thread may take in the retry test: a bound on a
   * hang only, room for two slow exchanges; each wait ends as soon as its condition holds.
   */
  private static final Duration SLOW_MACHINE_BOUND = Duration.ofSeconds(60);

  @Test
  void busyReceiverIsRetriedOnceHonouringRetryAfterAndThenCountedAsError() {
    ScriptedReceiver scripted = new ScriptedReceiver();
    Jetty jetty = closing(Jetty.start(scripted, null));
    scripted.script.add(new String[] {"429", "0"});
    ConsistencyCheckPublisher publisher = closing(publisherTo(jetty.url("/consistency-checks"))
        .connectTimeout(SLOW_EXCHANGE).requestTimeout(SLOW_EXCHANGE).build());
    publisher.publish(payload(1));
    await().atMost(SLOW_MACHINE_BOUND).until(() -> Meters.published(registry, null) == 1);
    assertThat(Meters.published(registry, MeterNames.OUTCOME_ACCEPTED)).isEqualTo(1);
    assertThat(scripted.posts).hasValue(2);

    scripted.script.add(new String[] {"503", "0"});
    scripted.script.add(new String[] {"503", "0"});
    publisher.publish(payload(2));
    await().atMost(SLOW_MACHINE_BOUND).until(() -> Meters.published(registry, null) == 2);
    assertThat(Meters.published(registry, MeterNames.OUTCOME_ERROR)).isEqualTo(1);
    assertThat(scripted.posts).hasValue(4);

    scripted.script.add(new String[] {"429", "3600"}); // longer than the cap: no retry at all
    publisher.publish(payload(3));
    await().atMost(SLOW_MACHINE_BOUND).until(() -> Meters.published(registry, null) == 3);
    assertThat(Meters.published(registry, MeterNames.OUTCOME_ERROR)).isEqualTo(2);
    assertThat(scripted.posts).hasValue(5);
  }

  @Test
  void clientErrorsAreRejectedAndServerErrorsAreErrors() {
    ScriptedReceiver scripted = new ScriptedReceiver();
    Jetty jetty = closing(Jetty.start(scripted, null));
    ConsistencyCheckPublisher publisher = closing(publisherTo(jetty.url("/consistency-checks")).batching(false).build());
    String[] statuses = {"400", "401", "413", "415", "500", "502"};
    for (String status : statuses) {
      scripted.script.add(new String[] {status});
    }
    for (int i = 0; i < statuses.length; i++) {
      publisher.publish(payload(i));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> Meters.published(registry, null) == statuses.length);
    assertThat(Meters.published(registry, MeterNames.OUTCOME_REJECTED)).isEqualTo(4);
    assertThat(Meters.published(registry, MeterNames.OUTCOME_ERROR)).isEqualTo(2);
  }

  @Test
  void aCandidateThatNeverAnswersTimesOutAsError() throws Exception {
    FaultyCandidate hang = closing(new FaultyCandidate(FaultyCandidate.Fault.HANG));
    ConsistencyCheckPublisher publisher = closing(publisherTo(hang.url()).requestTimeout(Duration.ofMillis(300)).build());
    publisher.publish(payload(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> Meters.published(registry, MeterNames.OUTCOME_ERROR) == 1);
  }

  /**
   * The JDK client keeps the connection of an exchange whose answer is not HTTP open for good (a
   * leaked socket and request per POST), so such an answer pauses posting for a second, doubling;
   * what is captured meanwhile waits in the queue.
   */
  @Test
  void anAnswerThatIsNotHttpPausesPostingWhileCapturesWaitInTheQueue() throws Exception {
    FaultyCandidate garbage = closing(new FaultyCandidate(FaultyCandidate.Fault.GARBAGE));
    ConsistencyCheckPublisher publisher = closing(publisherTo(garbage.url()).build());
    long started = System.nanoTime();
    publisher.publish(payload(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> Meters.published(registry, MeterNames.OUTCOME_ERROR) == 1);
    for (int i = 2; i <= 10; i++) {
      publisher.publish(payload(i)); // they wait out the pause in the queue, then go as one batch
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> Meters.published(registry, MeterNames.OUTCOME_ERROR) == 10);
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(elapsedMillis).as("the second contact waited out the first pause").isGreaterThanOrEqualTo(1000);
    // one batch usually; a slow test thread can split it, and the second part waits out 2 s more
    assertThat(garbage.connections.get()).isBetween(2, 1 + (int) (elapsedMillis / 1000));
    assertThat(Meters.published(registry, null)).isEqualTo(10);
  }

  @Test
  void closeSendsWhatIsQueuedThenCountsTheRestAsDropped() throws Exception {
    TestReceiver receiver = closing(new TestReceiver(SECRET));
    ConsistencyCheckPublisher publisher = publisherTo(receiver.url()).batchDelay(Duration.ofMinutes(1)).build();
    for (int i = 0; i < 50; i++) {
      publisher.publish(payload(i));
    }
    publisher.close();
    assertThat(Meters.published(registry, MeterNames.OUTCOME_ACCEPTED)).isEqualTo(50);
    assertThat(publisher.publish(payload(99))).isFalse();
    assertThat(Meters.published(registry, MeterNames.OUTCOME_DROPPED)).isEqualTo(1);

    SimpleMeterRegistry deadRegistry = new SimpleMeterRegistry();
    FaultyCandidate hang = closing(new FaultyCandidate(FaultyCandidate.Fault.HANG));
    ConsistencyCheckPublisher stuck = ConsistencyCheckPublisher.builder().candidateUrl(hang.url()).secret(SECRET)
        .meterRegistry(deadRegistry).batchMaxPayloads(5).batchDelay(Duration.ofMillis(1))
        .requestTimeout(Duration.ofMinutes(1)).closeTimeout(Duration.ofMillis(300)).build();
    for (int i = 0; i < 40; i++) {
      stuck.publish(payload(i));
    }
    long started = System.nanoTime();
    stuck.close();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    assertThat(Meters.published(deadRegistry, null)).isEqualTo(40);
    assertThat(Meters.published(deadRegistry, MeterNames.OUTCOME_DROPPED)).isEqualTo(40);
    assertThat(stuck.queueSize()).isZero();
  }

  @Test
  void aFullQueueDropsWithoutBlockingAndCounts() {
    ConsistencyCheckPublisher publisher = closing(ConsistencyCheckPublisher.builder()
        .transport((body, length, type, count) -> {
          Thread.sleep(60_000);
          return TransportResult.accepted(count);
        })
        .meterRegistry(registry).maxQueuePayloads(10).batchMaxPayloads(1).closeTimeout(Duration.ofMillis(100)).build());
    int accepted = 0;
    long started = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      accepted += publisher.publish(payload(i)) ? 1 : 0;
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(accepted).isBetween(10, 11); // one may already be on the worker
    assertThat(Meters.published(registry, MeterNames.OUTCOME_DROPPED)).isEqualTo(100 - accepted);
    assertThat(registry.get(MeterNames.QUEUE_SIZE).tag(MeterNames.SIDE, "legacy").gauge().value()).isLessThanOrEqualTo(10);
  }

  @Test
  void redactionAndSerialisationFailuresAreCountedAsErrors() {
    TestReceiver receiver = closing(new TestReceiver(SECRET));
    ConsistencyCheckPublisher publisher = closing(publisherTo(receiver.url()).build());
    Redaction failing = new Redaction() {
      @Override
      public CapturedRequest redact(CapturedRequest request) {
        throw new IllegalStateException("broken rule");
      }

      @Override
      public CapturedResponse redact(CapturedResponse response) {
        return response;
      }
    };
    publisher.publish(payload(1), failing);
    publisher.publish(payload(2));
    await().atMost(Duration.ofSeconds(10)).until(() -> Meters.published(registry, null) == 2);
    assertThat(Meters.published(registry, MeterNames.OUTCOME_ERROR)).isEqualTo(1);
    assertThat(Meters.published(registry, MeterNames.OUTCOME_ACCEPTED)).isEqualTo(1);
  }

  @Test
  void threadsAreNamedDaemons() {
    TestReceiver receiver = closing(new TestReceiver(SECRET));
    closing(publisherTo(receiver.url()).workers(2).build());
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().equals("parallel-run-publisher-1") || t.getName().equals("parallel-run-publisher-2"))
        .hasSize(2)
        .allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
  }

  @Test
  void builderRefusesIncompleteConfiguration() {
    assertThatThrownBy(() -> ConsistencyCheckPublisher.builder().secret(SECRET).build())
        .hasMessageContaining("candidateUrl");
    assertThatThrownBy(() -> ConsistencyCheckPublisher.builder().candidateUrl("http://localhost:1").build())
        .hasMessageContaining("secret");
    assertThatThrownBy(() -> ConsistencyCheckPublisher.builder().candidateUrl("http://localhost:1").secret("short").build())
        .hasMessageContaining("16");
    assertThatThrownBy(() -> ConsistencyCheckPublisher.builder().candidateUrl("ftp://x/y"))
        .hasMessageContaining("http");
  }

  @Test
  void boundedQueueNeverExceedsItsBoundsUnderConcurrentOffers() throws Exception {
    BoundedQueue<long[]> queue = new BoundedQueue<>(1000, 10_000, e -> e[0]);
    AtomicLong maxBytes = new AtomicLong();
    AtomicLong maxCount = new AtomicLong();
    int threads = 4;
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      int seed = t;
      new Thread(() -> {
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < 100_000; i++) {
          if (random.nextBoolean()) {
            queue.offer(new long[] {1 + random.nextInt(300)});
          } else {
            queue.poll();
          }
          maxBytes.accumulateAndGet(queue.bytes(), Math::max);
          maxCount.accumulateAndGet(queue.size(), Math::max);
        }
        done.countDown();
      }).start();
    }
    done.await();
    assertThat(maxBytes.get()).isPositive().isLessThanOrEqualTo(10_000);
    assertThat(maxCount.get()).isLessThanOrEqualTo(1000);
    long bytes = 0;
    long[] e;
    int n = 0;
    int size = queue.size();
    while ((e = queue.poll()) != null) {
      bytes += e[0];
      n++;
    }
    assertThat(n).isEqualTo(size);
    assertThat(queue.bytes()).isZero();
    assertThat(bytes).isLessThanOrEqualTo(10_000);
  }
}
