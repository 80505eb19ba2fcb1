package io.parallelrun.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code docs/performance.md} from the results of one {@code run.sh}: JMH JSON files for
 * parts 1 and 3, Markdown sections written by the load drivers for parts 2, 4 and 5. Every figure is
 * a median over measurement iterations (JMH) or rounds (load).
 *
 * <p>Arguments: results directory, output file.
 */
public final class Report {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Report() {}

  /** The median of a JMH result's raw measurements (all forks, all iterations), and of a secondary metric. */
  record Score(double median, String unit, double allocMedian) {}

  public static void main(String[] args) throws IOException {
    Path results = Path.of(args[0]);
    Path output = Path.of(args[1]);
    StringBuilder md = new StringBuilder();
    md.append("# Performance\n\n");
    md.append("Written by `parallel-run-benchmarks/run.sh` (the only command: it builds the module, runs every part and "
        + "rewrites this page; its total time is recorded below). Every figure is a median (of JMH measurement "
        + "iterations across forks, or of load rounds), and every ratio compares figures taken side by side in the "
        + "same run. The machine is shared: read the load average next to each part.\n\n");
    md.append(read(results.resolve("machine.md"), "")).append('\n');
    md.append("## 1. Filter cost on the request thread (JMH)\n\n");
    md.append(filterSection(results));
    md.append("\n## 2. Legacy application under load (wrk, embedded Jetty, 2 KB JSON, sample rate 1)\n\n");
    md.append(read(results.resolve("part2.md"), "Not measured in this run.\n"));
    md.append(profile(results.resolve("part2-profile.md")));
    md.append("\n## 3. JSON comparator against peer libraries (JMH)\n\n");
    md.append(comparatorSection(results));
    md.append("\n## 4. Receiver throughput, end to end\n\n");
    md.append(read(results.resolve("part4.md"), "Not measured in this run.\n"));
    md.append(profile(results.resolve("part4-profile.md")));
    md.append("\n## 5. Memory under a dead candidate\n\n");
    md.append(read(results.resolve("part5.md"), "Not measured in this run.\n"));
    md.append("\n## Publisher thread, per capture (JMH)\n\n");
    md.append(publisherSection(results));
    md.append(read(results.resolve("notes.md"), ""));
    Files.createDirectories(output.getParent());
    Files.writeString(output, md.toString(), StandardCharsets.UTF_8);
  }

