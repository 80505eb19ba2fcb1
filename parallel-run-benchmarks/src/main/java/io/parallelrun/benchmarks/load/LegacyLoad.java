package io.parallelrun.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Part 2: the legacy application under load with {@code wrk}, without and with the filter (sample
 * rate 1, publishing to a receiver in another process). Both servers run at once and take turns:
 * each round loads one, then the other, with the same wrk command; CPU time is read from each
 * server's {@code /proc/<pid>/stat} around its own run. Then the same again at a fixed offered rate
 * below saturation (each connection waits 1 ms between answer and next request, through a wrk
 * script), where a busy monolith usually runs: there the publisher should keep up and publish
 * every capture. Writes a Markdown section.
 *
 * <p>Arguments: output file, rounds, seconds per run, connections, and optionally the sample rate
 * (default 1, as the part 2 asks; a lower one shows what a partly sampled server costs).
 */
public final class LegacyLoad {

  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern COUNT = Pattern.compile("([0-9]+) requests in");
  private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: ([0-9]+)");
  private static final Pattern PERCENTILE = Pattern.compile("\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)");

  private static final List<String> OUTCOMES = List.of("accepted", "rejected", "error", "dropped", "queued");
  private static final int WARM_UP_SECONDS = 5;
  private static final int MIN_WARM_UPS = 2;
  private static final int MAX_WARM_UPS = 16;
  private static final double MAX_JIT_SHARE = 0.03;

  private LegacyLoad() {}

  /** One wrk run. */
  record Run(double rate, long requests, double p50Millis, double p99Millis, double cpuSeconds, long non2xx,
      Map<String, Long> threadCpuNanos) {
    double cpuPer10k() {
      return cpuSeconds / requests * 10_000;
    }

    double jitShare() {
      long all = threadCpuNanos.values().stream().mapToLong(Long::longValue).sum();
      return all == 0 ? 0 : threadCpuNanos.getOrDefault(Processes.JIT_THREADS, 0L) / (double) all;
    }
  }

