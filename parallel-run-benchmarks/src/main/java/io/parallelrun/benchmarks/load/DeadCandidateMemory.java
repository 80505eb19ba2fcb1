package io.parallelrun.benchmarks.load;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.benchmarks.filter.FilterBenchmark;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.servlet.publish.ConsistencyCheckPublisher;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Part 5: 50,000 sampled requests (2 KB JSON) through the filter while the candidate accepts
 * connections and never answers. Heap in use is read after a full collection before the run (the
 * baseline) and every 2,500 requests; at the end every request must be in exactly one published
 * counter. Writes a Markdown section. Arguments: output file, requests, queue bytes.
 */
public final class DeadCandidateMemory {

  private DeadCandidateMemory() {}

  public static void main(String[] args) throws Exception {
    Path output = Path.of(args[0]);
    int requests = Integer.parseInt(args[1]);
    long queueBytes = Long.parseLong(args[2]);
    List<Socket> held = new ArrayList<>();
    try (ServerSocket dead = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        while (!dead.isClosed()) {
          try {
            held.add(dead.accept()); // accepted, never read, never answered
          } catch (IOException e) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      MeterRegistry registry = new SimpleMeterRegistry();
      ConsistencyCheckPublisher publisher = ConsistencyCheckPublisher.builder()
          .candidateUrl("http://127.0.0.1:" + dead.getLocalPort() + "/consistency-checks")
          .secret("benchmark-secret-0123456789abcdef")
          .maxQueueBytes(queueBytes)
          .maxQueuePayloads(1_000_000)
          .requestTimeout(Duration.ofSeconds(2))
          .closeTimeout(Duration.ofSeconds(3))
          .meterRegistry(registry)
          .build();
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      long peak;
      long baseline;
      try (FilterBenchmark.Exchange exchange = new FilterBenchmark.Exchange(2048, "sampled", publisher, false)) {
        for (int i = 0; i < 1000; i++) {
          exchange.serve(); // load the classes before the baseline; counted like all others
        }
        baseline = heapAfterGc(memory);
        peak = baseline;
        long started = System.nanoTime();
        for (int i = 1000; i < requests; i++) {
          exchange.serve();
          if (i % 2500 == 0) {
            peak = Math.max(peak, heapAfterGc(memory));
          }
        }
        peak = Math.max(peak, heapAfterGc(memory));
        double seconds = (System.nanoTime() - started) / 1e9;
        publisher.close();
        long accepted = count(registry, MeterNames.OUTCOME_ACCEPTED);
        long rejected = count(registry, MeterNames.OUTCOME_REJECTED);
        long error = count(registry, MeterNames.OUTCOME_ERROR);
        long dropped = count(registry, MeterNames.OUTCOME_DROPPED);
        long total = accepted + rejected + error + dropped;
        long growth = peak - baseline;
        double limit = queueBytes * 1.10;
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%d sampled requests (2 KB JSON bodies) in %.1f s through the filter; "
            + "the candidate accepts connections and never answers (request timeout 2 s); queue bound %d bytes. "
            + "Heap in use after a full GC, every 2,500 requests. Load average at the end: %s.%n%n",
            requests, seconds, queueBytes, Processes.loadAverage()));
        md.append("| figure | value | target |\n| --- | ---: | --- |\n");
        md.append(String.format(Locale.ROOT, "| heap in use, baseline | %.1f MiB | |%n", baseline / 1048576.0));
        md.append(String.format(Locale.ROOT, "| heap in use, peak | %.1f MiB | |%n", peak / 1048576.0));
        md.append(String.format(Locale.ROOT, "| peak above baseline / queue bytes | %.1f MiB / %.1f MiB = %.2f | ≤ 1.10 (%s) |%n",
            growth / 1048576.0, queueBytes / 1048576.0, growth / (double) queueBytes, growth <= limit ? "met" : "missed"));
        md.append(String.format(Locale.ROOT, "| published counters: accepted / rejected / error / dropped | %d / %d / %d / %d | |%n",
            accepted, rejected, error, dropped));
        md.append(String.format(Locale.ROOT, "| requests accounted for | %d of %d | exact (%s) |%n", total, requests,
            total == requests ? "met" : "missed"));
        Files.writeString(output, md.toString(), StandardCharsets.UTF_8);
        System.out.print(md);
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  private static long heapAfterGc(MemoryMXBean memory) {
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static long count(MeterRegistry registry, String outcome) {
    Counter counter = registry.find(MeterNames.PUBLISHED).tag(MeterNames.OUTCOME, outcome).counter();
    return counter == null ? 0 : (long) counter.count();
  }
}
