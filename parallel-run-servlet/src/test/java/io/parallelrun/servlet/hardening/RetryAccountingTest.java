package io.parallelrun.servlet.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
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
import io.parallelrun.servlet.publish.ConsistencyCheckPublisher;
import io.parallelrun.servlet.receive.ConsistencyCheckServlet;
import io.parallelrun.servlet.testing.JettyApp;
import io.parallelrun.servlet.testing.Meters;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The publisher retries a POST once after a {@code 429} or {@code 503}. The receiver must then not
 * have counted what it refused, or the retried payloads end in two candidate-side counters (a
 * {@code backlog_full} skip and a check) while the legacy side counts them once.
 */
class RetryAccountingTest {

  private final SimpleMeterRegistry legacyRegistry = new SimpleMeterRegistry();
  private final SimpleMeterRegistry candidateRegistry = new SimpleMeterRegistry();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger replays = new AtomicInteger();
  private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
  private ConsistencyCheckServlet receiver;
  private JettyApp candidate;
  private ConsistencyCheckPublisher publisher;

  @AfterEach
  void stop() {
    release.countDown();
    if (publisher != null) {
      publisher.close();
    }
    if (candidate != null) {
      candidate.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  /** Passes every POST to the receiver and notes the status it answered. */
  final class Recording extends HttpServlet {
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
      receiver.service(req, resp);
      statuses.add(resp.getStatus());
    }
  }

  private void start(int maxQueued) {
    CheckRecorder recorder = CheckRecorder.builder().meterRegistry(candidateRegistry)
        .policies(OperationPolicies.builder()
            .defaults(OperationPolicy.custom().comparator((a, b) -> MatchResult.matched()).build()).build())
        .build();
    ConsistencyChecker checker = ConsistencyChecker.builder().recorder(recorder).replayer((id, request, timeout) -> {
      replays.incrementAndGet();
      try {
        release.await(30, TimeUnit.SECONDS); // holds the one worker until the test releases it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ReplayResult.answered(CapturedResponse.of(200, HttpHeaders.empty(), null), 1000);
    }).build();
    receiver = ConsistencyCheckServlet.builder().secret(LegacyApp.SECRET).checker(checker)
        .workers(1).maxQueuedPayloads(maxQueued).retryAfter(Duration.ofSeconds(2)).build();
    candidate = new JettyApp().servlet("/consistency-checks/*", new Recording()).start();
    publisher = ConsistencyCheckPublisher.builder().candidateUrl(candidate.url("/consistency-checks"))
        .secret(LegacyApp.SECRET).meterRegistry(legacyRegistry).batchMaxPayloads(3).batchDelay(Duration.ofMillis(5))
        .maxRetryAfter(Duration.ofSeconds(5)).build();
  }

  static double total(MeterRegistry registry, String name) {
    return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Test
  void aBatchRefusedWith429AndRetriedIsCountedOnceOnEachSide() {
    start(3);
    publisher.publish(ConcurrencyTest.payload(0));
    await().atMost(Duration.ofSeconds(10)).until(() -> replays.get() == 1); // the worker is held
    for (int i = 1; i <= 3; i++) {
      publisher.publish(ConcurrencyTest.payload(i));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.backlog() == 3); // the backlog is full
    for (int i = 4; i <= 6; i++) {
      publisher.publish(ConcurrencyTest.payload(i));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> statuses.contains(429));
    release.countDown(); // the backlog drains while the publisher waits for Retry-After
    await().atMost(Duration.ofSeconds(20)).until(() -> Meters.published(legacyRegistry, null) == 7);
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.backlog() == 0 && replays.get() >= 4);
    double checks = total(candidateRegistry, MeterNames.CHECKS);
    double skipped = total(candidateRegistry, MeterNames.SKIPPED);
    double accepted = Meters.published(legacyRegistry, MeterNames.OUTCOME_ACCEPTED);
    double rejected = Meters.published(legacyRegistry, MeterNames.OUTCOME_REJECTED);
    await().atMost(Duration.ofSeconds(20)).until(() -> total(candidateRegistry, MeterNames.CHECKS) == accepted);
    System.out.printf("retry: statuses %s; legacy %s; candidate checks %.0f, skipped %.0f%n", statuses,
        "accepted " + accepted + ", rejected " + rejected + ", error " + Meters.published(legacyRegistry, "error"),
        total(candidateRegistry, MeterNames.CHECKS), total(candidateRegistry, MeterNames.SKIPPED));
    assertThat(statuses).contains(429);
    assertThat(total(candidateRegistry, MeterNames.CHECKS) + total(candidateRegistry, MeterNames.SKIPPED))
        .as("received on the candidate = accepted + rejected on the legacy side").isEqualTo(accepted + rejected);
    assertThat(checks + skipped).isLessThanOrEqualTo(7);
  }

  @Test
  void aBusyAnswerThatSaysPartOfTheBatchWasTakenIsNotResent() {
    AtomicInteger posts = new AtomicInteger();
    candidate = new JettyApp().servlet("/consistency-checks/*", new HttpServlet() {
      @Override
      protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        req.getInputStream().readAllBytes();
        posts.incrementAndGet();
        resp.setStatus(429);
        resp.setHeader("Retry-After", "0");
        resp.setContentType("application/json");
        resp.getWriter().write("{\"accepted\":2,\"rejected\":[]}");
      }
    }).start();
    publisher = ConsistencyCheckPublisher.builder().candidateUrl(candidate.url("/consistency-checks"))
        .secret(LegacyApp.SECRET).meterRegistry(legacyRegistry).batchMaxPayloads(3).batchDelay(Duration.ofSeconds(5))
        .build();
    for (int i = 0; i < 3; i++) {
      publisher.publish(ConcurrencyTest.payload(i));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> Meters.published(legacyRegistry, null) == 3);
    assertThat(posts).hasValue(1);
    assertThat(Meters.published(legacyRegistry, MeterNames.OUTCOME_ACCEPTED)).isEqualTo(2);
    assertThat(Meters.published(legacyRegistry, MeterNames.OUTCOME_ERROR)).isEqualTo(1);
  }
}
