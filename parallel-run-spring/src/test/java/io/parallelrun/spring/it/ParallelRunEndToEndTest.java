package io.parallelrun.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.spring.it.candidate.CandidateApplication;
import io.parallelrun.spring.it.legacy.LegacyApplication;
import io.parallelrun.spring.it.support.Http;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Legacy and candidate Spring Boot applications on random ports of the default embedded container,
 * configured only through parallel-run.* properties: captures travel signed to the candidate, which
 * replays them against its own actual port and compares. Exact counters on both sides, operation
 * ids from routes and from Spring MVC patterns, an asynchronous handler, a path variable, the
 * replay marker, the report and the Actuator endpoint.
 */
@SpringBootTest(
    classes = LegacyApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "parallel-run.legacy.secret=" + ParallelRunEndToEndTest.SECRET,
      "parallel-run.legacy.publisher.batch-delay=20ms",
      "parallel-run.operations.getReturn.route=GET /returns/{id}",
      "parallel-run.operations.searchReturns.route=POST /returns/search",
      "parallel-run.operations.searchReturns.idempotent=true",
    })
class ParallelRunEndToEndTest {

  static final String SECRET = "end-to-end-shared-secret-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ConfigurableApplicationContext CANDIDATE = new SpringApplicationBuilder(CandidateApplication.class)
      .properties(
          "server.port=0",
          "spring.application.name=candidate",
          "parallel-run.candidate.enabled=true",
          "parallel-run.candidate.secret=" + SECRET,
          "parallel-run.candidate.workers=2",
          "parallel-run.operations.getReturn.route=GET /returns/{id}",
          "parallel-run.operations.getReturn.ignore-body-paths=/createdAt",
          "parallel-run.operations.getReturn.unordered-arrays=/items",
          "parallel-run.operations[GET /orders/{orderId}].threshold=0.9",
          "parallel-run.operations.searchReturns.route=POST /returns/search",
          "parallel-run.operations.searchReturns.idempotent=true",
          "management.endpoints.web.exposure.include=health,parallelrun")
      .run();

  @Value("${local.server.port}")
  int legacyPort;

  @Autowired
  MeterRegistry legacyRegistry;

  @DynamicPropertySource
  static void candidate(DynamicPropertyRegistry properties) {
    properties.add("parallel-run.legacy.candidate-url", () -> candidateBase() + "/consistency-checks");
  }

  @AfterAll
  static void stopCandidate() {
    CANDIDATE.close();
  }

  static String candidateBase() {
    return "http://127.0.0.1:" + CANDIDATE.getEnvironment().getProperty("local.server.port");
  }

