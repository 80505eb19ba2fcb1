package io.parallelrun.servlet.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.FailureCause;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.metrics.SkipReason;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.payload.HttpHeaders;
import io.parallelrun.servlet.capture.ParallelRunFilter;
import io.parallelrun.servlet.prometheus.PrometheusProcess.Sample;
import io.parallelrun.servlet.publish.ConsistencyCheckPublisher;
import io.parallelrun.servlet.publish.Transport;
import io.parallelrun.servlet.publish.TransportResult;
import io.parallelrun.servlet.testing.Jetty;
import io.parallelrun.servlet.testing.Meters;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus scrapes a legacy and a candidate application's meters from real {@link
 * PrometheusMeterRegistry}s, evaluates docs/prometheus/parallel-run-rules.yml, and answers the
 * queries of docs/grafana/parallel-run.json.
 *
 * <p>The legacy side is the real {@link ParallelRunFilter} on Jetty with a real {@link
 * ConsistencyCheckPublisher}; the candidate side's meters are registered as the candidate's
 * recorder registers them ({@link CandidateMeters}).
 */
class PrometheusScrapeTest {

  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void prometheusScrapesTheMetersAndTheRulesComputeTheMatchRatio() throws Exception {
    Path binary = PrometheusBinaries.require("prometheus");
    Path root = PrometheusBinaries.repositoryRoot();

    PrometheusMeterRegistry legacyRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PrometheusMeterRegistry candidateRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AcceptingTransport transport = new AcceptingTransport();
    ConsistencyCheckPublisher publisher = ConsistencyCheckPublisher.builder()
        .transport(transport)
        .meterRegistry(legacyRegistry)
        .batchDelay(Duration.ofMillis(10))
        .build();
    ParallelRunFilter filter = ParallelRunFilter.builder()
        .publisher(publisher)
        .router(OperationRouter.builder()
            .route("GET /returns/{id}", "getReturn")
            .route("POST /returns", "createReturn")
            .build())
        .build();
    CandidateMeters candidate = new CandidateMeters(candidateRegistry);
    candidate.declare("getReturn", 0.99);
    candidate.declare("searchReturns", 0.95);

    try (Jetty legacyApp = Jetty.start(new ReturnsServlet(), filter);
        MetricsEndpoint legacyMetrics = new MetricsEndpoint(legacyRegistry);
        MetricsEndpoint candidateMetrics = new MetricsEndpoint(candidateRegistry);
        PrometheusProcess prometheus = PrometheusProcess.start(binary,
            Map.of("legacy", legacyMetrics.target(), "candidate", candidateMetrics.target()),
            List.of(root.resolve(PrometheusBinaries.RULES)))) {

      // the zero values are scraped before anything is counted, so that rates see every increment
      await("both targets up and the declared series scraped at zero").atMost(WAIT).untilAsserted(() -> {
        assertThat(prometheus.targetHealth()).containsEntry("legacy", "up").containsEntry("candidate", "up");
        assertThat(prometheus.query("parallel_run_checks_total")).hasSize(6);
        assertThat(prometheus.query("parallel_run_published_total")).hasSize(4);
        assertThat(prometheus.query("operation_id:parallel_run_consistency_threshold:max")).hasSize(2);
      });

      // legacy side: 30 captured GETs, 3 POSTs of an operation that is not idempotent
      HttpClient client = HttpClient.newHttpClient();
      for (int i = 1; i <= 30; i++) {
        send(client, HttpRequest.newBuilder(URI.create(legacyApp.url("/returns/" + i))).build());
      }
      for (int i = 1; i <= 3; i++) {
        send(client, HttpRequest.newBuilder(URI.create(legacyApp.url("/returns")))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build());
      }
      await("the publisher sent the 30 captures").atMost(WAIT)
          .until(() -> Meters.published(legacyRegistry, MeterNames.OUTCOME_ACCEPTED) == 30);
      publisher.close();
      for (int i = 0; i < 2; i++) {
        publisher.publish(ConsistencyCheckPayload.of(CapturedRequest.of("GET", "/returns/x", HttpHeaders.empty()),
            CapturedResponse.of(200, HttpHeaders.empty(), null)));
      }

      // candidate side: getReturn 194 matched, 4 unmatched, 2 candidate 5xx, 7 legacy 5xx:
      // 194 / (194 + 4 + 2) = 0.97, below its threshold of 0.99; searchReturns all matched
      candidate.matched("getReturn", 194);
      candidate.unmatched("getReturn", Difference.Axis.BODY, 3);
      candidate.unmatched("getReturn", Difference.Axis.HEADERS, 1);
      candidate.failed("getReturn", FailureCause.CANDIDATE_5XX, 2);
      candidate.failed("getReturn", FailureCause.LEGACY_5XX, 7);
      candidate.matched("searchReturns", 40);
      candidate.skipped("searchReturns", SkipReason.BACKLOG_FULL, 5);
      for (int i = 0; i < 10; i++) {
        candidate.latency("getReturn", MeterNames.SYSTEM_LEGACY, Duration.ofMillis(20));
        candidate.latency("getReturn", MeterNames.SYSTEM_CANDIDATE, Duration.ofMillis(30));
        candidate.lag(Duration.ofMillis(1500));
      }

      await("Prometheus holds what the registries hold").atMost(WAIT).untilAsserted(() -> {
        assertThat(prometheus.value("parallel_run_checks_total{operation_id=\"getReturn\",result=\"matched\"}")).isEqualTo(194);
        assertThat(prometheus.value("parallel_run_checks_total{operation_id=\"getReturn\",result=\"unmatched\"}")).isEqualTo(4);
        assertThat(prometheus.value("parallel_run_checks_total{operation_id=\"getReturn\",result=\"failed\"}")).isEqualTo(9);
        assertThat(prometheus.value("parallel_run_failures_total{operation_id=\"getReturn\",cause=\"candidate_5xx\"}")).isEqualTo(2);
        assertThat(prometheus.value("parallel_run_differences_total{operation_id=\"getReturn\",axis=\"body\"}")).isEqualTo(3);
        assertThat(prometheus.value("parallel_run_skipped_total{operation_id=\"searchReturns\",side=\"candidate\",reason=\"backlog_full\"}")).isEqualTo(5);
        assertThat(prometheus.value("parallel_run_check_lag_seconds_count")).isEqualTo(10);
        assertThat(prometheus.value("parallel_run_latency_seconds_count{job=\"candidate\",operation_id=\"getReturn\",system=\"candidate\"}")).isEqualTo(10);
        assertThat(prometheus.value("parallel_run_published_total{outcome=\"accepted\"}")).isEqualTo(30);
        assertThat(prometheus.value("parallel_run_published_total{outcome=\"dropped\"}")).isEqualTo(2);
        assertThat(prometheus.value("parallel_run_skipped_total{job=\"legacy\",operation_id=\"createReturn\",side=\"legacy\",reason=\"non_idempotent\"}")).isEqualTo(3);
        assertThat(prometheus.value("parallel_run_latency_seconds_count{job=\"legacy\",operation_id=\"getReturn\",system=\"legacy\"}"))
            .isEqualTo((double) legacyRegistry.get(MeterNames.LATENCY).tag(MeterNames.OPERATION_ID, "getReturn").timer().count());
        assertThat(prometheus.value("parallel_run_queue_size{job=\"legacy\",side=\"legacy\"}")).isEqualTo(0);
        assertThat(prometheus.value("parallel_run_queue_bytes{job=\"legacy\",side=\"legacy\"}")).isEqualTo(0);
      });

      await("the recording rules compute the match ratio").atMost(WAIT).untilAsserted(() -> {
        for (String window : List.of("5m", "1h", "6h", "1d")) {
          assertThat(prometheus.value("operation_id:parallel_run_match_ratio:rate" + window + "{operation_id=\"getReturn\"}"))
              .as("getReturn over %s", window).isCloseTo(0.97, within(1e-9));
          assertThat(prometheus.value("operation_id:parallel_run_match_ratio:rate" + window + "{operation_id=\"searchReturns\"}"))
              .as("searchReturns over %s", window).isCloseTo(1.0, within(1e-9));
        }
        assertThat(prometheus.value("operation_id:parallel_run_consistency_threshold:max{operation_id=\"getReturn\"}")).isEqualTo(0.99);
        assertThat(prometheus.value("operation_id:parallel_run_consistency_threshold:max{operation_id=\"searchReturns\"}")).isEqualTo(0.95);
        assertThat(prometheus.value("instance:parallel_run_check_lag_seconds:mean5m")).isCloseTo(1.5, within(1e-9));
        // 2 candidate 5xx of 207 finished checks (194 matched, 4 unmatched, 9 failed)
        assertThat(prometheus.value("operation_id:parallel_run_candidate_5xx_ratio:rate5m{operation_id=\"getReturn\"}"))
            .isCloseTo(2.0 / 207, within(1e-9));
        assertThat(prometheus.value("job_outcome:parallel_run_published:rate5m{outcome=\"dropped\"}")).isPositive();
      });

      await("getReturn's alert is pending, searchReturns has none").atMost(WAIT).untilAsserted(() ->
          assertThat(prometheus.query("ALERTS{alertname=\"ParallelRunMatchRateBelowThreshold\"}"))
              .extracting(s -> s.label("operation_id") + "/" + s.label("alertstate"))
              .containsExactly("getReturn/pending"));

      assertThat(prometheus.ruleHealth()).hasSize(24).allSatisfy((name, health) -> assertThat(health).as(name).isEqualTo("ok"));

      // every query of the dashboard parses and returns data
      Map<String, String> failures = new LinkedHashMap<>();
      for (Map.Entry<String, String> query : dashboardQueries(root.resolve(PrometheusBinaries.DASHBOARD)).entrySet()) {
        try {
          List<Sample> samples = prometheus.query(query.getValue());
          if (samples.isEmpty()) {
            failures.put(query.getKey(), "no data: " + query.getValue());
          }
        } catch (AssertionError e) {
          failures.put(query.getKey(), e.getMessage());
        }
      }
      assertThat(failures).as("dashboard queries that failed or returned nothing").isEmpty();
    } finally {
      publisher.close();
    }
  }

