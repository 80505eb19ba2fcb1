package io.parallelrun.servlet.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.payload.HttpHeaders;
import io.parallelrun.core.readiness.ReadinessReport;
import io.parallelrun.core.record.OperationStatistics;
import io.parallelrun.core.wire.WireProtocol;
import io.parallelrun.servlet.publish.ConsistencyCheckPublisher;
import io.parallelrun.servlet.testing.LatencyLoad;
import io.parallelrun.servlet.testing.LatencyLoad.Call;
import io.parallelrun.servlet.testing.Meters;
import io.parallelrun.servlet.testing.TestReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The filter and the publisher under 64 client threads. Each request's fate is known from its
 * index, so every counter has an exact expected value: a lost update anywhere (a skip counter, a
 * published outcome, the latency timer, the queue's count or byte bookkeeping, a payload sent twice
 * or not at all) shows as a difference.
 */
class ConcurrencyTest {

  static final int THREADS = 64;
  static final int PER_THREAD = 80;

  private final TestReceiver receiver = new TestReceiver(LegacyApp.SECRET);
  private LegacyApp legacy;

  @AfterEach
  void stop() {
    if (legacy != null) {
      legacy.close();
    }
    receiver.close();
  }

  /** What request {@code i} is: its kind decides the counter it must end in. */
  enum Kind {
    GET_RETURN, GET_ORDER_SAMPLED_HALF, CREATE_RETURN_NOT_IDEMPOTENT, HEALTH_EXCLUDED, REPLAYED, GET_CUSTOMER;

    static Kind of(int i) {
      return values()[i % values().length];
    }
  }

  private static Call call(int i) {
    String id = "c-" + i;
    switch (Kind.of(i)) {
      case GET_RETURN:
        return Call.get("/returns/" + i, "X-Test-Id", id);
      case GET_ORDER_SAMPLED_HALF:
        return Call.get("/orders/" + i / Kind.values().length, "X-Test-Id", id);
      case CREATE_RETURN_NOT_IDEMPOTENT:
        return Call.post("/returns", "{\"n\":" + i + "}", "X-Test-Id", id);
      case HEALTH_EXCLUDED:
        return Call.get("/health", "X-Test-Id", id);
      case REPLAYED:
        return Call.get("/returns/" + i, "X-Test-Id", id, WireProtocol.REPLAY_HEADER, "check-" + i);
      default:
        return Call.get("/customers/" + i + "?q=" + i, "X-Test-Id", id);
    }
  }

  @Test
  void sixtyFourClientThreadsLoseNoUpdate() throws Exception {
    OperationRouter router = OperationRouter.builder()
        .route("GET /returns/{id}", "getReturn")
        .route("POST /returns", "createReturn")
        .route("GET /orders/{id}", "getOrder")
        .route("GET /customers/{id}", "getCustomer")
        .build();
    OperationPolicies policies = OperationPolicies.builder().operation("getOrder", p -> p.sampleRate(0.5)).build();
    legacy = new LegacyApp(receiver.url(), b -> b.workers(4).batchMaxPayloads(50).maxQueuePayloads(100_000),
        router, policies, request -> request.getRequestURI().startsWith("/health"));
    int total = THREADS * PER_THREAD;

    LatencyLoad.Result result = LatencyLoad.run(legacy.port(), total, THREADS, ConcurrencyTest::call,
        body -> body.startsWith("{\"path\":\"/") || body.startsWith("{\"n\":"));
    assertThat(result.ok).isEqualTo(total);

    await().atMost(Duration.ofSeconds(60)).until(() -> legacy.accounted() == total);
    Map<Kind, Double> sent = java.util.stream.IntStream.range(0, total).mapToObj(Kind::of)
        .collect(Collectors.groupingBy(Function.identity(), Collectors.summingDouble(k -> 1.0)));
    List<ConsistencyCheckPayload> received = receiver.payloadList();
    Map<String, Double> receivedByOperation = received.stream()
        .collect(Collectors.groupingBy(ConsistencyCheckPayload::operationId, Collectors.summingDouble(p -> 1.0)));
    SimpleMeterRegistry registry = legacy.registry;

    assertThat(received.stream().map(p -> p.request().headers().first("X-Test-Id")).distinct().count())
        .as("payloads received twice").isEqualTo(received.size());
    assertThat(legacy.accepted()).isEqualTo((double) received.size());
    assertThat(legacy.published(MeterNames.OUTCOME_ERROR) + legacy.published(MeterNames.OUTCOME_DROPPED)
        + legacy.published(MeterNames.OUTCOME_REJECTED)).isZero();
    assertThat(receivedByOperation.get("getReturn")).isEqualTo(sent.get(Kind.GET_RETURN));
    assertThat(receivedByOperation.get("getCustomer")).isEqualTo(sent.get(Kind.GET_CUSTOMER));
    assertThat(Meters.skipped(registry, "getReturn", "replay")).isEqualTo(sent.get(Kind.REPLAYED));
    assertThat(Meters.skipped(registry, "createReturn", "non_idempotent"))
        .isEqualTo(sent.get(Kind.CREATE_RETURN_NOT_IDEMPOTENT));
    assertThat(Meters.skipped(registry, "unmapped", "excluded")).isEqualTo(sent.get(Kind.HEALTH_EXCLUDED));
    double notSampled = Meters.skipped(registry, "getOrder", "not_sampled");
    assertThat(notSampled + receivedByOperation.getOrDefault("getOrder", 0.0))
        .isEqualTo(sent.get(Kind.GET_ORDER_SAMPLED_HALF));
    // a fair coin over 2,000 draws: far from both ends
    assertThat(notSampled).isBetween(0.3 * sent.get(Kind.GET_ORDER_SAMPLED_HALF), 0.7 * sent.get(Kind.GET_ORDER_SAMPLED_HALF));
    for (Map.Entry<String, Double> e : receivedByOperation.entrySet()) {
      Timer timer = registry.get(MeterNames.LATENCY).tag(MeterNames.OPERATION_ID, e.getKey())
          .tag(MeterNames.SYSTEM, MeterNames.SYSTEM_LEGACY).timer();
      assertThat((double) timer.count()).as("latency samples of " + e.getKey()).isEqualTo(e.getValue());
    }
    assertThat(legacy.publisher.queueSize()).isZero();
    assertThat(legacy.publisher.queueBytes()).isZero();
  }

