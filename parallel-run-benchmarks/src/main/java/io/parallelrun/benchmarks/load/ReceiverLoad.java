package io.parallelrun.benchmarks.load;

import io.parallelrun.benchmarks.JsonDocuments;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.payload.HttpHeaders;
import io.parallelrun.core.wire.PayloadCodec;
import io.parallelrun.core.wire.PayloadSignature;
import io.parallelrun.core.wire.WireProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Part 4: checks per second the receiver sustains end to end. The candidate application ({@link
 * CandidateApp}) runs in its own process; this process posts signed NDJSON batches of 2 KB JSON
 * captures from two threads as fast as the receiver takes them (backing off 50 ms after a 429, as
 * the publisher would), and reads the receiver's check counters and backlog once a second.
 * Arguments: output file, seconds per round, rounds.
 */
public final class ReceiverLoad {

  private static final String SECRET = "benchmark-secret-0123456789abcdef";
  private static final int MIN_WARM_UP_SECONDS = 30;
  private static final int MAX_WARM_UP_SECONDS = 120;

  private ReceiverLoad() {}

  public static void main(String[] args) throws Exception {
    Path output = Path.of(args[0]);
    int seconds = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    int batchSize = 50;
    int workers = 4;
    String loadBefore = Processes.loadAverage();
    Path recording = output.resolveSibling("part4-candidate.jfr");
    List<String> jvm = new ArrayList<>(List.of("-Xms512m", "-Xmx512m"));
    jvm.addAll(JfrSummary.fromStart(recording));
    try (Processes.Child candidate = Processes.startJava(CandidateApp.class.getName(), jvm, SECRET,
        Integer.toString(workers))) {
      String base = "http://127.0.0.1:" + candidate.port;
      byte[] body = JsonDocuments.document(2048);
      ConsistencyCheckPayload payload = ConsistencyCheckPayload.builder()
          .operationId("getReturn")
          .request(CapturedRequest.of("GET", "/api/returns/123", HttpHeaders.of("Accept", "application/json"), null, false))
          .response(CapturedResponse.of(200, HttpHeaders.of("Content-Type", "application/json"), body, false))
          .build();
      byte[] line = PayloadCodec.standard().write(payload);
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      for (int i = 0; i < batchSize; i++) {
        batch.write(line);
        batch.write('\n');
      }
      byte[] bytes = batch.toByteArray();
      PayloadSignature signature = PayloadSignature.withSecret(SECRET);
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI uri = URI.create(base + "/consistency-checks");
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong posted = new AtomicLong();
      AtomicLong tooMany = new AtomicLong();
      AtomicLong serverErrors = new AtomicLong();
      List<Thread> posters = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        Thread poster = new Thread(() -> {
          while (running.get()) {
            try {
              HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri)
                  .header("Content-Type", WireProtocol.NDJSON)
                  .header(WireProtocol.SIGNATURE_HEADER, signature.sign(bytes, System.currentTimeMillis() / 1000))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.discarding());
              if (r.statusCode() == 202) {
                posted.addAndGet(batchSize);
              } else if (r.statusCode() == 429) {
                tooMany.incrementAndGet();
                Thread.sleep(50);
              } else if (r.statusCode() >= 500) {
                serverErrors.incrementAndGet();
              }
            } catch (InterruptedException e) {
              return;
            } catch (Exception e) {
              serverErrors.incrementAndGet();
            }
          }
        });
        poster.start();
        posters.add(poster);
      }
      int warmUpSeconds = warmUp(base);
      List<Double> rates = new ArrayList<>();
      long maxBacklog = 0;
      long cpuChecks = 0;
      double cpuSeconds = 0;
      for (int round = 0; round < rounds; round++) {
        String before = Processes.get(base + "/_stats");
        double cpuBefore = Processes.cpuSeconds(candidate.pid());
        long start = System.nanoTime();
        for (int s = 0; s < seconds; s++) {
          Thread.sleep(1000);
          maxBacklog = Math.max(maxBacklog, Processes.jsonLong(Processes.get(base + "/_stats"), "backlog"));
        }
        String after = Processes.get(base + "/_stats");
        double elapsed = (System.nanoTime() - start) / 1e9;
        long checks = checks(after) - checks(before);
        cpuChecks += checks;
        cpuSeconds += Processes.cpuSeconds(candidate.pid()) - cpuBefore;
        rates.add(checks / elapsed);
        System.out.printf(Locale.ROOT, "round %d: %.0f checks/s, stats %s%n", round + 1, checks / elapsed, after);
      }
      JfrSummary.stop(candidate.pid());
      running.set(false);
      for (Thread poster : posters) {
        poster.join(10_000);
      }
      if (Files.exists(recording)) {
        Files.writeString(output.resolveSibling("part4-profile.md"), "JFR (`settings=profile`, recording from the "
            + "start of the candidate's JVM, warm-up included; the measured rounds ran with it too):\n\n" + JfrSummary.summarise(recording, 15), StandardCharsets.UTF_8);
      }
      String stats = Processes.get(base + "/_stats");
      double median = Processes.median(rates);
      StringBuilder md = new StringBuilder();
      md.append(String.format(Locale.ROOT, "The candidate application (receiver with %d workers, standard comparator, "
          + "2 KB JSON endpoint) in its own process; two threads post signed NDJSON batches of %d captures; %d rounds "
          + "of %d s after %d s of warm-up (until three 4 s windows agreed within 10%%, %d-%d s). Load average before: "
          + "%s, after: %s.%n%n", workers, batchSize, rounds, seconds, warmUpSeconds, MIN_WARM_UP_SECONDS, MAX_WARM_UP_SECONDS, loadBefore,
          Processes.loadAverage()));
      md.append("| figure | value | target |\n| --- | ---: | --- |\n");
      md.append(String.format(Locale.ROOT, "| checks/s (median of rounds) | %.0f | ≥ 4,000 (%s) |%n", median,
          median >= 4000 ? "met" : "missed"));
      md.append(String.format(Locale.ROOT, "| checks/s per round | %s | |%n",
          String.join(", ", rates.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList())));
      md.append(String.format(Locale.ROOT, "| candidate CPU seconds per 10,000 checks | %.3f | |%n",
          cpuSeconds / Math.max(1, cpuChecks) * 10_000));
      md.append(String.format(Locale.ROOT, "| largest backlog seen | %d | bounded |%n", maxBacklog));
      md.append(String.format(Locale.ROOT, "| 5xx answers or transport errors | %d | 0 (%s) |%n", serverErrors.get(),
          serverErrors.get() == 0 ? "met" : "missed"));
      md.append(String.format(Locale.ROOT, "| 429 answers (backlog full, retried) | %d | |%n", tooMany.get()));
      md.append(String.format(Locale.ROOT, "| checks at the end: matched / unmatched / failed | %d / %d / %d | |%n",
          Processes.jsonLong(stats, "matched"), Processes.jsonLong(stats, "unmatched"), Processes.jsonLong(stats, "failed")));
      Files.writeString(output, md.toString(), StandardCharsets.UTF_8);
      System.out.print(md);
    }
  }

  /**
   * Lets the load run until the check rate stops climbing (the JIT is done with the hot paths, which
   * takes a minute or more on two busy cores): three consecutive 4 s windows within 10% of their
   * mean, after at least {@link #MIN_WARM_UP_SECONDS} and at most {@link #MAX_WARM_UP_SECONDS}.
   * Returns the seconds it took.
   */
  private static int warmUp(String base) throws IOException, InterruptedException {
    long start = System.nanoTime();
    long last = checks(Processes.get(base + "/_stats"));
    List<Double> windows = new ArrayList<>();
    while (true) {
      Thread.sleep(4000); // one window of the rate being watched
      long now = checks(Processes.get(base + "/_stats"));
      windows.add((now - last) / 4.0);
      last = now;
      int elapsed = (int) TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      System.out.printf(Locale.ROOT, "warm-up %d s: %.0f checks/s%n", elapsed, windows.get(windows.size() - 1));
      if ((elapsed >= MIN_WARM_UP_SECONDS && steady(windows.subList(Math.max(0, windows.size() - 3), windows.size())))
          || elapsed >= MAX_WARM_UP_SECONDS) {
        return elapsed;
      }
    }
  }

  private static boolean steady(List<Double> rates) {
    double mean = rates.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    return rates.size() == 3 && mean > 0 && rates.stream().allMatch(r -> Math.abs(r - mean) <= 0.1 * mean);
  }

  private static long checks(String stats) {
    return Processes.jsonLong(stats, "matched") + Processes.jsonLong(stats, "unmatched") + Processes.jsonLong(stats, "failed");
  }
}
