package io.parallelrun.servlet.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.FailureCause;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationPolicy;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.core.readiness.ReadinessReport;
import io.parallelrun.core.readiness.Verdict;
import io.parallelrun.core.record.OperationStatistics;
import io.parallelrun.servlet.capture.ParallelRunFilter;
import io.parallelrun.servlet.publish.ConsistencyCheckPublisher;
import io.parallelrun.servlet.replay.ReplayContext;
import io.parallelrun.servlet.replay.ReplayMarkerFilter;
import io.parallelrun.servlet.testing.JettyApp;
import io.parallelrun.servlet.testing.Load;
import io.parallelrun.servlet.testing.TestComparator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A legacy Jetty app with the capture filter and publisher, and a candidate Jetty app with the
 * receiver, the replay marker filter and its own endpoints; real HTTP between them.
 */
class EndToEndTest {

  private static final String SECRET = "end-to-end-secret-0123456789";
  private static final int N = 40;

  /** The legacy application: the source of truth. */
  static final class LegacyApp extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String path = req.getRequestURI();
      String id = path.substring(path.lastIndexOf('/') + 1);
      resp.setContentType("application/json;charset=UTF-8");
      if (path.startsWith("/orders/")) {
        resp.getWriter().write("{\"id\":" + id + ",\"name\":\"order " + id + "\",\"total\":10.50,\"lines\":[1,2]}");
      } else if (path.startsWith("/prices/")) {
        resp.getWriter().write("{\"id\":" + id + ",\"items\":[{\"sku\":\"a\",\"price\":1},{\"sku\":\"b\",\"price\":2}]}");
      } else if (path.startsWith("/profiles/")) {
        resp.setHeader("X-Api-Version", "1");
        resp.getWriter().write("{\"id\":" + id + "}");
      } else if (path.startsWith("/reports/")) {
        resp.getWriter().write("{\"report\":" + id + "}");
      } else if (path.startsWith("/broken/")) {
        resp.setStatus(500);
        resp.getWriter().write("{\"error\":\"legacy bug\"}");
      } else {
        resp.setStatus(404);
      }
    }
  }

  /** The candidate: the same API, re-implemented, with some differences. */
  static final class CandidateApp extends HttpServlet {
    final AtomicInteger replays = new AtomicInteger();
    final AtomicInteger notMarked = new AtomicInteger();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      if (ReplayContext.isReplay() && ReplayContext.isReplay(req)) {
        replays.incrementAndGet();
      } else {
        notMarked.incrementAndGet();
      }
      String path = req.getRequestURI();
      String id = path.substring(path.lastIndexOf('/') + 1);
      resp.setContentType("application/json; charset=utf-8");
      resp.setHeader("Date", "Tue, 01 Jan 2030 00:00:00 GMT");
      if (path.startsWith("/orders/")) {
        // Same content, other key order, other number spelling, other whitespace.
        resp.getWriter().write("{ \"lines\": [1, 2], \"total\": 1.050e1, \"name\": \"order " + id + "\", \"id\": " + id + " }");
      } else if (path.startsWith("/prices/")) {
        resp.getWriter().write("{\"id\":" + id + ",\"items\":[{\"sku\":\"a\",\"price\":1.5},{\"sku\":\"b\",\"price\":2.5}]}");
      } else if (path.startsWith("/profiles/")) {
        resp.setHeader("X-Api-Version", "2");
        resp.getWriter().write("{\"id\":" + id + "}");
      } else if (path.startsWith("/reports/")) {
        resp.setStatus(500);
        resp.getWriter().write("{\"error\":\"not implemented\"}");
      } else if (path.startsWith("/broken/")) {
        resp.getWriter().write("{}");
      } else {
        resp.setStatus(404);
      }
    }
  }

  private static double counter(MeterRegistry registry, String name, String operation, String tag, String value) {
    var counter = registry.find(name).tag(MeterNames.OPERATION_ID, operation).tag(tag, value).counter();
    return counter == null ? 0 : counter.count();
  }

  private static double total(MeterRegistry registry, String name) {
    return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Test
  void countersDifferingPathsAndVerdictsAreExact() throws Exception {
    SimpleMeterRegistry legacyRegistry = new SimpleMeterRegistry();
    SimpleMeterRegistry candidateRegistry = new SimpleMeterRegistry();
    OperationPolicy compared = OperationPolicy.custom().comparator(new TestComparator()).threshold(0.9).minSamples(20).build();
    OperationPolicies policies = OperationPolicies.builder()
        .defaults(compared)
        .operation("getOrder").operation("getPrice").operation("getProfile").operation("getReport").operation("getBroken")
        .build();
    CandidateApp candidateEndpoints = new CandidateApp();

    try (JettyApp candidate = new JettyApp()) {
      candidate.filter("/*", new ReplayMarkerFilter()).servlet("/*", candidateEndpoints);
      // The receiver replays to the candidate itself; the servlet is added before the port is known,
      // so it is built with the port of the started server and registered through a holder servlet.
      DeferredServlet receiverSlot = new DeferredServlet();
      candidate.servlet("/consistency-checks/*", receiverSlot).start();
      ConsistencyCheckServlet receiver = ConsistencyCheckServlet.builder()
          .secret(SECRET)
          .replayTo(candidate.baseUrl())
          .meterRegistry(candidateRegistry)
          .policies(policies)
          .build();
      receiverSlot.delegate = receiver;

      ConsistencyCheckPublisher publisher = ConsistencyCheckPublisher.builder()
          .candidateUrl(candidate.url("/consistency-checks"))
          .secret(SECRET)
          .meterRegistry(legacyRegistry)
          .batchDelay(Duration.ofMillis(20))
          .build();
      OperationRouter routes = OperationRouter.builder()
          .route("GET /orders/{id}", "getOrder")
          .route("GET /prices/{id}", "getPrice")
          .route("GET /profiles/{id}", "getProfile")
          .route("GET /reports/{id}", "getReport")
          .route("GET /broken/{id}", "getBroken")
          .build();
      ParallelRunFilter filter = ParallelRunFilter.builder().publisher(publisher).router(routes).meterRegistry(legacyRegistry).build();
      try (JettyApp legacy = new JettyApp().filter("/*", filter).servlet("/*", new LegacyApp()).start()) {
        String[] prefixes = {"/orders/", "/prices/", "/profiles/", "/reports/", "/broken/"};
        int ok = Load.run(N * prefixes.length, 4, i -> Load.get(legacy.url(prefixes[i % prefixes.length] + i)),
            r -> r.statusCode() == 200 || r.statusCode() == 500);
        assertThat(ok).isEqualTo(N * prefixes.length);

        await().atMost(Duration.ofSeconds(30)).until(() -> total(candidateRegistry, MeterNames.CHECKS) == N * prefixes.length);
      } finally {
        publisher.close();
      }

      // Legacy side: everything captured was published and accepted.
      assertThat(total(legacyRegistry, MeterNames.PUBLISHED)).isEqualTo(N * 5);
      assertThat(legacyRegistry.get(MeterNames.PUBLISHED).tag(MeterNames.OUTCOME, "accepted").counter().count()).isEqualTo(N * 5);

      // Candidate side: exact counters.
      assertThat(counter(candidateRegistry, MeterNames.CHECKS, "getOrder", MeterNames.RESULT, "matched")).isEqualTo(N);
      assertThat(counter(candidateRegistry, MeterNames.CHECKS, "getOrder", MeterNames.RESULT, "unmatched")).isZero();
      assertThat(counter(candidateRegistry, MeterNames.CHECKS, "getPrice", MeterNames.RESULT, "unmatched")).isEqualTo(N);
      assertThat(counter(candidateRegistry, MeterNames.DIFFERENCES, "getPrice", MeterNames.AXIS, "body")).isEqualTo(2 * N);
      assertThat(counter(candidateRegistry, MeterNames.DIFFERENCES, "getPrice", MeterNames.AXIS, "headers")).isZero();
      assertThat(counter(candidateRegistry, MeterNames.CHECKS, "getProfile", MeterNames.RESULT, "unmatched")).isEqualTo(N);
      assertThat(counter(candidateRegistry, MeterNames.DIFFERENCES, "getProfile", MeterNames.AXIS, "headers")).isEqualTo(N);
      assertThat(counter(candidateRegistry, MeterNames.DIFFERENCES, "getProfile", MeterNames.AXIS, "body")).isZero();
      assertThat(counter(candidateRegistry, MeterNames.CHECKS, "getReport", MeterNames.RESULT, "failed")).isEqualTo(N);
      assertThat(counter(candidateRegistry, MeterNames.FAILURES, "getReport", MeterNames.CAUSE, "candidate_5xx")).isEqualTo(N);
      assertThat(counter(candidateRegistry, MeterNames.CHECKS, "getBroken", MeterNames.RESULT, "failed")).isEqualTo(N);
      assertThat(counter(candidateRegistry, MeterNames.FAILURES, "getBroken", MeterNames.CAUSE, "legacy_5xx")).isEqualTo(N);
      assertThat(total(candidateRegistry, MeterNames.SKIPPED)).isZero();
      assertThat(candidateRegistry.get(MeterNames.CHECK_LAG).timer().count()).isEqualTo(N * 5);
      assertThat(candidateRegistry.get(MeterNames.THRESHOLD).tag(MeterNames.OPERATION_ID, "getOrder").gauge().value()).isEqualTo(0.9);

      // Replays reached the candidate's endpoints, marked; a legacy 5xx is not replayed.
      assertThat(candidateEndpoints.replays.get()).isEqualTo(N * 4);
      assertThat(candidateEndpoints.notMarked.get()).isZero();

      // Differing paths and verdicts.
      ReadinessReport report = receiver.report();
      OperationStatistics prices = report.operation("getPrice").statistics();
      assertThat(prices.differingPaths()).containsExactly(
          new OperationStatistics.PathCount(Difference.Axis.BODY, "/items/*/price", 2L * N));
      assertThat(report.operation("getProfile").statistics().differingPaths()).containsExactly(
          new OperationStatistics.PathCount(Difference.Axis.HEADERS, "x-api-version", N));
      assertThat(report.operation("getOrder").statistics().differingPaths()).isEmpty();
      assertThat(report.operation("getReport").statistics().failures().get(FailureCause.CANDIDATE_5XX)).isEqualTo(N);
      assertThat(report.operation("getOrder").verdict()).isEqualTo(Verdict.READY);
      assertThat(report.operation("getPrice").verdict()).isEqualTo(Verdict.NOT_READY);
      assertThat(report.operation("getProfile").verdict()).isEqualTo(Verdict.NOT_READY);
      assertThat(report.operation("getReport").verdict()).isEqualTo(Verdict.NOT_READY);
      assertThat(report.operation("getBroken").verdict()).isEqualTo(Verdict.COLLECTING);
      assertThat(report.operation("getBroken").samples()).isZero();

      // The same report over HTTP.
      HttpResponse<byte[]> http = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(candidate.url("/consistency-checks/report"))).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(http.statusCode()).isEqualTo(200);
      assertThat(http.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
      JsonNode json = new ObjectMapper().readTree(http.body());
      JsonNode price = null;
      for (JsonNode op : json.path("operations")) {
        if (op.path("operationId").asText().equals("getPrice")) {
          price = op;
        }
      }
      assertThat(price).isNotNull();
      assertThat(price.path("verdict").asText()).isEqualTo("NOT_READY");
      assertThat(price.path("unmatched").asLong()).isEqualTo(N);
      assertThat(price.path("differingPaths").get(0).path("path").asText()).isEqualTo("/items/*/price");
      assertThat(price.path("mismatchSamples").size()).isBetween(1, 5);
      assertThat(price.path("mismatchSamples").get(0).path("differences").get(0).path("path").asText())
          .matches("/items/[01]/price");
      receiver.close();
      assertThat(candidateRegistry.get(MeterNames.QUEUE_SIZE).tag(MeterNames.SIDE, "candidate").gauge().value()).isZero();
    }
  }

  /** Lets a test register a servlet path before the servlet (which needs the port) exists. */
  static final class DeferredServlet extends HttpServlet {
    volatile HttpServlet delegate;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws jakarta.servlet.ServletException, IOException {
      delegate.service(req, resp);
    }
  }
}
