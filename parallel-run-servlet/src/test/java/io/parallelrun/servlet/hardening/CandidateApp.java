package io.parallelrun.servlet.hardening;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.servlet.receive.ConsistencyCheckServlet;
import io.parallelrun.servlet.replay.ReplayContext;
import io.parallelrun.servlet.replay.ReplayMarkerFilter;
import io.parallelrun.servlet.testing.JettyApp;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The candidate side as a team would run it: its own endpoints (the same API as {@link
 * LegacyApp}, re-implemented, with known differences) behind the {@link ReplayMarkerFilter}, and the
 * real {@link ConsistencyCheckServlet} at {@code /consistency-checks/*} replaying to this very
 * server over loopback. Meters in a real {@link SimpleMeterRegistry}.
 */
final class CandidateApp implements AutoCloseable {

  /**
   * The candidate's endpoints. {@code /orders/{id}}: a different SKU when id % 10 == 0, a 500 when
   * id % 25 == 0; everything else answers what the legacy application answers, formatted
   * differently. Counts the replays it served per {@code X-Test-Id}.
   */
  static final class Endpoints extends HttpServlet {
    /** Replaced, not cleared, to forget: a cleared map keeps its table. */
    volatile Map<String, AtomicInteger> replaysByTestId = new ConcurrentHashMap<>();
    final AtomicInteger unmarked = new AtomicInteger();

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
      if (ReplayContext.isReplay(req)) {
        String id = req.getHeader("X-Test-Id");
        if (id != null) {
          replaysByTestId.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        }
      } else {
        unmarked.incrementAndGet();
      }
      super.service(req, resp);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String path = req.getRequestURI();
      String body = LegacyApp.body(path).replace(",", ", ").replace(":", ": ");
      if (path.startsWith("/orders/")) {
        int id = Integer.parseInt(path.substring("/orders/".length()));
        if (id % 25 == 0) {
          resp.setStatus(500);
          resp.setContentType("application/json");
          resp.getWriter().write("{\"error\":\"not implemented yet\"}");
          return;
        }
        if (id % 10 == 0) {
          body = body.replace("\"SKU-7\"", "\"SKU-0007\"");
        }
      }
      resp.setContentType("application/json");
      resp.setCharacterEncoding("UTF-8");
      resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      byte[] request = req.getInputStream().readAllBytes();
      resp.setStatus(201);
      resp.setContentType("application/json");
      resp.getOutputStream().write(request);
    }
  }

  /** Lets the receiver, which needs the server's port, be built after the server started. */
  static final class Slot extends HttpServlet {
    volatile HttpServlet delegate;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
      delegate.service(req, resp);
    }
  }

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final Endpoints endpoints = new Endpoints();
  final ConsistencyCheckServlet receiver;
  final JettyApp jetty;

  CandidateApp(OperationPolicies policies, UnaryOperator<ConsistencyCheckServlet.Builder> options) {
    Slot slot = new Slot();
    jetty = new JettyApp().filter("/*", new ReplayMarkerFilter()).servlet("/*", endpoints)
        .servlet("/consistency-checks/*", slot).start();
    receiver = options.apply(ConsistencyCheckServlet.builder().secret(LegacyApp.SECRET).replayTo(jetty.baseUrl())
        .meterRegistry(registry).policies(policies)).build();
    slot.delegate = receiver;
  }

  CandidateApp() {
    this(OperationPolicies.ofDefaults(), b -> b);
  }

  int port() {
    return jetty.port();
  }

  static double sum(SimpleMeterRegistry registry, String name) {
    return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  static double checks(SimpleMeterRegistry registry) {
    return sum(registry, MeterNames.CHECKS);
  }

  static double skipped(SimpleMeterRegistry registry) {
    return registry.find(MeterNames.SKIPPED).tag(MeterNames.SIDE, MeterNames.SIDE_CANDIDATE).counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  /** Every payload this instance received ends in one of these: checks + skipped on the candidate side. */
  double received() {
    return checks(registry) + skipped(registry);
  }

  /** Checks by result, failures by cause and skips by reason, for a report. */
  String figures() {
    StringBuilder b = new StringBuilder();
    for (String name : new String[] {MeterNames.CHECKS, MeterNames.FAILURES, MeterNames.SKIPPED}) {
      registry.find(name).counters().stream().filter(c -> c.count() > 0).forEach(c -> b.append(name.substring(13))
          .append('{').append(c.getId().getTag(MeterNames.OPERATION_ID)).append(',')
          .append(c.getId().getTags().get(1).getValue()).append("}=").append((long) c.count()).append(' '));
    }
    return b.toString().trim();
  }

  /** Replays per test id that reached the endpoints more than once. */
  long replayedTwice() {
    return endpoints.replaysByTestId.values().stream().filter(n -> n.get() > 1).count();
  }

  /**
   * Stops as a deployment would: the receiver first (new POSTs get 503, queued payloads are counted
   * as skipped with reason shutdown, running replays finish against the still running server),
   * then the server.
   */
  @Override
  public void close() {
    receiver.close();
    jetty.close();
  }
}