  private static String filterSection(Path results) throws IOException {
    Map<String, Score> scores = scores(results.resolve("part1.json"));
    if (scores.isEmpty()) {
      return "Not measured in this run.\n";
    }
    StringBuilder md = new StringBuilder();
    md.append(read(results.resolve("part1-command.md"), ""));
    md.append("| body | mode | ns/request | ratio to no filter | added ns | B/request, all threads (`-prof gc`) |\n");
    md.append("| ---: | --- | ---: | ---: | ---: | ---: |\n");
    for (String size : List.of("2048", "65536")) {
      Score none = scores.get("FilterBenchmark.request|none|" + size);
      for (String mode : List.of("none", "notSampled", "sampled")) {
        Score s = scores.get("FilterBenchmark.request|" + mode + "|" + size);
        if (s == null || none == null) {
          continue;
        }
        md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.3f | %+.1f | %.0f |%n", size, mode, s.median(),
            s.median() / none.median(), s.median() - none.median(), s.allocMedian()));
      }
    }
    md.append("\nThe request thread alone (ThreadMXBean: thread CPU time, which leaves out the time spent waiting for a "
        + "core, and allocated bytes), side by side in interleaved rounds:\n\n");
    md.append(read(results.resolve("part1-alloc.md"), "Not measured in this run.\n"));
    return md.toString();
  }

  private static String comparatorSection(Path results) throws IOException {
    Map<String, Score> scores = scores(results.resolve("part3.json"));
    if (scores.isEmpty()) {
      return "Not measured in this run.\n";
    }
    StringBuilder md = new StringBuilder();
    md.append(read(results.resolve("part3-command.md"), ""));
    md.append("ops/s, parse and compare from bytes. `leaf` and `unordered` differ or are equal as described in "
        + "`ComparatorBenchmark`; JSONassert runs STRICT (NON_EXTENSIBLE for `unordered`), JsonUnit with "
        + "IGNORING_ARRAY_ORDER for `unordered`, ours with `/items` unordered for `unordered`. Jackson tree equals reports "
        + "no paths and cannot ignore order.\n\n");
    md.append("| body | case | ours | Jackson tree equals | zjsonpatch | JSONassert | JsonUnit | ours / fastest path-reporting peer | ours / Jackson | target |\n");
    md.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (String size : List.of("2048", "65536")) {
      for (String kase : List.of("identical", "reordered", "leaf", "unordered")) {
        double ours = opsPerSecond(scores, "parallelRun", size, kase);
        double jackson = opsPerSecond(scores, "jacksonTreeEquals", size, kase);
        double zjson = opsPerSecond(scores, "zjsonpatch", size, kase);
        double jsonAssert = opsPerSecond(scores, "jsonAssert", size, kase);
        double jsonUnit = opsPerSecond(scores, "jsonUnit", size, kase);
        double reporting = Math.max(zjson, Math.max(jsonAssert, jsonUnit));
        double fastest = Math.max(reporting, jackson);
        String target;
        boolean met;
        if ("identical".equals(kase)) {
          met = ours >= 100 * fastest;
          target = "≥ 100× fastest peer (" + String.format(Locale.ROOT, "%.0f×", ours / fastest) + ")";
        } else {
          met = ours >= 1.5 * reporting && ours >= jackson;
          target = "≥ 1.5× path-reporting peer and ≥ Jackson";
          if ("unordered".equals(kase) && "65536".equals(size)) {
            met &= ours >= 2000;
            target += ", ≥ 2,000 ops/s";
          }
        }
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %.2f | %.2f | %s: %s |%n", size, kase,
            fmt(ours), fmt(jackson), fmt(zjson), fmt(jsonAssert), fmt(jsonUnit), ours / reporting, ours / jackson, target,
            Double.isNaN(ours) ? "not measured" : met ? "met" : "missed"));
      }
    }
    return md.toString();
  }

  private static String publisherSection(Path results) throws IOException {
    Map<String, Score> scores = scores(results.resolve("publisher.json"));
    if (scores.isEmpty()) {
      return "Not measured in this run.\n";
    }
    StringBuilder md = new StringBuilder();
    md.append("What the publisher thread spends per 2 KB capture (`PublisherBenchmark`): building the payload "
        + "from the capture, serialising one NDJSON line, and signing a line's bytes (in a batch one signature covers "
        + "all lines, so per capture it costs the per-byte part).\n\n");
    md.append("| stage | ns/capture | B/capture |\n| --- | ---: | ---: |\n");
    for (String stage : List.of("toPayload", "serialise", "build", "sign")) {
      Score s = scores.get("PublisherBenchmark." + stage + "|2048");
      if (s != null) {
        md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f |%n", stage, s.median(), s.allocMedian()));
      }
    }
    return md.toString();
  }

  private static double opsPerSecond(Map<String, Score> scores, String benchmark, String size, String kase) {
    Score s = scores.get("ComparatorBenchmark." + benchmark + "|" + kase + "|" + size);
    return s == null ? Double.NaN : s.median();
  }

  private static String fmt(double opsPerSecond) {
    if (Double.isNaN(opsPerSecond)) {
      return "–";
    }
    return opsPerSecond >= 100 ? String.format(Locale.ROOT, "%,.0f", opsPerSecond)
        : String.format(Locale.ROOT, "%.1f", opsPerSecond);
  }

  /** Scores keyed by {@code Class.method|param values in the alphabetical order of the param names}. */
  static Map<String, Score> scores(Path file) throws IOException {
    Map<String, Score> scores = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return scores;
    }
    for (JsonNode result : JSON.readTree(file.toFile())) {
      String benchmark = result.path("benchmark").asText();
      String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
      StringBuilder key = new StringBuilder(name);
      java.util.TreeMap<String, String> params = new java.util.TreeMap<>();
      result.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
      params.values().forEach(v -> key.append('|').append(v));
      JsonNode primary = result.path("primaryMetric");
      double alloc = Double.NaN;
      JsonNode norm = result.path("secondaryMetrics").path("gc.alloc.rate.norm");
      if (!norm.isMissingNode()) {
        alloc = median(norm.path("rawData"));
      }
      scores.put(key.toString(), new Score(median(primary.path("rawData")), primary.path("scoreUnit").asText(), alloc));
    }
    return scores;
  }

  private static double median(JsonNode rawData) {
    List<Double> values = new ArrayList<>();
    for (JsonNode fork : rawData) {
      for (JsonNode v : fork) {
        values.add(v.asDouble());
      }
    }
    if (values.isEmpty()) {
      return Double.NaN;
    }
    values.sort(null);
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }

  private static String profile(Path file) throws IOException {
    return Files.exists(file) ? "\n### Profile\n\n" + Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  private static String read(Path file, String otherwise) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : otherwise;
  }
}
