package io.parallelrun.servlet.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.payload.HttpHeaders;
import io.parallelrun.core.readiness.ReadinessReport;
import io.parallelrun.core.readiness.ReadinessReport.OperationReadiness;
import io.parallelrun.core.record.OperationStatistics;
import io.parallelrun.servlet.capture.ParallelRunFilter;
import io.parallelrun.servlet.publish.ConsistencyCheckPublisher;
import io.parallelrun.servlet.receive.ConsistencyCheckServlet;
import io.parallelrun.servlet.replay.ReplayMarkerFilter;
import io.parallelrun.servlet.testing.JettyApp;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus scrapes a legacy and a candidate application's meters from real {@link
 * PrometheusMeterRegistry}s, evaluates docs/prometheus/parallel-run-rules.yml, and answers the
 * queries of docs/grafana/parallel-run.json.
 *
 * <p>Both applications run on Jetty: the legacy one with the {@link ParallelRunFilter} and its
 * {@link ConsistencyCheckPublisher}, the candidate with the {@link ConsistencyCheckServlet}, which
 * replays each capture against the candidate's own endpoints, compares and records. The match
 * ratio Prometheus computes with the recording rules must be the one the candidate's readiness
 * report states.
 */
class PrometheusScrapeTest {

  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "prometheus-scrape-test-secret-0123";
  private static final int RETURNS = 120;
  private static final int SEARCHES = 40;
  private static final int BROKEN = 10;
  private static final int CREATES = 3;
  private static final String DECLARED = "operation_id=~\"getReturn|searchReturns|getBroken|createReturn\"";

