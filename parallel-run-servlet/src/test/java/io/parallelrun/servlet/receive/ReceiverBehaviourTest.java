package io.parallelrun.servlet.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.check.ConsistencyChecker;
import io.parallelrun.core.check.ReplayResult;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationPolicy;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.HttpHeaders;
import io.parallelrun.core.record.CheckRecorder;
import io.parallelrun.core.wire.PayloadSignature;
import io.parallelrun.servlet.testing.JettyApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batches, backlog, shutdown and start-up rules of the receiver, with exact accounting. */
class ReceiverBehaviourTest {

  private static final String SECRET = "receiver-behaviour-secret-0123456789";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final PayloadSignature signature = PayloadSignature.withSecret(SECRET);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger replays = new AtomicInteger();
  private JettyApp front;

  @AfterEach
  void stop() {
    release.countDown();
    if (front != null) {
      front.close();
    }
  }

  /** A receiver whose replayer blocks until released, so the backlog can be filled deterministically. */
  private ConsistencyCheckServlet receiver(int workers, int maxQueued, boolean blocking) {
    CheckRecorder recorder = CheckRecorder.builder().meterRegistry(registry)
        .policies(OperationPolicies.builder()
            .defaults(OperationPolicy.custom().comparator((a, b) -> MatchResult.matched()).build()).build())
        .build();
    ConsistencyChecker checker = ConsistencyChecker.builder().recorder(recorder).replayer((id, request, timeout) -> {
      replays.incrementAndGet();
      if (blocking) {
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return ReplayResult.answered(CapturedResponse.of(200, HttpHeaders.empty(), null), 1000);
    }).build();
    ConsistencyCheckServlet servlet = ConsistencyCheckServlet.builder().secret(SECRET).checker(checker)
        .workers(workers).maxQueuedPayloads(maxQueued).retryAfter(Duration.ofSeconds(3)).build();
    front = new JettyApp().servlet("/consistency-checks/*", servlet).start();
    return servlet;
  }

  private static String payload(String target) {
    return "{\"request\":{\"url\":{\"path\":\"" + target + "\"},\"method\":\"GET\",\"headers\":{}},"
        + "\"response\":{\"status\":200,\"headers\":{},\"body\":null}}";
  }

  private HttpResponse<String> post(String contentType, String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return CLIENT.send(HttpRequest.newBuilder(URI.create(front.url("/consistency-checks")))
        .header("Content-Type", contentType)
        .header("Parallel-Run-Signature", signature.sign(bytes, Instant.now().getEpochSecond()))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private double skipped(String reason) {
    return registry.find(MeterNames.SKIPPED).tag(MeterNames.REASON, reason).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private double checks() {
    return registry.find(MeterNames.CHECKS).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Test
  void aBatchAcceptsValidLinesAndListsInvalidOnes() throws Exception {
    receiver(2, 100, false);
    String batch = payload("/a") + "\n" + "not json" + "\r\n" + "\n" + payload("//evil") + "\n" + payload("/b") + "\n";
    HttpResponse<String> response = post("application/x-ndjson", batch);
    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode answer = MAPPER.readTree(response.body());
    assertThat(answer.path("accepted").asInt()).isEqualTo(2);
    assertThat(answer.path("rejected")).hasSize(2);
    assertThat(answer.path("rejected").get(0).path("line").asInt()).isEqualTo(2);
    assertThat(answer.path("rejected").get(0).path("detail").asText()).startsWith("malformed-json:");
    assertThat(answer.path("rejected").get(1).path("line").asInt()).isEqualTo(4);
    assertThat(answer.path("rejected").get(1).path("pointer").asText()).isEqualTo("/request/url/path");
    await().atMost(Duration.ofSeconds(10)).until(() -> checks() == 2);
    assertThat(skipped("invalid_payload")).isEqualTo(2);
    assertThat(replays.get()).isEqualTo(2);
  }

  @Test
  void aFullBacklogAnswers429WithRetryAfterAndCountsEveryPayload() throws Exception {
    ConsistencyCheckServlet servlet = receiver(1, 3, true);
    // One payload is taken by the (blocked) worker, three wait: the backlog is full.
    assertThat(post("application/json", payload("/1")).statusCode()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> replays.get() == 1);
    for (int i = 2; i <= 4; i++) {
      assertThat(post("application/json", payload("/" + i)).statusCode()).isEqualTo(202);
    }
    assertThat(servlet.backlog()).isEqualTo(3);
    assertThat(registry.get(MeterNames.QUEUE_SIZE).tag(MeterNames.SIDE, "candidate").gauge().value()).isEqualTo(3);
    assertThat(registry.get(MeterNames.QUEUE_BYTES).tag(MeterNames.SIDE, "candidate").gauge().value()).isPositive();

    HttpResponse<String> full = post("application/json", payload("/5"));
    assertThat(full.statusCode()).isEqualTo(429);
    assertThat(full.headers().firstValue("Retry-After")).contains("3");
    assertThat(MAPPER.readTree(full.body()).path("type").asText()).isEqualTo("urn:parallel-run:problem:backlog-full");

    HttpResponse<String> fullBatch = post("application/x-ndjson", payload("/6") + "\n" + payload("/7") + "\n");
    assertThat(fullBatch.statusCode()).isEqualTo(429);
    assertThat(skipped("backlog_full")).isEqualTo(3);

    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> checks() == 4);
    assertThat(checks() + skipped("backlog_full")).isEqualTo(7);
  }

  @Test
  void aBatchLargerThanTheRoomLeftIsAcceptedInPartAndTheRestListed() throws Exception {
    receiver(1, 2, true);
    assertThat(post("application/json", payload("/0")).statusCode()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> replays.get() == 1);
    HttpResponse<String> response = post("application/x-ndjson",
        payload("/1") + "\n" + payload("/2") + "\n" + payload("/3") + "\n" + payload("/4") + "\n");
    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode answer = MAPPER.readTree(response.body());
    assertThat(answer.path("accepted").asInt()).isEqualTo(2);
    assertThat(answer.path("rejected")).hasSize(2);
    assertThat(answer.path("rejected").get(0).path("line").asInt()).isEqualTo(3);
    assertThat(answer.path("rejected").get(0).path("detail").asText()).startsWith("backlog-full");
    assertThat(skipped("backlog_full")).isEqualTo(2);
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> checks() == 3);
  }

  @Test
  void closingCountsWhatWasStillQueuedAsShutdownAndRefusesMore() throws Exception {
    ConsistencyCheckServlet servlet = receiver(1, 100, true);
    for (int i = 0; i < 6; i++) {
      assertThat(post("application/json", payload("/" + i)).statusCode()).isEqualTo(202);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> replays.get() == 1);
    Thread closer = new Thread(servlet::close);
    closer.start();
    // The worker is still blocked in its replay; once closing has begun, POSTs are refused with 503.
    AtomicInteger probes = new AtomicInteger();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      probes.incrementAndGet();
      HttpResponse<String> late = post("application/json", payload("/late"));
      return late.statusCode() == 503 && late.headers().firstValue("Retry-After").isPresent();
    });
    release.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(20));
    assertThat(closer.isAlive()).isFalse();
    assertThat(checks()).isEqualTo(1);
    // Five queued before closing, plus every probe POST (accepted before closing began, or refused after).
    assertThat(skipped("shutdown")).isEqualTo(5 + probes.get());
  }