  public static void main(String[] args) throws Exception {
    Path output = Path.of(args[0]);
    int rounds = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int connections = Integer.parseInt(args[3]);
    String sampleRate = args.length > 4 ? args[4] : "1";
    List<String> jvm = List.of("-Xms512m", "-Xmx512m");
    // both servers record from their start, so that both carry the recording's cost alike
    Path recording = output.resolveSibling("part2-filtered.jfr");
    Path plainRecording = output.resolveSibling("part2-plain.jfr");
    String loadBefore = Processes.loadAverage();
    try (Processes.Child receiver = Processes.startJava(Receiver.class.getName(), jvm);
        Processes.Child plain = Processes.startJava(LegacyApp.class.getName(), recordingFromStart(jvm, plainRecording),
            "none");
        Processes.Child filtered = Processes.startJava(LegacyApp.class.getName(), recordingFromStart(jvm, recording),
            "http://127.0.0.1:" + receiver.port + "/consistency-checks", "2048", sampleRate)) {
      String plainUrl = "http://127.0.0.1:" + plain.port + "/api/returns/123";
      String filteredUrl = "http://127.0.0.1:" + filtered.port + "/api/returns/123";
      // warm both up (JIT, pools, connections) until the JIT is done with the server with the filter:
      // the publisher's per-POST code runs a few hundred times a second, and C2 reaches it last
      int warmUps = 0;
      double jitShare = 1;
      while (warmUps < MIN_WARM_UPS || (jitShare > MAX_JIT_SHARE && warmUps < MAX_WARM_UPS)) {
        wrk(plainUrl, connections, WARM_UP_SECONDS, plain.pid());
        jitShare = wrk(filteredUrl, connections, WARM_UP_SECONDS, filtered.pid()).jitShare();
        warmUps++;
      }
      String warmUp = String.format(Locale.ROOT, "%d warm-up runs of %d s each (until the JIT compiler used at most "
          + "%.0f%% of the CPU of the server with the filter: %.1f%% in its last)", warmUps, WARM_UP_SECONDS,
          100 * MAX_JIT_SHARE, 100 * jitShare);
      List<Run> without = new ArrayList<>();
      List<Run> with = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        without.add(wrk(plainUrl, connections, seconds, plain.pid()));
        with.add(wrk(filteredUrl, connections, seconds, filtered.pid()));
        System.out.printf(Locale.ROOT, "round %d: without %s%n         with    %s%n", round + 1, without.get(round),
            with.get(round));
      }
      JfrSummary.stop(filtered.pid());
      JfrSummary.stop(plain.pid());
      String statsUrl = "http://127.0.0.1:" + filtered.port + "/_stats";
      String stats = drained(statsUrl);
      String received = Processes.get("http://127.0.0.1:" + receiver.port + "/_stats");
      StringBuilder md = new StringBuilder();
      write(md, without, with, stats, received, rounds, seconds, connections, loadBefore, warmUp);

      // the same below saturation: each connection waits 1 ms after each answer, with enough
      // connections for 40% of the saturated rate (wrk's timer runs late: about 30% in practice)
      double saturated = Processes.median(without.stream().map(Run::rate).toList());
      double p50 = Processes.median(without.stream().map(Run::p50Millis).toList());
      int pacedConnections = (int) Math.max(2, Math.round(0.4 * saturated * (1 + p50) / 1000));
      Path script = output.resolveSibling("part2-paced.lua");
      Files.writeString(script, "function delay()\n  return 1\nend\n", StandardCharsets.US_ASCII);
      wrk(plainUrl, pacedConnections, seconds, plain.pid(), script);
      wrk(filteredUrl, pacedConnections, seconds, filtered.pid(), script);
      List<Run> pacedWithout = new ArrayList<>();
      List<Run> pacedWith = new ArrayList<>();
      for (int round = 0; round < Math.min(rounds, 3); round++) {
        pacedWithout.add(wrk(plainUrl, pacedConnections, seconds, plain.pid(), script));
        pacedWith.add(wrk(filteredUrl, pacedConnections, seconds, filtered.pid(), script));
        System.out.printf(Locale.ROOT, "paced round %d: without %s%n               with    %s%n", round + 1,
            pacedWithout.get(round), pacedWith.get(round));
      }
      String pacedStats = drained(statsUrl);
      writePaced(md, pacedWithout, pacedWith, stats, pacedStats, pacedConnections, seconds, saturated);
      Files.writeString(output, md.toString(), StandardCharsets.UTF_8);
      System.out.print(md);
      if (Files.exists(recording)) {
        Files.writeString(output.resolveSibling("part2-profile.md"), "JFR (`settings=profile`) of the server with the "
            + "filter, recording from the start of its JVM (warm-up included; the server without the filter "
            + "recorded alike, so that both carry the cost):\n\n"
            + JfrSummary.summarise(recording, 15), StandardCharsets.UTF_8);
      }
    }
  }

  private static List<String> recordingFromStart(List<String> jvm, Path file) {
    List<String> options = new ArrayList<>(jvm);
    options.addAll(JfrSummary.fromStart(file));
    return options;
  }

  /** The publisher's counters once its queue is empty (or after 30 s). */
  private static String drained(String statsUrl) throws IOException, InterruptedException {
    String stats = Processes.get(statsUrl);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (Processes.jsonLong(stats, "queued") > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50); // polling: the last captures leave after at most the batch delay
      stats = Processes.get(statsUrl);
    }
    return stats;
  }

  private static Run wrk(String url, int connections, int seconds, long pid) throws IOException, InterruptedException {
    return wrk(url, connections, seconds, pid, null);
  }

  /** One wrk run; with a script when {@code script} is not null. */
  private static Run wrk(String url, int connections, int seconds, long pid, Path script)
      throws IOException, InterruptedException {
    double cpuBefore = Processes.cpuSeconds(pid);
    Map<String, Long> threadsBefore = Processes.threadCpuNanos(pid);
    List<String> command = new ArrayList<>(
        List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--latency"));
    if (script != null) {
      command.addAll(List.of("-s", script.toString()));
    }
    command.add(url);
    String out = Processes.run(command);
    double cpu = Processes.cpuSeconds(pid) - cpuBefore;
    Map<String, Long> threads = Processes.minus(Processes.threadCpuNanos(pid), threadsBefore);
    Matcher rate = RATE.matcher(out);
    Matcher count = COUNT.matcher(out);
    if (!rate.find() || !count.find()) {
      throw new IOException("unexpected wrk output:\n" + out);
    }
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    Matcher p = PERCENTILE.matcher(out);
    while (p.find()) {
      double value = Double.parseDouble(p.group(2));
      double millis = switch (p.group(3)) {
        case "us" -> value / 1000;
        case "s" -> value * 1000;
        default -> value;
      };
      if (p.group(1).equals("50")) {
        p50 = millis;
      } else {
        p99 = millis;
      }
    }
    Matcher errors = ERRORS.matcher(out);
    long non2xx = errors.find() ? Long.parseLong(errors.group(1)) : 0;
    return new Run(Double.parseDouble(rate.group(1)), Long.parseLong(count.group(1)), p50, p99, cpu, non2xx, threads);
  }

  /** Microseconds of CPU per request for each thread group, over all runs together. */
  private static Map<String, Double> perRequest(List<Run> runs) {
    long requests = runs.stream().mapToLong(Run::requests).sum();
    Map<String, Double> micros = new TreeMap<>();
    for (Run run : runs) {
      run.threadCpuNanos().forEach((group, nanos) -> micros.merge(group, nanos / 1000.0 / requests, Double::sum));
    }
    return micros;
  }

  private static void write(StringBuilder md, List<Run> without, List<Run> with, String stats, String received,
      int rounds, int seconds, int connections, String loadBefore, String warmUp) {
    long total = 0;
    for (String outcome : OUTCOMES) {
      total += Processes.jsonLong(stats, outcome);
    }
    md.append(String.format(Locale.ROOT, "Command: `wrk -t1 -c%d -d%ds --latency` against each server in turn, "
        + "%d rounds after %s; load average before: %s, after: %s.%n%n",
        connections, seconds, rounds, warmUp, loadBefore, Processes.loadAverage()));
    figures(md, without, with, Processes.jsonLong(stats, "accepted"), total);
    md.append(String.format(Locale.ROOT, "%nPublisher counters at the end (warm-up included): %s; receiver: %s. "
        + "Non-2xx answers: %d without, %d with.%n%n",
        stats, received, without.stream().mapToLong(Run::non2xx).sum(), with.stream().mapToLong(Run::non2xx).sum()));
    rounds(md, without, with);
    md.append("\nWhere the server's CPU goes, by thread (from `/proc/<pid>/task/*/schedstat`, all measured rounds "
        + "together), in microseconds per request:\n\n");
    md.append("| threads | without filter | with filter | added |\n| --- | ---: | ---: | ---: |\n");
    Map<String, Double> perRequestWithout = perRequest(without);
    Map<String, Double> perRequestWith = perRequest(with);
    Set<String> groups = new TreeSet<>(perRequestWithout.keySet());
    groups.addAll(perRequestWith.keySet());
    for (String group : groups) {
      double a = perRequestWithout.getOrDefault(group, 0.0);
      double b = perRequestWith.getOrDefault(group, 0.0);
      md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %+.2f |%n", group, a, b, b - a));
    }
  }

  private static void writePaced(StringBuilder md, List<Run> without, List<Run> with, String before, String after,
      int connections, int seconds, double saturated) {
    // captures in these rounds: what reached an outcome since, plus what is still queued
    Map<String, Long> outcomes = new TreeMap<>();
    for (String outcome : OUTCOMES) {
      long earlier = "queued".equals(outcome) ? 0 : Processes.jsonLong(before, outcome);
      outcomes.put(outcome, Processes.jsonLong(after, outcome) - earlier);
    }
    long total = outcomes.values().stream().mapToLong(Long::longValue).sum() - Processes.jsonLong(before, "queued");
    double rateWithout = Processes.median(without.stream().map(Run::rate).toList());
    md.append(String.format(Locale.ROOT, "%n### Below saturation: a fixed offered rate%n%n"
        + "Command: `wrk -t1 -c%d -d%ds --latency -s part2-paced.lua` (each connection waits 1 ms after each answer: "
        + "about %.0f%% of the saturated rate above), against each server in turn, %d rounds after one warm-up run "
        + "each; load average after: %s. Captures counted from the publisher's counters before and after these "
        + "rounds (warm-up run included).%n%n",
        connections, seconds, 100 * rateWithout / saturated, without.size(), Processes.loadAverage()));
    figures(md, without, with, outcomes.get("accepted"), total);
    md.append(String.format(Locale.ROOT, "%nCaptures in these rounds by outcome: %s.%n%n", outcomes));
    rounds(md, without, with);
  }

  /** The table of medians, ratios and targets. */
  private static void figures(StringBuilder md, List<Run> without, List<Run> with, long accepted, long total) {
    double rateWithout = Processes.median(without.stream().map(Run::rate).toList());
    double rateWith = Processes.median(with.stream().map(Run::rate).toList());
    double cpuWithout = Processes.median(without.stream().map(Run::cpuPer10k).toList());
    double cpuWith = Processes.median(with.stream().map(Run::cpuPer10k).toList());
    double p50Without = Processes.median(without.stream().map(Run::p50Millis).toList());
    double p50With = Processes.median(with.stream().map(Run::p50Millis).toList());
    double p99Without = Processes.median(without.stream().map(Run::p99Millis).toList());
    double p99With = Processes.median(with.stream().map(Run::p99Millis).toList());
    List<Double> rateRatios = new ArrayList<>();
    List<Double> cpuRatios = new ArrayList<>();
    for (int i = 0; i < without.size(); i++) {
      rateRatios.add(with.get(i).rate() / without.get(i).rate());
      cpuRatios.add(with.get(i).cpuPer10k() / without.get(i).cpuPer10k());
    }
    md.append("| figure (median of rounds) | without filter | with filter | ratio or added | target |\n");
    md.append("| --- | ---: | ---: | ---: | --- |\n");
    md.append(String.format(Locale.ROOT, "| throughput, requests/s | %.0f | %.0f | %.3f (median of per-round ratios %.3f) | ≥ 0.85 |%n",
        rateWithout, rateWith, rateWith / rateWithout, Processes.median(rateRatios)));
    md.append(String.format(Locale.ROOT, "| server CPU seconds per 10,000 requests | %.3f | %.3f | %.3f (median of per-round ratios %.3f) | ≤ 1.25 |%n",
        cpuWithout, cpuWith, cpuWith / cpuWithout, Processes.median(cpuRatios)));
    md.append(String.format(Locale.ROOT, "| latency p50, ms | %.3f | %.3f | %+.3f ms | |%n", p50Without, p50With, p50With - p50Without));
    md.append(String.format(Locale.ROOT, "| latency p99, ms | %.3f | %.3f | %+.3f ms | ≤ +0.5 ms |%n", p99Without, p99With, p99With - p99Without));
    md.append(String.format(Locale.ROOT, "| captures published (accepted by the receiver) | | %d of %d | %.2f%% | 100%% |%n",
        accepted, total, total == 0 ? 0 : 100.0 * accepted / total));
  }

  /** The table of rounds. */
  private static void rounds(StringBuilder md, List<Run> without, List<Run> with) {
    md.append("Per round:\n\n");
    md.append("| round | req/s without | req/s with | ratio | CPU s/10k without | CPU s/10k with | ratio | p99 ms without | p99 ms with |\n");
    md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (int i = 0; i < without.size(); i++) {
      Run a = without.get(i);
      Run b = with.get(i);
      md.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |%n", i + 1,
          a.rate(), b.rate(), b.rate() / a.rate(), a.cpuPer10k(), b.cpuPer10k(), b.cpuPer10k() / a.cpuPer10k(),
          a.p99Millis(), b.p99Millis()));
    }
  }
}