  @Test
  void prometheusScrapesTheMetersAndTheRulesComputeTheReportsMatchRatio() throws Exception {
    Path binary = PrometheusBinaries.require("prometheus");
    Path root = PrometheusBinaries.repositoryRoot();

    PrometheusMeterRegistry legacyRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PrometheusMeterRegistry candidateRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // the standard comparator: JSON key order and spacing do not matter
    OperationPolicies policies = OperationPolicies.builder()
        .operation("getReturn", p -> p.threshold(0.99).minSamples(100))
        .operation("searchReturns", p -> p.threshold(0.95).minSamples(20))
        .operation("getBroken")
        .operation("createReturn")
        .build();
    OperationRouter routes = OperationRouter.builder()
        .route("GET /returns/{id}", "getReturn")
        .route("GET /search/{id}", "searchReturns")
        .route("GET /broken/{id}", "getBroken")
        .route("POST /returns", "createReturn")
        .build();

    try (JettyApp candidateApp = new JettyApp()) {
      DeferredServlet receiverSlot = new DeferredServlet();
      candidateApp.filter("/*", new ReplayMarkerFilter())
          .servlet("/*", new CandidateEndpoints())
          .servlet("/consistency-checks/*", receiverSlot)
          .start();
      ConsistencyCheckServlet receiver = ConsistencyCheckServlet.builder()
          .secret(SECRET)
          .replayTo(candidateApp.baseUrl())
          .meterRegistry(candidateRegistry)
          .policies(policies)
          .router(routes)
          .build();
      receiverSlot.delegate = receiver;
      ConsistencyCheckPublisher publisher = ConsistencyCheckPublisher.builder()
          .candidateUrl(candidateApp.url("/consistency-checks"))
          .secret(SECRET)
          .meterRegistry(legacyRegistry)
          .batchDelay(Duration.ofMillis(20))
          .build();
      ParallelRunFilter filter = ParallelRunFilter.builder()
          .publisher(publisher)
          .router(routes)
          .policies(policies)
          .build();

      try (JettyApp legacyApp = new JettyApp().filter("/*", filter).servlet("/*", new LegacyEndpoints()).start();
          MetricsEndpoint legacyMetrics = new MetricsEndpoint(legacyRegistry);
          MetricsEndpoint candidateMetrics = new MetricsEndpoint(candidateRegistry);
          PrometheusProcess prometheus = PrometheusProcess.start(binary,
              Map.of("legacy", legacyMetrics.target(), "candidate", candidateMetrics.target()),
              List.of(root.resolve(PrometheusBinaries.RULES)))) {

        // the declared operations' series are scraped at zero before anything is counted, so that
        // the rates see every increment
        await("both targets up and the declared series scraped at zero").atMost(WAIT).untilAsserted(() -> {
          assertThat(prometheus.targetHealth()).containsEntry("legacy", "up").containsEntry("candidate", "up");
          assertThat(prometheus.query("parallel_run_checks_total{" + DECLARED + "}")).hasSize(4 * 3);
          assertThat(prometheus.query("parallel_run_published_total")).hasSize(4);
          assertThat(prometheus.query("operation_id:parallel_run_consistency_threshold:max{" + DECLARED + "}")).hasSize(4);
        });

        HttpClient client = HttpClient.newHttpClient();
        for (int i = 1; i <= RETURNS; i++) {
          send(client, HttpRequest.newBuilder(URI.create(legacyApp.url("/returns/" + i))).build());
        }
        for (int i = 1; i <= SEARCHES; i++) {
          send(client, HttpRequest.newBuilder(URI.create(legacyApp.url("/search/" + i))).build());
        }
        for (int i = 1; i <= BROKEN; i++) {
          send(client, HttpRequest.newBuilder(URI.create(legacyApp.url("/broken/" + i))).build());
        }
        for (int i = 1; i <= CREATES; i++) {
          send(client, HttpRequest.newBuilder(URI.create(legacyApp.url("/returns")))
              .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build());
        }
        int captured = RETURNS + SEARCHES + BROKEN;
        await("every capture checked").atMost(WAIT)
            .until(() -> total(candidateRegistry, MeterNames.CHECKS) == captured);
        publisher.close();
        // a closed publisher drops what it is offered, and counts it
        for (int i = 0; i < 2; i++) {
          publisher.publish(ConsistencyCheckPayload.of(CapturedRequest.of("GET", "/returns/x", HttpHeaders.empty()),
              CapturedResponse.of(200, HttpHeaders.empty(), null)));
        }

        ReadinessReport report = receiver.report();
        assertThat(report.operation("getReturn").statistics().differingPaths())
            .extracting(OperationStatistics.PathCount::path).containsExactly("/state");
        OperationReadiness getReturn = report.operation("getReturn");
        OperationReadiness searchReturns = report.operation("searchReturns");
        // every 10th return differs in its body, every 40th from the 7th on fails with a 500
        assertThat(getReturn.statistics().matched()).isEqualTo(RETURNS - RETURNS / 10 - RETURNS / 40);
        assertThat(getReturn.statistics().unmatched()).isEqualTo(RETURNS / 10);
        assertThat(getReturn.statistics().candidateFailures()).isEqualTo(RETURNS / 40);
        assertThat(searchReturns.matchRate()).isEqualTo(1.0);

        await("Prometheus holds what the registries hold").atMost(WAIT).untilAsserted(() -> {
          for (OperationReadiness operation : report.operations()) {
            OperationStatistics statistics = operation.statistics();
            String op = "operation_id=\"" + operation.operationId() + "\"";
            assertThat(prometheus.value("parallel_run_checks_total{" + op + ",result=\"matched\"}")).isEqualTo(statistics.matched());
            assertThat(prometheus.value("parallel_run_checks_total{" + op + ",result=\"unmatched\"}")).isEqualTo(statistics.unmatched());
            assertThat(prometheus.value("parallel_run_checks_total{" + op + ",result=\"failed\"}")).isEqualTo(statistics.failed());
          }
          assertThat(prometheus.value("parallel_run_failures_total{operation_id=\"getReturn\",cause=\"candidate_5xx\"}")).isEqualTo(RETURNS / 40);
          assertThat(prometheus.value("parallel_run_failures_total{operation_id=\"getBroken\",cause=\"legacy_5xx\"}")).isEqualTo(BROKEN);
          assertThat(prometheus.value("parallel_run_differences_total{operation_id=\"getReturn\",axis=\"body\"}")).isEqualTo(RETURNS / 10);
          assertThat(prometheus.value("parallel_run_check_lag_seconds_count")).isEqualTo(captured);
          assertThat(prometheus.value("parallel_run_latency_seconds_count{job=\"candidate\",operation_id=\"searchReturns\",system=\"candidate\"}")).isEqualTo(SEARCHES);
          assertThat(prometheus.value("parallel_run_published_total{outcome=\"accepted\"}")).isEqualTo(captured);
          assertThat(prometheus.value("parallel_run_published_total{outcome=\"dropped\"}")).isEqualTo(2);
          assertThat(prometheus.value("parallel_run_skipped_total{job=\"legacy\",operation_id=\"createReturn\",side=\"legacy\",reason=\"non_idempotent\"}")).isEqualTo(CREATES);
          assertThat(prometheus.value("parallel_run_latency_seconds_count{job=\"legacy\",operation_id=\"searchReturns\",system=\"legacy\"}")).isEqualTo(SEARCHES);
          assertThat(prometheus.query("parallel_run_queue_size")).extracting(s -> s.label("side")).containsExactlyInAnyOrder("legacy", "candidate");
          assertThat(prometheus.query("parallel_run_queue_bytes")).extracting(s -> s.label("side")).containsExactlyInAnyOrder("legacy", "candidate");
        });

        await("the recording rules compute the report's match ratio").atMost(WAIT).untilAsserted(() -> {
          for (String window : List.of("5m", "1h", "6h", "1d")) {
            assertThat(prometheus.value("operation_id:parallel_run_match_ratio:rate" + window + "{operation_id=\"getReturn\"}"))
                .as("getReturn over %s", window).isCloseTo(getReturn.matchRate(), within(1e-9));
            assertThat(prometheus.value("operation_id:parallel_run_match_ratio:rate" + window + "{operation_id=\"searchReturns\"}"))
                .as("searchReturns over %s", window).isCloseTo(searchReturns.matchRate(), within(1e-9));
            // only legacy 5xx: nothing decisive, no ratio
            assertThat(prometheus.query("operation_id:parallel_run_match_ratio:rate" + window + "{operation_id=\"getBroken\"}")).isEmpty();
          }
          assertThat(prometheus.value("operation_id:parallel_run_consistency_threshold:max{operation_id=\"getReturn\"}"))
              .isEqualTo(getReturn.threshold());
          assertThat(prometheus.value("operation_id:parallel_run_consistency_threshold:max{operation_id=\"searchReturns\"}"))
              .isEqualTo(searchReturns.threshold());
          assertThat(prometheus.value("operation_id:parallel_run_candidate_5xx_ratio:rate5m{operation_id=\"getReturn\"}"))
              .isCloseTo((double) (RETURNS / 40) / RETURNS, within(1e-9));
          assertThat(prometheus.value("instance:parallel_run_check_lag_seconds:mean5m")).isPositive();
          assertThat(prometheus.value("job_outcome:parallel_run_published:rate5m{outcome=\"accepted\"}")).isPositive();
        });

        await("getReturn's alert is pending, no other operation has one").atMost(WAIT).untilAsserted(() ->
            assertThat(prometheus.query("ALERTS{alertname=\"ParallelRunMatchRateBelowThreshold\"}"))
                .extracting(s -> s.label("operation_id") + "/" + s.label("alertstate"))
                .containsExactly("getReturn/pending"));

        assertThat(prometheus.ruleHealth()).isNotEmpty().allSatisfy((name, health) -> assertThat(health).as(name).isEqualTo("ok"));

        // every query of the dashboard parses and returns data
        Map<String, String> failures = new LinkedHashMap<>();
        for (Map.Entry<String, String> query : dashboardQueries(root.resolve(PrometheusBinaries.DASHBOARD)).entrySet()) {
          try {
            if (prometheus.query(query.getValue()).isEmpty()) {
              failures.put(query.getKey(), "no data: " + query.getValue());
            }
          } catch (AssertionError e) {
            failures.put(query.getKey(), e.getMessage());
          }
        }
        assertThat(failures).as("dashboard queries that failed or returned nothing").isEmpty();
      } finally {
        publisher.close();
        receiver.close();
      }
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
    assertThat(response.statusCode()).isIn(200, 201, 500);
  }

  private static double total(MeterRegistry registry, String name) {
    return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  /** The legacy application. */
  static final class LegacyEndpoints extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String path = req.getRequestURI();
      String id = path.substring(path.lastIndexOf('/') + 1);
      resp.setContentType("application/json;charset=UTF-8");
      if (path.startsWith("/broken/")) {
        resp.setStatus(500);
        resp.getWriter().write("{\"error\":\"legacy bug\"}");
        return;
      }
      resp.getWriter().write("{\"id\":" + id + ",\"state\":\"open\",\"items\":[1,2]}");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      req.getInputStream().readAllBytes();
      resp.setStatus(201);
      resp.setContentType("application/json");
      resp.getWriter().write("{\"id\":1}");
    }
  }

  /**
   * The candidate: the same answers in another key order and spacing, except that every 10th
   * return differs in its body and every 40th, from the 7th on, fails.
   */
  static final class CandidateEndpoints extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String path = req.getRequestURI();
      int id = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
      resp.setContentType("application/json;charset=UTF-8");
      if (path.startsWith("/returns/") && id % 40 == 7) {
        resp.setStatus(500);
        resp.getWriter().write("{}");
        return;
      }
      String state = path.startsWith("/returns/") && id % 10 == 0 ? "closed" : "open";
      resp.getWriter().write("{ \"items\": [1, 2], \"state\": \"" + state + "\", \"id\": " + id + " }");
    }
  }

  /** Lets the receiver, which needs the candidate's port, be registered before the server starts. */
  static final class DeferredServlet extends HttpServlet {
    volatile HttpServlet delegate;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
      delegate.service(req, resp);
    }
  }
}