  @Test
  void legacyTrafficIsReplayedComparedAndCountedOnTheCandidate() throws IOException {
    String legacy = "http://127.0.0.1:" + legacyPort;
    assertThat(Http.get(legacy + "/returns/1").statusCode()).isEqualTo(200);
    assertThat(Http.get(legacy + "/returns/2").statusCode()).isEqualTo(200);
    assertThat(Http.get(legacy + "/returns/3/status").body()).contains("IN_TRANSIT");
    assertThat(Http.get(legacy + "/orders/7").body()).contains("12.5");
    assertThat(Http.postJson(legacy + "/returns/search", "{\"q\":\"shoe\"}").statusCode()).isEqualTo(200);
    assertThat(Http.postJson(legacy + "/orders", "{\"sku\":1}").statusCode()).isEqualTo(200);

    MeterRegistry candidate = CANDIDATE.getBean(MeterRegistry.class);
    await().atMost(Duration.ofSeconds(30)).until(() -> sum(candidate, MeterNames.CHECKS) == 5.0);

    Map<String, Double> checks = new LinkedHashMap<>();
    candidate.find(MeterNames.CHECKS).counters().stream().filter(c -> c.count() > 0).forEach(c -> checks.merge(
        c.getId().getTag(MeterNames.OPERATION_ID) + "/" + c.getId().getTag(MeterNames.RESULT), c.count(), Double::sum));
    assertThat(checks).containsOnly(
        Map.entry("getReturn/matched", 2.0),
        Map.entry("GET /returns/{id}/status/matched", 1.0),
        Map.entry("searchReturns/matched", 1.0),
        Map.entry("GET /orders/{orderId}/unmatched", 1.0));
    assertThat(count(candidate, MeterNames.DIFFERENCES, "GET /orders/{orderId}", MeterNames.AXIS, "body")).isEqualTo(1.0);
    assertThat(sum(candidate, MeterNames.DIFFERENCES)).isEqualTo(1.0);
    assertThat(sum(candidate, MeterNames.FAILURES)).isZero();
    assertThat(sum(candidate, MeterNames.SKIPPED)).isZero();
    assertThat(CandidateApplication.REPLAYS_SEEN.get()).isEqualTo(5);

    assertThat(published("accepted")).isEqualTo(5.0);
    assertThat(published("rejected") + published("dropped") + published("error")).isZero();
    assertThat(count(legacyRegistry, MeterNames.SKIPPED, "POST /orders", MeterNames.REASON, "non_idempotent")).isEqualTo(1.0);
    assertThat(sum(legacyRegistry, MeterNames.SKIPPED)).isEqualTo(1.0);

    HttpResponse<String> endpoint = Http.get(candidateBase() + "/actuator/parallelrun");
    assertThat(endpoint.statusCode()).isEqualTo(200);
    Map<String, JsonNode> operations = new LinkedHashMap<>();
    JSON.readTree(endpoint.body()).path("operations").forEach(o -> operations.put(o.path("operationId").asText(), o));
    assertThat(operations).containsOnlyKeys("getReturn", "GET /returns/{id}/status", "searchReturns", "GET /orders/{orderId}");
    assertThat(operations.get("getReturn").path("matched").asLong()).isEqualTo(2);
    assertThat(operations.get("getReturn").path("verdict").asText()).isEqualTo("COLLECTING");
    assertThat(operations.get("GET /orders/{orderId}").path("unmatched").asLong()).isEqualTo(1);

    HttpResponse<String> one = Http.get(candidateBase() + "/actuator/parallelrun/searchReturns");
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(one.body()).path("matched").asLong()).isEqualTo(1);
    assertThat(Http.get(candidateBase() + "/actuator/parallelrun/neverSeen").statusCode()).isEqualTo(404);
    HttpResponse<String> byPattern = Http.get(candidateBase() + "/actuator/parallelrun/GET%20/orders/%7BorderId%7D");
    assertThat(byPattern.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(byPattern.body()).path("operationId").asText()).isEqualTo("GET /orders/{orderId}");
    assertThat(JSON.readTree(byPattern.body()).path("unmatched").asLong()).isEqualTo(1);
    assertThat(JSON.readTree(byPattern.body()).path("threshold").asDouble()).isEqualTo(0.9);
    assertThat(Http.get(candidateBase() + "/actuator/parallelrun/GET%20/returns/%7Bid%7D/status").statusCode())
        .isEqualTo(200);
    assertThat(Http.get(candidateBase() + "/actuator/parallelrun/GET%20/orders").statusCode()).isEqualTo(404);

    HttpResponse<String> report = Http.get(candidateBase() + "/consistency-checks/report");
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(report.body()).path("operations").size()).isEqualTo(4);
  }

  private double published(String outcome) {
    Counter counter = legacyRegistry.find(MeterNames.PUBLISHED).tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  private static double sum(MeterRegistry registry, String name) {
    return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static double count(MeterRegistry registry, String name, String operationId, String tag, String value) {
    Counter counter = registry.find(name).tag(MeterNames.OPERATION_ID, operationId).tag(tag, value).counter();
    return counter == null ? 0 : counter.count();
  }
}
