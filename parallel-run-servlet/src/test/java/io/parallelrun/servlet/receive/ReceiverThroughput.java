package io.parallelrun.servlet.receive;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.wire.PayloadSignature;
import io.parallelrun.servlet.testing.JettyApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures end-to-end receiver throughput: signed NDJSON batches in, 202, replay over loopback to a
 * real endpoint answering 2 KB of JSON, comparison with the standard comparator, recording. The
 * load generator runs in a second JVM, so the CPU time reported is the candidate's alone. Not a
 * unit test: run it by hand, see docs/receiver.md ("Throughput").
 *
 * <p>Arguments: seconds to measure (default 20), posting threads (default 2), payloads per batch
 * (default 50), worker threads (default 8).
 */
public final class ReceiverThroughput {

  private static final String SECRET = "throughput-secret-0123456789abcdef";

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("load")) {
      load(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      return;
    }
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int posters = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    int workers = args.length > 3 ? Integer.parseInt(args[3]) : 8;

    byte[] bodyBytes = body().getBytes(StandardCharsets.UTF_8);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EndToEndTest.DeferredServlet slot = new EndToEndTest.DeferredServlet();
    JettyApp candidate = new JettyApp().servlet("/consistency-checks/*", slot).servlet("/*", new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("application/json");
        resp.setContentLength(bodyBytes.length);
        resp.getOutputStream().write(bodyBytes);
      }
    }).start();
    ConsistencyCheckServlet receiver = ConsistencyCheckServlet.builder().secret(SECRET).replayTo(candidate.baseUrl())
        .meterRegistry(registry).workers(workers).policies(OperationPolicies.ofDefaults()).build();
    slot.delegate = receiver;

    Process loader = new ProcessBuilder(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-cp", System.getProperty("java.class.path"), ReceiverThroughput.class.getName(), "load",
        candidate.url("/consistency-checks"), Integer.toString(posters), Integer.toString(batchSize))
        .inheritIO().start();
    try {
      Thread.sleep(10_000); // warm-up
      double checksAtStart = checks(registry);
      double backlogFullAtStart = skipped(registry, "backlog_full");
      long start = System.nanoTime();
      long cpuStart = cpuNanos();
      long maxBacklog = 0;
      long end = start + seconds * 1_000_000_000L;
      while (System.nanoTime() < end) {
        Thread.sleep(100);
        maxBacklog = Math.max(maxBacklog, receiver.backlog());
      }
      double checks = checks(registry) - checksAtStart;
      double elapsed = (System.nanoTime() - start) / 1e9;
      double cpu = (cpuNanos() - cpuStart) / 1e9;
      System.out.printf("checks/s=%.0f over %.1f s; candidate process CPU %.0f us per check (%.0f%% of one core),"
              + " so %.0f checks/s would fill 2 cores; matched=%.0f unmatched=%.0f failed=%.0f; lines refused in part-taken batches=%.0f;"
              + " max backlog=%d of 10000%n",
          checks / elapsed, elapsed, cpu * 1e6 / checks, 100 * cpu / elapsed, 2 * checks / cpu,
          count(registry, "matched"), count(registry, "unmatched"), count(registry, "failed"),
          skipped(registry, "backlog_full") - backlogFullAtStart, maxBacklog);
    } finally {
      loader.destroy();
      loader.waitFor();
      receiver.close();
      candidate.close();
    }
  }

  /** The load generator: posts signed batches as fast as they are accepted, backing off on 429. */
  private static void load(String url, int posters, int batchSize) throws Exception {
    String line = "{\"operationId\":\"getItems\",\"request\":{\"url\":{\"path\":\"/items?page=1\"},\"method\":\"GET\","
        + "\"headers\":{\"Accept\":\"application/json\"}},\"response\":{\"status\":200,\"headers\":{\"Content-Type\":"
        + "\"application/json\"},\"body\":\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance()
            .quoteAsUTF8(body()), StandardCharsets.UTF_8) + "\"}}\n";
    byte[] batch = line.repeat(batchSize).getBytes(StandardCharsets.UTF_8);
    PayloadSignature signature = PayloadSignature.withSecret(SECRET);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create(url);
    AtomicLong errors = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < posters; t++) {
      Thread thread = new Thread(() -> {
        while (true) {
          try {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-ndjson")
                .header("Parallel-Run-Signature", signature.sign(batch, Instant.now().getEpochSecond()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch)).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 429) {
              Thread.sleep(500); // back off, as the publisher does after Retry-After
            } else if (r.statusCode() != 202 && errors.incrementAndGet() < 5) {
              System.err.println("unexpected answer " + r.statusCode());
            }
          } catch (InterruptedException e) {
            return;
          } catch (IOException e) {
            if (errors.incrementAndGet() < 5) {
              System.err.println("post failed: " + e);
            }
          }
        }
      });
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }

  private static String body() {
    StringBuilder json = new StringBuilder("{\"items\":[");
    for (int i = 0; json.length() < 2000; i++) {
      json.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"item ").append(i)
          .append("\",\"price\":").append(i * 1.25).append("}");
    }
    return json.append("]}").toString();
  }

  private static double checks(SimpleMeterRegistry registry) {
    return registry.find(MeterNames.CHECKS).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static double count(SimpleMeterRegistry registry, String result) {
    return registry.find(MeterNames.CHECKS).tag(MeterNames.RESULT, result).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static double skipped(SimpleMeterRegistry registry, String reason) {
    return registry.find(MeterNames.SKIPPED).tag(MeterNames.REASON, reason).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