  @Test
  void sixtyFourClientThreadsThroughTheRealReceiverAndRecorderLoseNoUpdate() throws Exception {
    OperationRouter router = OperationRouter.builder()
        .route("GET /returns/{id}", "getReturn")
        .route("POST /returns", "createReturn")
        .route("GET /orders/{id}", "getOrder")
        .route("GET /customers/{id}", "getCustomer")
        .build();
    OperationPolicies policies = OperationPolicies.builder().operation("getOrder", p -> p.sampleRate(0.5)).build();
    try (CandidateApp candidate = new CandidateApp(policies, b -> b.workers(8))) {
      legacy = new LegacyApp(candidate.jetty.url("/consistency-checks"),
          b -> b.workers(4).batchMaxPayloads(50).maxQueuePayloads(100_000), router, policies,
          request -> request.getRequestURI().startsWith("/health"));
      int total = THREADS * PER_THREAD;
      LatencyLoad.Result result = LatencyLoad.run(legacy.port(), total, THREADS, ConcurrencyTest::call,
          body -> body.startsWith("{\"path\":\"/") || body.startsWith("{\"n\":"));
      assertThat(result.ok).isEqualTo(total);
      await().atMost(Duration.ofSeconds(60)).until(() -> legacy.accounted() == total);
      await().atMost(Duration.ofSeconds(60)).until(() -> candidate.received() >= legacy.accepted()
          && candidate.receiver.backlog() == 0);

      // what each replayed request must have ended as, from its index
      Map<String, Map<String, Integer>> expected = new java.util.TreeMap<>();
      int orderDifferences = 0;
      for (String testId : candidate.endpoints.replaysByTestId.keySet()) {
        int i = Integer.parseInt(testId.substring(2));
        String operation;
        String outcome = "matched";
        switch (Kind.of(i)) {
          case GET_RETURN:
            operation = "getReturn";
            break;
          case GET_CUSTOMER:
            operation = "getCustomer";
            break;
          case GET_ORDER_SAMPLED_HALF:
            operation = "getOrder";
            int order = i / Kind.values().length; // see call(i); the candidate differs by order id
            outcome = order % 25 == 0 ? "failed" : order % 10 == 0 ? "unmatched" : "matched";
            orderDifferences += outcome.equals("unmatched") ? 1 : 0;
            break;
          default:
            throw new AssertionError("replayed a request that must not be captured: " + testId);
        }
        expected.computeIfAbsent(operation, k -> new java.util.TreeMap<>()).merge(outcome, 1, Integer::sum);
      }
      SimpleMeterRegistry registry = candidate.registry;
      assertThat(candidate.received()).isEqualTo(legacy.accepted());
      assertThat(CandidateApp.skipped(registry)).isZero();
      assertThat(candidate.replayedTwice()).as("requests replayed twice").isZero();
      assertThat((double) candidate.endpoints.replaysByTestId.size()).isEqualTo(legacy.accepted());
      ReadinessReport report = candidate.receiver.report();
      for (String operation : List.of("getReturn", "getCustomer", "getOrder")) {
        for (String outcome : List.of("matched", "unmatched", "failed")) {
          double want = expected.getOrDefault(operation, Map.of()).getOrDefault(outcome, 0);
          assertThat(registry.get(MeterNames.CHECKS).tag(MeterNames.OPERATION_ID, operation)
              .tag(MeterNames.RESULT, outcome).counter().count()).as(operation + " " + outcome).isEqualTo(want);
        }
        OperationStatistics statistics = report.operation(operation).statistics();
        assertThat((double) statistics.matched()).isEqualTo((double) expected.get(operation).getOrDefault("matched", 0));
        assertThat((double) statistics.unmatched()).isEqualTo((double) expected.get(operation).getOrDefault("unmatched", 0));
        assertThat((double) statistics.failed()).isEqualTo((double) expected.get(operation).getOrDefault("failed", 0));
      }
      assertThat(orderDifferences).isPositive();
      assertThat(registry.get(MeterNames.DIFFERENCES).tag(MeterNames.OPERATION_ID, "getOrder")
          .tag(MeterNames.AXIS, "body").counter().count()).isEqualTo((double) orderDifferences);
      assertThat(report.operation("getOrder").statistics().differingPaths()).containsExactly(
          new OperationStatistics.PathCount(Difference.Axis.BODY, "/items/*/sku", orderDifferences));
      assertThat(registry.get(MeterNames.FAILURES).tag(MeterNames.OPERATION_ID, "getOrder")
          .tag(MeterNames.CAUSE, "candidate_5xx").counter().count())
          .isEqualTo((double) expected.get("getOrder").getOrDefault("failed", 0));
      System.out.printf("concurrency through the receiver: %d requests from %d threads; candidate %s%n", total, THREADS,
          expected);
    }
  }

