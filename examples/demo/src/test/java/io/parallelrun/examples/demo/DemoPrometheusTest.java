package io.parallelrun.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.parallelrun.servlet.prometheus.PrometheusBinaries;
import io.parallelrun.servlet.prometheus.PrometheusProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus scrapes the demo's candidate (returns-service, at {@code /actuator/prometheus},
 * the URL the demo prints) with docs/prometheus/parallel-run-rules.yml loaded, while the demo's
 * traffic flows; the match ratio it records per operation must be the one the candidate's readiness
 * report states.
 *
 * <p>The demo runs with {@code --no-traffic}, so that Prometheus scrapes every declared series at
 * zero before anything is counted (a rate needs to see the increments); this test then sends the
 * demo's traffic mix itself.
 */
class DemoPrometheusTest {

  /** 4 rounds of the traffic mix, as in {@link DemoTest}. */
  private static final int REQUESTS = 64;
  /** Each round of 16 requests: 15 replayed checks, one POST /returns that is never replayed. */
  private static final int CHECKS = REQUESTS / 16 * 15;
  private static final List<String> OPERATIONS =
      List.of("getReturn", "listReturns", "getLabel", "searchReturns", "getRefund", "createReturn");
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void prometheusRecordsTheMatchRatioTheCandidatesReportStates() throws Exception {
    Path binary = PrometheusBinaries.require("prometheus");
    Path root = PrometheusBinaries.repositoryRoot();

    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Demo demo = new Demo(
        DemoOptions.parse("--legacy-port", "0", "--candidate-port", "0", "--no-traffic"),
        new PrintStream(buffer, true, StandardCharsets.UTF_8),
        false);
    try {
      assertThat(demo.run()).as(buffer.toString(StandardCharsets.UTF_8)).isZero();
      URI scrape = demo.candidateUrl().resolve("/actuator/prometheus");
      assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("Prometheus scrape  " + scrape);

      try (PrometheusProcess prometheus = PrometheusProcess.scraping(binary,
          Map.of("candidate", scrape), List.of(root.resolve(PrometheusBinaries.RULES)))) {
        String declared = "operation_id=~\"" + String.join("|", OPERATIONS) + "\"";
        await("the candidate up and its declared series scraped at zero").atMost(WAIT).untilAsserted(() -> {
          assertThat(prometheus.targetHealth()).containsEntry("candidate", "up");
          assertThat(prometheus.query("parallel_run_checks_total{" + declared + "}")
                  .stream().map(s -> s.label("operation_id")).distinct())
              .containsExactlyInAnyOrderElementsOf(OPERATIONS);
          assertThat(prometheus.query("parallel_run_failures_total{" + declared + ",cause=\"candidate_5xx\"}")
                  .stream().map(s -> s.label("operation_id")).distinct())
              .containsExactlyInAnyOrderElementsOf(OPERATIONS);
          assertThat(prometheus.value("sum(parallel_run_checks_total)")).isZero();
        });

        TrafficGenerator traffic = new TrafficGenerator(demo.legacyUrl());
        traffic.run(REQUESTS, 4);
        assertThat(traffic.errors()).as("last error: %s", traffic.lastError()).isZero();
        assertThat(traffic.answered()).isEqualTo(REQUESTS);

        await("every captured request checked").atMost(WAIT)
            .until(() -> report(demo).stream().mapToLong(ReportRow::checks).sum() == CHECKS);
        Map<String, ReportRow> report = report(demo).stream()
            .collect(Collectors.toMap(ReportRow::operationId, r -> r));
        assertThat(report.keySet()).containsAll(OPERATIONS);
        // what makes the demo worth watching: a bug, a missing field, failures, and matches
        assertThat(report.get("getReturn").matchRate()).isEqualTo(1.0);
        assertThat(report.get("listReturns").matchRate()).isEqualTo(0.0);
        assertThat(report.get("searchReturns").matchRate()).isStrictlyBetween(0.0, 1.0);
        assertThat(report.get("getRefund").failures()).containsKey("candidate_5xx");
        assertThat(report.get("createReturn").checks()).isZero();

        await("Prometheus holds the report's counts").atMost(WAIT).untilAsserted(() -> {
          for (ReportRow row : report.values()) {
            String op = "operation_id=\"" + row.operationId() + "\"";
            assertThat(prometheus.value("sum(parallel_run_checks_total{" + op + ",result=\"matched\"})"))
                .as("%s matched", row.operationId()).isEqualTo(row.matched());
            assertThat(prometheus.value("sum(parallel_run_checks_total{" + op + ",result=\"unmatched\"})"))
                .as("%s unmatched", row.operationId()).isEqualTo(row.unmatched());
            assertThat(prometheus.value("sum(parallel_run_checks_total{" + op + ",result=\"failed\"})"))
                .as("%s failed", row.operationId()).isEqualTo(row.failed());
          }
        });

        await("the recording rules compute the report's match ratio").atMost(WAIT).untilAsserted(() -> {
          for (ReportRow row : report.values()) {
            String op = "{operation_id=\"" + row.operationId() + "\"}";
            String ratio = "operation_id:parallel_run_match_ratio:rate5m" + op;
            if (row.matchRate() == null) {
              // nothing decisive: no ratio
              assertThat(prometheus.query(ratio)).as(row.operationId()).isEmpty();
              continue;
            }
            assertThat(prometheus.value(ratio)).as(row.operationId()).isCloseTo(row.matchRate(), within(1e-9));
            // the raw series, scraped from zero, give the same ratio
            String matched = "sum(parallel_run_checks_total" + op.replace("}", ",result=\"matched\"}") + ")";
            String decisive = "(sum(parallel_run_checks_total" + op.replace("}", ",result=~\"matched|unmatched\"}") + ")"
                + " + sum(parallel_run_failures_total" + op.replace("}", ",cause=~\"candidate_5xx|replay_timeout|replay_error\"}") + "))";
            assertThat(prometheus.value(matched + " / " + decisive)).as("%s from the raw series", row.operationId())
                .isCloseTo(row.matchRate(), within(1e-9));
            assertThat(prometheus.value("operation_id:parallel_run_consistency_threshold:max" + op))
                .as("%s threshold", row.operationId()).isEqualTo(row.threshold());
          }
        });

        assertThat(prometheus.ruleHealth()).isNotEmpty()
            .allSatisfy((name, health) -> assertThat(health).as(name).isEqualTo("ok"));
      }
    } finally {
      demo.stop();
    }
  }

  private static List<ReportRow> report(Demo demo) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(demo.candidateUrl().resolve("/consistency-checks/report")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return ReportRow.parse(response.body());
  }
}
