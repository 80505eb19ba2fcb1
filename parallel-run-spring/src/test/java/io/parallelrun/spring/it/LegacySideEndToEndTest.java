package io.parallelrun.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.spring.it.legacy.LegacyApplication;
import io.parallelrun.spring.it.support.Http;
import io.parallelrun.spring.it.support.StubReceiver;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The legacy side alone, on the default embedded container at a random port, publishing to a
 * receiver double: operation ids from configured routes and from Spring MVC patterns, an
 * asynchronous handler, exclusions and non-idempotent requests, with exact counters.
 */
@SpringBootTest(
    classes = LegacyApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "parallel-run.legacy.secret=" + LegacySideEndToEndTest.SECRET,
      "parallel-run.legacy.publisher.batch-delay=20ms",
      "parallel-run.legacy.exclude=/internal/**",
      "parallel-run.operations.getReturn.route=GET /returns/{id}",
      "parallel-run.operations.searchReturns.route=POST /returns/search",
      "parallel-run.operations.searchReturns.idempotent=true",
    })
class LegacySideEndToEndTest {

  static final String SECRET = "legacy-side-test-secret-0123456789";
  private static final StubReceiver RECEIVER = receiver();

  @Value("${local.server.port}")
  int port;

  @Autowired
  MeterRegistry registry;

  private static StubReceiver receiver() {
    try {
      return new StubReceiver(SECRET);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void candidate(DynamicPropertyRegistry properties) {
    properties.add("parallel-run.legacy.candidate-url", RECEIVER::url);
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  @Test
  void capturesPublishesAndCountsEveryRequestExactlyOnce() {
    String base = "http://127.0.0.1:" + port;
    assertThat(Http.get(base + "/returns/1").statusCode()).isEqualTo(200);
    assertThat(Http.get(base + "/returns/2").statusCode()).isEqualTo(200);
    HttpResponse<String> status = Http.get(base + "/returns/3/status");
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body()).contains("IN_TRANSIT");
    assertThat(Http.get(base + "/orders/7").statusCode()).isEqualTo(200);
    assertThat(Http.postJson(base + "/returns/search", "{\"q\":\"shoe\"}").statusCode()).isEqualTo(200);
    assertThat(Http.postJson(base + "/orders", "{\"sku\":1}").statusCode()).isEqualTo(200);
    assertThat(Http.get(base + "/internal/ping").body()).isEqualTo("pong");
    assertThat(Http.get(base + "/nowhere/42").statusCode()).isEqualTo(404);

    await().atMost(Duration.ofSeconds(20)).until(() -> published("accepted") == 6.0);
    assertThat(RECEIVER.payloads()).hasSize(6);
    assertThat(RECEIVER.badSignatures()).isZero();
    Map<String, Long> byOperation = RECEIVER.payloads().stream()
        .collect(Collectors.groupingBy(ConsistencyCheckPayload::operationId, TreeMap::new, Collectors.counting()));
    assertThat(byOperation).containsExactlyEntriesOf(new TreeMap<>(Map.of(
        "getReturn", 2L,
        "GET /returns/{id}/status", 1L,
        "GET /orders/{orderId}", 1L,
        "searchReturns", 1L,
        "unmapped", 1L)));

    Map<String, ConsistencyCheckPayload> byTarget = RECEIVER.payloads().stream()
        .collect(Collectors.toMap(p -> p.request().target(), Function.identity()));
    ConsistencyCheckPayload async = byTarget.get("/returns/3/status");
    assertThat(async.response().status()).isEqualTo(200);
    assertThat(new String(async.response().body(), StandardCharsets.UTF_8)).isEqualTo(status.body());
    ConsistencyCheckPayload search = byTarget.get("/returns/search");
    assertThat(search.request().method()).isEqualTo("POST");
    assertThat(new String(search.request().body(), StandardCharsets.UTF_8)).isEqualTo("{\"q\":\"shoe\"}");
    assertThat(byTarget.get("/nowhere/42").response().status()).isEqualTo(404);

    assertThat(skipped("POST /orders", "non_idempotent")).isEqualTo(1.0);
    assertThat(skipped("GET /internal/ping", "excluded")).isEqualTo(1.0);
    double skippedTotal = registry.find(MeterNames.SKIPPED).counters().stream().mapToDouble(Counter::count).sum();
    assertThat(skippedTotal).isEqualTo(2.0);
    assertThat(published("rejected") + published("dropped") + published("error")).isZero();
  }

  private double published(String outcome) {
    Counter counter = registry.find(MeterNames.PUBLISHED).tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  private double skipped(String operationId, String reason) {
    Counter counter = registry.find(MeterNames.SKIPPED)
        .tag(MeterNames.OPERATION_ID, operationId).tag(MeterNames.REASON, reason).counter();
    return counter == null ? 0 : counter.count();
  }
}