  @Test
  void sixtyFourThreadsOfferingToAFullQueueLoseNoPayloadAndNoCount() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // a small queue and four workers: offers, drops, polls and sends race all the time
    ConsistencyCheckPublisher publisher = ConsistencyCheckPublisher.builder()
        .candidateUrl(receiver.url()).secret(LegacyApp.SECRET).meterRegistry(registry)
        .workers(4).maxQueuePayloads(64).maxQueueBytes(64 * 1024).batchMaxPayloads(16)
        .batchDelay(Duration.ofMillis(2)).build();
    int perThread = 100;
    AtomicInteger offeredOk = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new java.util.ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            if (publisher.publish(payload(thread * perThread + i))) {
              offeredOk.incrementAndGet();
            }
            // a burst first, which overflows the 64 places for certain, then paced offers, so that
            // the workers get to send between them and most offers are taken
            while (i >= perThread / 5 && publisher.queueSize() > 32) {
              LockSupport.parkNanos(500_000);
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    int total = THREADS * perThread;
    await().atMost(Duration.ofSeconds(60)).until(() -> Meters.published(registry, null) == total);
    double dropped = Meters.published(registry, MeterNames.OUTCOME_DROPPED);
    double accepted = Meters.published(registry, MeterNames.OUTCOME_ACCEPTED);
    System.out.printf("concurrency: %d offered from %d threads, %.0f accepted, %.0f dropped%n", total, THREADS,
        accepted, dropped);
    assertThat(dropped).as("the queue was full at times").isPositive();
    assertThat(accepted).as("and had room at others").isGreaterThan(total / 4.0);
    assertThat(accepted + dropped).isEqualTo((double) total);
    assertThat(accepted).isEqualTo((double) offeredOk.get());
    List<ConsistencyCheckPayload> received = receiver.payloadList();
    assertThat(received).hasSize(offeredOk.get());
    assertThat(received.stream().map(p -> p.request().headers().first("X-Test-Id")).distinct().count())
        .isEqualTo(received.size());
    assertThat(publisher.queueSize()).isZero();
    assertThat(publisher.queueBytes()).isZero();
    publisher.close();
    assertThat(Meters.published(registry, null)).isEqualTo((double) total);
  }

  static ConsistencyCheckPayload payload(int i) {
    return ConsistencyCheckPayload.builder()
        .operationId("getReturn")
        .request(CapturedRequest.of("GET", "/returns/" + i, HttpHeaders.of("X-Test-Id", "p" + i)))
        .response(CapturedResponse.of(200, HttpHeaders.of("Content-Type", "application/json"),
            ("{\"id\":" + i + "}").getBytes(StandardCharsets.UTF_8)))
        .build();
  }
}
