package io.parallelrun.benchmarks.load;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.benchmarks.JsonDocuments;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationPolicy;
import io.parallelrun.servlet.capture.ParallelRunFilter;
import io.parallelrun.servlet.publish.ConsistencyCheckPublisher;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Part 2's legacy application: embedded Jetty 12 on loopback serving a JSON document at {@code
 * /api/*}. Arguments: the receiver's URL, or {@code none} for no filter; the body size (default
 * 2048); the sample rate (default 1). {@code GET /_stats} reports the publisher's counters. Prints
 * {@code PORT=<n>} once listening.
 */
public final class LegacyApp {

  private LegacyApp() {}

  public static void main(String[] args) throws Exception {
    String receiver = args.length > 0 ? args[0] : "none";
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 2048;
    double sampleRate = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
    byte[] body = JsonDocuments.document(size);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
      }
    }), "/api/*");
    MeterRegistry registry = new SimpleMeterRegistry();
    ConsistencyCheckPublisher publisher = null;
    if (!"none".equals(receiver)) {
      publisher = ConsistencyCheckPublisher.builder()
          .candidateUrl(receiver)
          .secret("benchmark-secret-0123456789abcdef")
          .meterRegistry(registry)
          .build();
      ParallelRunFilter filter = ParallelRunFilter.builder()
          .publisher(publisher)
          .policies(OperationPolicies.builder().defaults(OperationPolicy.custom().sampleRate(sampleRate).build()).build())
          .build();
      context.addFilter(new FilterHolder(filter), "/api/*", EnumSet.of(DispatcherType.REQUEST));
    }
    ConsistencyCheckPublisher published = publisher;
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        StringBuilder json = new StringBuilder("{");
        for (String outcome : new String[] {"accepted", "rejected", "error", "dropped"}) {
          Counter counter = registry.find(MeterNames.PUBLISHED).tag("outcome", outcome).counter();
          json.append('"').append(outcome).append("\":").append(counter == null ? 0 : (long) counter.count()).append(',');
        }
        json.append("\"queued\":").append(published == null ? 0 : published.queueSize()).append('}');
        resp.setContentType("application/json");
        resp.getOutputStream().write(json.toString().getBytes(StandardCharsets.UTF_8));
      }
    }), "/_stats");
    server.setHandler(context);
    server.start();
    System.out.println("PORT=" + connector.getLocalPort());
    System.out.flush();
    server.join();
  }
}
