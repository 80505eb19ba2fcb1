package io.parallelrun.servlet.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationPolicy;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.servlet.publish.ConsistencyCheckPublisher;
import io.parallelrun.servlet.testing.Jetty;
import io.parallelrun.servlet.testing.Load;
import io.parallelrun.servlet.testing.Meters;
import io.parallelrun.servlet.testing.TestReceiver;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Decisions before wrapping, the resolver hook, failure isolation and configuration. */
class FilterDecisionTest {

  private static final String SECRET = "a-test-secret-of-enough-length";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TestReceiver receiver = new TestReceiver(SECRET);
  private final ConsistencyCheckPublisher publisher = ConsistencyCheckPublisher.builder()
      .candidateUrl(receiver.url()).secret(SECRET).meterRegistry(registry).batchDelay(Duration.ofMillis(10)).build();
  private final HttpClient client = HttpClient.newHttpClient();
  private Jetty legacy;

  /** Answers with the class of the request object it got, so a test sees whether it was wrapped. */
  static final class EchoServlet extends HttpServlet {
    static final Map<String, String> seen = new ConcurrentHashMap<>();

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String id = req.getHeader("X-Test-Id");
      if (id != null) {
        seen.put(id, req.getClass().getName());
      }
      req.setAttribute("route", req.getHeader("X-Route"));
      resp.setContentType("text/plain;charset=UTF-8");
      resp.getWriter().write("ok " + req.getMethod());
    }
  }

  @AfterEach
  void stop() {
    if (legacy != null) {
      legacy.close();
    }
    publisher.close();
    receiver.close();
  }

  private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(legacy.url(path)))
        .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok " + method);
    return response;
  }

  private void awaitAccounted(int requests) {
    await().atMost(Duration.ofSeconds(10))
        .until(() -> Meters.published(registry, null) + Meters.skipped(registry, null) == requests);
  }

  @Test
  void unsampledRequestsAreNeitherWrappedNorCopied() throws Exception {
    legacy = Jetty.start(new EchoServlet(), ParallelRunFilter.builder().publisher(publisher)
        .router(OperationRouter.builder().route("GET /returns/{id}", "getReturn").build())
        .policies(OperationPolicies.builder().operation("getReturn", p -> p.sampleRate(0.0)).build())
        .build());
    send("GET", "/returns/1", "X-Test-Id", "unsampled");
    send("GET", "/other", "X-Test-Id", "sampled");
    awaitAccounted(2);
    assertThat(EchoServlet.seen.get("unsampled")).doesNotContain("Capturing");
    assertThat(EchoServlet.seen.get("sampled")).contains("CapturingRequest");
    assertThat(Meters.skipped(registry, "getReturn", "not_sampled")).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.byTestId.containsKey("sampled"));
    assertThat(receiver.byTestId.get("sampled").operationId()).isEqualTo(OperationRouter.UNMAPPED);
  }

  @Test
  void stickySamplingKeepsEachCustomerInOrOut() throws Exception {
    legacy = Jetty.start(new EchoServlet(), ParallelRunFilter.builder().publisher(publisher)
        .policies(OperationPolicies.builder()
            .defaults(OperationPolicy.custom().sampleRate(0.5).stickySamplingHeader("X-Customer").build()).build())
        .build());
    int customers = 40;
    for (int round = 0; round < 3; round++) {
      for (int c = 0; c < customers; c++) {
        send("GET", "/returns", "X-Customer", "customer-" + c, "X-Test-Id", round + "-" + c);
      }
    }
    awaitAccounted(3 * customers);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> receiver.payloads.size() == (int) Meters.published(registry, MeterNames.OUTCOME_ACCEPTED));
    Map<String, Long> capturesPerCustomer = receiver.payloadList().stream()
        .collect(Collectors.groupingBy(p -> p.request().headers().first("X-Customer"), Collectors.counting()));
    assertThat(capturesPerCustomer.values()).allMatch(n -> n == 3);
    assertThat(capturesPerCustomer.size()).isBetween(8, 32);
    assertThat(Meters.skipped(registry, "not_sampled")).isEqualTo(3 * (customers - capturesPerCustomer.size()));
  }

  @Test
  void replayMarkerExclusionsAndNonIdempotentMethodsAreSkippedWithTheirReason() throws Exception {
    legacy = Jetty.start(new EchoServlet(), ParallelRunFilter.builder().publisher(publisher)
        .router(OperationRouter.builder().route("/returns/**", "returns").route("POST /search", "search").build())
        .policies(OperationPolicies.builder().operation("search", p -> p.idempotent(true)).build())
        .exclude(r -> r.getRequestURI().startsWith("/health"))
        .build());
    send("GET", "/returns/1", "Parallel-Run-Replay", "check-1");
    send("GET", "/health");
    send("POST", "/returns/1");
    send("DELETE", "/returns/1");
    send("POST", "/search");
    awaitAccounted(5);
    assertThat(Meters.skipped(registry, "returns", "replay")).isEqualTo(1);
    assertThat(Meters.skipped(registry, OperationRouter.UNMAPPED, "excluded")).isEqualTo(1);
    assertThat(Meters.skipped(registry, "returns", "non_idempotent")).isEqualTo(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.payloads.size() == 1);
    ConsistencyCheckPayload search = receiver.payloadList().get(0);
    assertThat(search.operationId()).isEqualTo("search");
    assertThat(search.request().method()).isEqualTo("POST");
    assertThat(search.request().body()).asString().isEqualTo("{}");
  }

  @Test
  void theResolverNamesTheOperationAfterTheChainAndItsPolicyDecides() throws Exception {
    legacy = Jetty.start(new EchoServlet(), ParallelRunFilter.builder().publisher(publisher)
        .policies(OperationPolicies.builder()
            .operation("createThing", p -> p.idempotent(true))
            .operation("deleteThing")
            .operation("rareThing", p -> p.sampleRate(0.0))
            .build())
        .operationResolver((request, routed) -> (String) request.getAttribute("route"))
        .build());
    send("POST", "/things", "X-Route", "createThing");
    send("DELETE", "/things/1", "X-Route", "deleteThing");
    send("GET", "/rare", "X-Route", "rareThing");
    send("GET", "/raw/1", "X-Route", "GET /raw/{id}");
    send("GET", "/raw/2", "X-Route", "GET /raw/\"2\"");
    send("GET", "/none");
    awaitAccounted(6);
    assertThat(Meters.skipped(registry, "deleteThing", "non_idempotent")).isEqualTo(1);
    assertThat(Meters.skipped(registry, "rareThing", "not_sampled")).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.payloads.size() == 4);
    assertThat(receiver.payloadList()).extracting(ConsistencyCheckPayload::operationId)
        .containsExactlyInAnyOrder("createThing", "GET /raw/{id}", OperationRouter.UNMAPPED, OperationRouter.UNMAPPED);
    assertThat(registry.find(MeterNames.SKIPPED).counters())
        .allSatisfy(c -> assertThat(c.getId().getTag(MeterNames.OPERATION_ID)).doesNotContain("\""));
  }

  @Test
  void failuresInsideTheLibraryNeverReachTheClientAndAreCounted() throws Exception {
    legacy = Jetty.start(new EchoServlet(), ParallelRunFilter.builder().publisher(publisher)
        .exclude(r -> {
          if (r.getRequestURI().startsWith("/broken-exclusion")) {
            throw new IllegalStateException("a broken exclusion");
          }
          return false;
        })
        .operationResolver((r, routed) -> {
          if (r.getRequestURI().startsWith("/broken-resolver")) {
            throw new IllegalStateException("a broken resolver");
          }
          return null;
        })
        .build());
    int requests = 30;
    for (int i = 0; i < requests / 3; i++) {
      send("GET", "/broken-exclusion");
      send("GET", "/broken-resolver");
      send("GET", "/fine");
    }
    awaitAccounted(requests);
    assertThat(Meters.skipped(registry, "capture_error")).isEqualTo(2 * requests / 3);
    await().atMost(Duration.ofSeconds(10)).until(() -> Meters.published(registry, MeterNames.OUTCOME_ACCEPTED) == requests / 3);
  }

  @Test
  void latencyIsTimedPerOperation() throws Exception {
    legacy = Jetty.start(new EchoServlet(), ParallelRunFilter.builder().publisher(publisher)
        .router(OperationRouter.builder().route("GET /returns/{id}", "getReturn").build()).build());
    send("GET", "/returns/1");
    send("GET", "/returns/2");
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      Timer timer = registry.find(MeterNames.LATENCY).tag(MeterNames.OPERATION_ID, "getReturn")
          .tag(MeterNames.SYSTEM, "legacy").timer();
      return timer != null && timer.count() == 2;
    });
    assertThat(receiver.payloadList()).allSatisfy(p -> assertThat(p.legacyLatencyMicros()).isPresent());
  }

  @Test
  void manyConcurrentClientsAreAccountedExactly() throws Exception {
    legacy = Jetty.start(new EchoServlet(), ParallelRunFilter.builder().publisher(publisher)
        .policies(OperationPolicies.builder().defaults(OperationPolicy.custom().sampleRate(0.5).build()).build())
        .build());
    int requests = 2000;
    int ok = Load.run(requests, 16, i -> Load.get(legacy.url("/items/" + i)), r -> r.body().equals("ok GET"));
    assertThat(ok).isEqualTo(requests);
    awaitAccounted(requests);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> receiver.payloads.size() == (int) Meters.published(registry, MeterNames.OUTCOME_ACCEPTED));
    assertThat(Meters.skipped(registry, "not_sampled") + receiver.payloads.size()).isEqualTo(requests);
  }

  @Test
  void aFilterConfiguredFromInitParameters() throws Exception {
    Map<String, String> params = new HashMap<>();
    params.put(ParallelRunFilter.PARAM_CANDIDATE_URL, receiver.url());
    params.put(ParallelRunFilter.PARAM_SECRET, SECRET);
    params.put(ParallelRunFilter.PARAM_ROUTES, "GET /returns/{id}=getReturn; /orders/**=orders");
    params.put(ParallelRunFilter.PARAM_MAX_BODY_BYTES, "4");
    ParallelRunFilter filter = new ParallelRunFilter();
    filter.init(config(params));
    try {
      legacy = Jetty.start(new EchoServlet(), filter);
      send("GET", "/returns/7", "X-Test-Id", "from-init");
      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.byTestId.containsKey("from-init"));
      ConsistencyCheckPayload payload = receiver.byTestId.get("from-init");
      assertThat(payload.operationId()).isEqualTo("getReturn");
      assertThat(payload.response().body()).asString().isEqualTo("ok G");
      assertThat(payload.response().truncated()).isTrue();
    } finally {
      filter.destroy();
    }
    assertThat(filter.publisher().isClosed()).isTrue();

    ParallelRunFilter missing = new ParallelRunFilter();
    assertThatThrownBy(() -> missing.init(config(Map.of(ParallelRunFilter.PARAM_CANDIDATE_URL, receiver.url()))))
        .isInstanceOf(ServletException.class).hasMessageContaining("secret");
    ParallelRunFilter badRoute = new ParallelRunFilter();
    Map<String, String> bad = new HashMap<>(params);
    bad.put(ParallelRunFilter.PARAM_ROUTES, "returns/{id}=x");
    assertThatThrownBy(() -> badRoute.init(config(bad))).isInstanceOf(ServletException.class);
  }

  private static FilterConfig config(Map<String, String> params) {
    return new FilterConfig() {
      @Override
      public String getFilterName() {
        return "parallelRun";
      }

      @Override
      public ServletContext getServletContext() {
        return null;
      }

      @Override
      public String getInitParameter(String name) {
        return params.get(name);
      }

      @Override
      public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(Set.copyOf(params.keySet()));
      }
    };
  }
}
