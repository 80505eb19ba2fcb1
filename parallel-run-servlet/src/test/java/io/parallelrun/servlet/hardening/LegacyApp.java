package io.parallelrun.servlet.hardening;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.servlet.capture.ParallelRunFilter;
import io.parallelrun.servlet.publish.ConsistencyCheckPublisher;
import io.parallelrun.servlet.testing.Jetty;
import io.parallelrun.servlet.testing.Meters;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The legacy side as a team would run it: an application on Jetty 12 behind the {@link
 * ParallelRunFilter}, its publisher sending to a candidate URL, meters in a real {@link
 * SimpleMeterRegistry}.
 */
final class LegacyApp implements AutoCloseable {

  static final String SECRET = "a-hardening-secret-of-enough-length";

  /** Answers a JSON document that depends on the path only, so that a replay can match it. */
  static final class ReturnsServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("application/json");
      resp.setCharacterEncoding("UTF-8");
      resp.getOutputStream().write(body(req.getRequestURI()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      byte[] request = req.getInputStream().readAllBytes();
      resp.setStatus(201);
      resp.setContentType("application/json");
      resp.getOutputStream().write(request);
    }
  }

  /** The body the legacy application answers for a path. */
  static String body(String path) {
    StringBuilder b = new StringBuilder(1600).append("{\"path\":\"").append(path).append("\",\"items\":[");
    for (int i = 0; i < 40; i++) {
      b.append(i == 0 ? "" : ",").append("{\"n\":").append(i).append(",\"sku\":\"SKU-").append(i * 7).append("\"}");
    }
    return b.append("]}").toString();
  }

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final ConsistencyCheckPublisher publisher;
  final Jetty jetty;

  LegacyApp(String candidateUrl, UnaryOperator<ConsistencyCheckPublisher.Builder> publisherOptions,
      OperationRouter router, OperationPolicies policies) {
    this(candidateUrl, publisherOptions, router, policies, request -> false);
  }

  LegacyApp(String candidateUrl, UnaryOperator<ConsistencyCheckPublisher.Builder> publisherOptions,
      OperationRouter router, OperationPolicies policies, Predicate<HttpServletRequest> exclusion) {
    ConsistencyCheckPublisher.Builder builder = ConsistencyCheckPublisher.builder()
        .candidateUrl(candidateUrl)
        .secret(SECRET)
        .meterRegistry(registry)
        .batchDelay(Duration.ofMillis(10))
        .connectTimeout(Duration.ofMillis(500))
        .closeTimeout(Duration.ofSeconds(2));
    this.publisher = publisherOptions.apply(builder).build();
    this.jetty = Jetty.start(new ReturnsServlet(),
        ParallelRunFilter.builder().publisher(publisher).router(router).policies(policies).exclude(exclusion).build());
  }

  LegacyApp(String candidateUrl) {
    this(candidateUrl, b -> b, OperationRouter.empty(), OperationPolicies.ofDefaults());
  }

  int port() {
    return jetty.port();
  }

  double published(String outcome) {
    return Meters.published(registry, outcome);
  }

  double accepted() {
    return published(MeterNames.OUTCOME_ACCEPTED);
  }

  /** Every published outcome and every legacy-side skip: what the filter accounted for. */
  double accounted() {
    return Meters.published(registry, null) + Meters.skipped(registry, null);
  }

  String figures() {
    return String.format("accepted %.0f, rejected %.0f, error %.0f, dropped %.0f, skipped %.0f",
        published(MeterNames.OUTCOME_ACCEPTED), published(MeterNames.OUTCOME_REJECTED),
        published(MeterNames.OUTCOME_ERROR), published(MeterNames.OUTCOME_DROPPED), Meters.skipped(registry, null));
  }

  @Override
  public void close() {
    jetty.close();
    publisher.close();
  }
}