  @Test
  void refusesToStartWithoutASecretUnlessInsecureDevelopmentMode() throws Exception {
    assertThatThrownBy(() -> ConsistencyCheckServlet.builder().replayTo("http://127.0.0.1:1").meterRegistry(registry).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("secret");
    assertThatThrownBy(() -> ConsistencyCheckServlet.builder().secret("").replayTo("http://127.0.0.1:1").meterRegistry(registry).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ConsistencyCheckServlet.builder().secret("too-short").replayTo("http://127.0.0.1:1").meterRegistry(registry).build())
        .isInstanceOf(IllegalArgumentException.class);

    try (ConsistencyCheckServlet insecure = ConsistencyCheckServlet.builder().insecureDevelopmentMode(true)
        .replayTo("http://127.0.0.1:1").meterRegistry(registry).build();
        JettyApp app = new JettyApp().servlet("/consistency-checks/*", insecure).start()) {
      HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(app.url("/consistency-checks")))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(payload("/x"))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(202);
      // Nothing listens on port 1: the check fails as a replay error, and is counted.
      await().atMost(Duration.ofSeconds(10)).until(() -> registry.find(MeterNames.FAILURES)
          .tag(MeterNames.CAUSE, "replay_error").counters().stream().mapToDouble(c -> c.count()).sum() == 1);
    }
  }

  @Test
  void theReportAndUnknownPathsAnswerAsDocumented() throws Exception {
    receiver(1, 10, false);
    HttpResponse<String> report = CLIENT.send(HttpRequest.newBuilder(URI.create(front.url("/consistency-checks/report"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(MAPPER.readTree(report.body()).path("operations").isArray()).isTrue();
    HttpResponse<String> postReport = CLIENT.send(HttpRequest.newBuilder(URI.create(front.url("/consistency-checks/report")))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(postReport.statusCode()).isEqualTo(405);
    HttpResponse<String> unknown = CLIENT.send(HttpRequest.newBuilder(URI.create(front.url("/consistency-checks/other"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
  }
}