  /** Panel title and target refId to the expression, with Grafana's variables filled in. */
  static Map<String, String> dashboardQueries(Path dashboard) throws IOException {
    JsonNode root = JSON.readTree(Files.readString(dashboard));
    Map<String, String> queries = new LinkedHashMap<>();
    List<JsonNode> panels = new ArrayList<>();
    root.path("panels").forEach(panels::add);
    for (int i = 0; i < panels.size(); i++) {
      JsonNode panel = panels.get(i);
      panel.path("panels").forEach(panels::add);
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        if (expr.isEmpty()) {
          continue;
        }
        String filled = expr
            .replace("${operation_id:regex}", ".*")
            .replace("$operation_id", ".*")
            .replace("${operation_id}", ".*")
            .replace("$__rate_interval", "5m")
            .replace("$__interval", "1m")
            .replace("$__range", "1h")
            .replace("$window", "1h");
        queries.put(panel.path("title").asText() + " " + target.path("refId").asText(), filled);
      }
    }
    assertThat(queries).as("queries in " + dashboard).isNotEmpty();
    return queries;
  }

  private static void send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isLessThan(300);
  }

  /** The legacy application: a JSON return per id, 201 for a created return. */
  static final class ReturnsServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("application/json");
      resp.getOutputStream().write(("{\"path\":\"" + req.getRequestURI() + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      req.getInputStream().readAllBytes();
      resp.setStatus(201);
      resp.setContentType("application/json");
      resp.getOutputStream().write("{\"id\":1}".getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A transport standing in for the candidate's receiver: accepts every payload. */
  static final class AcceptingTransport implements Transport {
    final AtomicInteger payloads = new AtomicInteger();

    @Override
    public TransportResult send(byte[] body, int length, String contentType, int payloadCount) {
      payloads.addAndGet(payloadCount);
      return TransportResult.accepted(payloadCount);
    }
  }
}
