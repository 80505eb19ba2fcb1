package io.parallelrun.examples.plainservlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.readiness.ReadinessReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlainServletExampleTest {

  private static final int RETURNS = 20;

  private final HttpClient http = HttpClient.newHttpClient();
  private PlainServletExample example;

  @BeforeEach
  void start() {
    example = new PlainServletExample(0, 0, "a-secret-of-at-least-16-bytes");
  }

  @AfterEach
  void stop() {
    example.close();
  }

  @Test
  void theCandidateAgreesOnReturnsAndDisagreesOnRoundedRefunds() throws Exception {
    for (int id = 1; id <= RETURNS; id++) {
      assertThat(get(example.legacyUrl("/returns/" + id)).statusCode()).isEqualTo(200);
      assertThat(get(example.legacyUrl("/returns/" + id + "/refund")).statusCode()).isEqualTo(200);
    }

    MeterRegistry candidate = example.candidateRegistry();
    await().atMost(Duration.ofSeconds(30))
        .until(() -> candidate.find(MeterNames.CHECKS).counters().stream().mapToDouble(c -> c.count()).sum() == 2 * RETURNS);

    ReadinessReport report = example.receiver().report();
    assertThat(report.operation("getReturn").statistics().matched()).isEqualTo(RETURNS);
    assertThat(report.operation("getRefund").statistics().matched()).isEqualTo(RETURNS / 2);
    assertThat(report.operation("getRefund").statistics().unmatched()).isEqualTo(RETURNS / 2);
    assertThat(report.operation("getRefund").statistics().differingPaths())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.axis()).isEqualTo(Difference.Axis.BODY);
          assertThat(p.path()).isEqualTo("/amount");
        });
    // replays are not audited: only client requests are
    assertThat(example.candidateAudits()).isZero();
    assertThat(get(example.candidateUrl("/returns/1")).statusCode()).isEqualTo(200);
    assertThat(example.candidateAudits()).isEqualTo(1);
  }

  @Test
  void theReportIsServedOverHttp() throws Exception {
    get(example.legacyUrl("/returns/2"));
    await().atMost(Duration.ofSeconds(30)).until(() -> example.receiver().report().operation("getReturn") != null
        && example.receiver().report().operation("getReturn").statistics().matched() == 1);

    HttpResponse<String> report = get(example.candidateUrl("/consistency-checks/report"));

    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.body()).contains("\"operationId\":\"getReturn\"");
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
