package io.parallelrun.servlet.receive;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationPolicy;
import io.parallelrun.core.wire.PayloadSignature;
import io.parallelrun.servlet.testing.JettyApp;
import io.parallelrun.servlet.testing.TestComparator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures end-to-end receiver throughput: signed NDJSON batches in, 202, replay over loopback to a
 * real endpoint answering 2 KB of JSON, comparison, recording. Not a unit test: run it by hand,
 * see docs/receiver.md ("Throughput").
 *
 * <p>Arguments: seconds to measure (default 20), posting threads (default 2), payloads per batch
 * (default 50), worker threads (default 8).
 */
public final class ReceiverThroughput {

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int posters = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    int workers = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    String secret = "throughput-secret-0123456789abcdef";

    StringBuilder json = new StringBuilder("{\"items\":[");
    for (int i = 0; json.length() < 2000; i++) {
      json.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"item ").append(i).append("\",\"price\":").append(i * 1.25).append("}");
    }
    String body = json.append("]}").toString();
    byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);

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
    ConsistencyCheckServlet receiver = ConsistencyCheckServlet.builder().secret(secret).replayTo(candidate.baseUrl())
        .meterRegistry(registry).workers(workers)
        .policies(OperationPolicies.builder().defaults(OperationPolicy.custom().comparator(new TestComparator()).build()).build())
        .build();
    slot.delegate = receiver;

    String line = "{\"operationId\":\"getItems\",\"request\":{\"url\":{\"path\":\"/items?page=1\"},\"method\":\"GET\","
        + "\"headers\":{\"Accept\":\"application/json\"}},\"response\":{\"status\":200,\"headers\":{\"Content-Type\":"
        + "\"application/json\"},\"body\":" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance()
            .quoteAsUTF8(body), StandardCharsets.UTF_8).transform(s -> "\"" + s + "\"") + "}}\n";
    byte[] batch = line.repeat(batchSize).getBytes(StandardCharsets.UTF_8);
    PayloadSignature signature = PayloadSignature.withSecret(secret);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create(candidate.url("/consistency-checks"));

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong accepted = new AtomicLong();
    AtomicLong tooMany = new AtomicLong();
    AtomicLong serverErrors = new AtomicLong();
    AtomicLong maxBacklog = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < posters; t++) {
      Thread thread = new Thread(() -> {
        while (running.get()) {
          try {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-ndjson")
                .header("Parallel-Run-Signature", signature.sign(batch, Instant.now().getEpochSecond()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch)).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 202) {
              accepted.addAndGet(batchSize);
            } else if (r.statusCode() == 429) {
              tooMany.incrementAndGet();
              Thread.sleep(50); // back off as a publisher would after Retry-After
            } else if (r.statusCode() >= 500) {
              serverErrors.incrementAndGet();
            }
          } catch (Exception e) {
            serverErrors.incrementAndGet();
          }
          maxBacklog.accumulateAndGet(receiver.backlog(), Math::max);
        }
      });
      thread.start();
      threads.add(thread);
    }
    Thread.sleep(5_000); // warm-up
    double checksAtStart = checks(registry);
    long start = System.nanoTime();
    long cpuStart = cpuNanos();
    maxBacklog.set(0);
    Thread.sleep(seconds * 1000L);
    double checks = checks(registry) - checksAtStart;
    double elapsed = (System.nanoTime() - start) / 1e9;
    double cpu = (cpuNanos() - cpuStart) / 1e9;
    running.set(false);
    for (Thread thread : threads) {
      thread.join();
    }
    System.out.printf("checks/s=%.0f over %.1f s; matched=%.0f unmatched=%.0f failed=%.0f; 429 answers=%d; 5xx or errors=%d;"
            + " max backlog=%d; process CPU=%.1f s (%.0f%% of one core); processors=%d%n",
        checks / elapsed, elapsed, count(registry, "matched"), count(registry, "unmatched"), count(registry, "failed"),
        tooMany.get(), serverErrors.get(), maxBacklog.get(), cpu, 100 * cpu / elapsed, Runtime.getRuntime().availableProcessors());
    receiver.close();
    candidate.close();
  }

  private static double checks(SimpleMeterRegistry registry) {
    return registry.find(MeterNames.CHECKS).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static double count(SimpleMeterRegistry registry, String result) {
    return registry.find(MeterNames.CHECKS).tag(MeterNames.RESULT, result).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
