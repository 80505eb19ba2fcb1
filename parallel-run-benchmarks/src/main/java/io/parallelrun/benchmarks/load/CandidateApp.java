package io.parallelrun.benchmarks.load;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.benchmarks.JsonDocuments;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.servlet.receive.ConsistencyCheckServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Part 4's candidate application: embedded Jetty 12 on loopback with the receiver ({@link
 * ConsistencyCheckServlet}, standard comparator) at {@code /consistency-checks} and a real endpoint
 * answering the 2 KB JSON document at {@code /api/*}, which the receiver replays against over
 * loopback. {@code GET /_stats} reports checks by result and the backlog. Prints {@code PORT=<n>}.
 * Arguments: secret, receiver worker threads.
 */
public final class CandidateApp {

  private CandidateApp() {}

  public static void main(String[] args) throws Exception {
    String secret = args[0];
    int workers = Integer.parseInt(args[1]);
    byte[] body = JsonDocuments.document(2048);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort(); // the receiver must know its own base URL before Jetty starts
    }
    connector.setPort(port);
    server.addConnector(connector);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ConsistencyCheckServlet receiver = ConsistencyCheckServlet.builder()
        .secret(secret)
        .replayTo("http://127.0.0.1:" + port)
        .meterRegistry(registry)
        .workers(workers)
        .build();
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(receiver), "/consistency-checks/*");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
      }
    }), "/api/*");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        StringBuilder json = new StringBuilder("{");
        for (String result : new String[] {"matched", "unmatched", "failed"}) {
          double count = registry.find(MeterNames.CHECKS).tag(MeterNames.RESULT, result).counters().stream()
              .mapToDouble(c -> c.count()).sum();
          json.append('"').append(result).append("\":").append((long) count).append(',');
        }
        json.append("\"backlog\":").append(receiver.backlog()).append('}');
        resp.setContentType("application/json");
        resp.getOutputStream().write(json.toString().getBytes(StandardCharsets.UTF_8));
      }
    }), "/_stats");
    server.setHandler(context);
    server.start();
    System.out.println("PORT=" + port);
    System.out.flush();
    server.join();
  }
}
