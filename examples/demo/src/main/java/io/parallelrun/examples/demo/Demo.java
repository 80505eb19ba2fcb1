package io.parallelrun.examples.demo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.examples.returns.legacy.ReturnsLegacyApplication;
import io.parallelrun.examples.returns.service.ReturnsServiceApplication;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo: starts the candidate (returns-service) and the monolith (returns-legacy) in this JVM,
 * sends traffic to the monolith with a live progress line, then prints per operation how often the
 * candidate agreed, and keeps serving until stopped. See {@link DemoOptions#USAGE}.
 */
public final class Demo {

  /** Exit code: an application did not start. */
  static final int EXIT_START_FAILED = 1;
  /** Exit code: a bad option. */
  static final int EXIT_USAGE = 2;
  /** Exit code: the traffic, or the checks of what it captured, did not complete. */
  static final int EXIT_TRAFFIC_FAILED = 3;

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration PROGRESS_EVERY = Duration.ofMillis(500);
  /** Without a console, a progress line at most this often, and only when it changed. */
  private static final Duration PLAIN_PROGRESS_EVERY = Duration.ofSeconds(2);

  private final DemoOptions options;
  private final PrintStream out;
  private final boolean console;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ConfigurableApplicationContext candidate;
  private ConfigurableApplicationContext legacy;
  private URI legacyUrl;
  private URI candidateUrl;

  Demo(DemoOptions options, PrintStream out, boolean console) {
    this.options = options;
    this.out = out;
    this.console = console;
  }

  public static void main(String[] args) {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("parallel-run demo: " + e.getMessage());
      System.err.println(DemoOptions.USAGE);
      System.exit(EXIT_USAGE);
      return;
    }
    if (options.help()) {
      System.out.println(DemoOptions.USAGE);
      return;
    }
    Demo demo = new Demo(options, System.out, System.console() != null);
    int code = demo.run();
    if (code != 0 || options.exitAfter()) {
      demo.stop();
      System.exit(code);
    }
    demo.serveUntilStopped();
  }

  /**
   * Runs the demo up to the table (or, with {@code --no-traffic}, up to the started applications)
   * and returns the exit code; the applications keep running until {@link #stop()}.
   */
  int run() {
    out.println("parallel-run demo: starting returns-service (candidate) and returns-legacy (monolith)...");
    try {
      startApplications();
    } catch (RuntimeException e) {
      out.println("parallel-run demo: an application did not start: " + rootMessage(e));
      return EXIT_START_FAILED;
    }
    out.println("  monolith   " + legacyUrl + "  (returns-legacy: parallel-run's legacy side captures its traffic)");
    out.println("  candidate  " + candidateUrl + "  (returns-service: receives, replays and compares)");
    out.println("  secret     " + options.secret() + (options.secretGiven() ? "" : "  (random; pass --secret to choose)"));
    if (!options.traffic()) {
      out.println();
      printUrls();
      return 0;
    }
    out.println();
    out.println("Sending " + options.requests() + " requests to the monolith...");
    TrafficGenerator traffic = new TrafficGenerator(legacyUrl);
    Thread sender = new Thread(() -> {
      try {
        traffic.run(options.requests(), 4);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "demo-traffic-main");
    sender.start();
    try {
      while (sender.isAlive()) {
        sender.join(PROGRESS_EVERY.toMillis());
        progress(traffic, false);
      }
      boolean settled = awaitChecks(traffic);
      progress(traffic, true);
      out.println();
      List<ReportRow> rows = ReportRow.parse(report());
      out.print(ConsistencyTable.render(rows, legacySkipped(), this::routeOf));
      out.println();
      if (traffic.errors() > 0) {
        out.println("parallel-run demo: " + traffic.errors() + " request(s) failed; last: " + traffic.lastError());
        return EXIT_TRAFFIC_FAILED;
      }
      if (!settled) {
        out.println("parallel-run demo: not every captured request was checked within " + SETTLE_TIMEOUT.toSeconds() + " s");
        return EXIT_TRAFFIC_FAILED;
      }
      printUrls();
      return 0;
    } catch (IOException e) {
      out.println("parallel-run demo: cannot read the candidate's report: " + e);
      return EXIT_TRAFFIC_FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EXIT_TRAFFIC_FAILED;
    }
  }

  private void startApplications() {
    Map<String, Object> common = new LinkedHashMap<>();
    common.put("spring.main.banner-mode", "off");
    common.put("spring.main.log-startup-info", "false");
    common.put("logging.level.root", "WARN");
    // each application keeps its meters in its own registry
    common.put("management.metrics.use-global-registry", "false");
    // a demo reaches verdicts sooner than production would (defaults: 0.99 and 100)
    common.put("parallel-run.operations.defaults.threshold", "0.95");
    common.put("parallel-run.operations.defaults.min-samples", "50");

    Map<String, Object> candidateProperties = new LinkedHashMap<>(common);
    candidateProperties.put("server.port", String.valueOf(options.candidatePort()));
    candidateProperties.put("parallel-run.candidate.secret", options.secret());
    candidate = start(ReturnsServiceApplication.application(), candidateProperties);
    int candidatePort = ((WebServerApplicationContext) candidate).getWebServer().getPort();
    candidateUrl = URI.create("http://localhost:" + candidatePort + "/");

    Map<String, Object> legacyProperties = new LinkedHashMap<>(common);
    legacyProperties.put("server.port", String.valueOf(options.legacyPort()));
    legacyProperties.put("parallel-run.legacy.candidate-url", candidateUrl.resolve("/consistency-checks").toString());
    legacyProperties.put("parallel-run.legacy.secret", options.secret());
    legacy = start(ReturnsLegacyApplication.application(), legacyProperties);
    int legacyPort = ((WebServerApplicationContext) legacy).getWebServer().getPort();
    legacyUrl = URI.create("http://localhost:" + legacyPort + "/");
  }

  private static ConfigurableApplicationContext start(SpringApplicationBuilder app, Map<String, Object> properties) {
    // highest precedence: command line arguments of the application
    List<String> args = new ArrayList<>();
    properties.forEach((k, v) -> args.add("--" + k + "=" + v));
    return app.run(args.toArray(String[]::new));
  }

  /** Waits until every request the monolith served has ended in a counter on both sides. */
  private boolean awaitChecks(TrafficGenerator traffic) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      MeterRegistry registry = legacy.getBean(MeterRegistry.class);
      double published = total(registry.find(MeterNames.PUBLISHED).counters());
      double accepted = total(registry.find(MeterNames.PUBLISHED).tag(MeterNames.OUTCOME, MeterNames.OUTCOME_ACCEPTED).counters());
      double skipped = total(registry.find(MeterNames.SKIPPED).tag(MeterNames.SIDE, MeterNames.SIDE_LEGACY).counters());
      if (published + skipped >= traffic.answered()) {
        long done = 0;
        for (ReportRow row : ReportRow.parse(report())) {
          done += row.checks() + row.skippedTotal();
        }
        if (done >= accepted) {
          return true;
        }
      }
      progress(traffic, false);
      TimeUnit.MILLISECONDS.sleep(PROGRESS_EVERY.toMillis());
    }
    return false;
  }

  private static double total(Collection<Counter> counters) {
    return counters.stream().mapToDouble(Counter::count).sum();
  }

  private void progress(TrafficGenerator traffic, boolean last) {
    String rates;
    long checks = 0;
    try {
      List<ReportRow> rows = ReportRow.parse(report());
      StringBuilder sb = new StringBuilder();
      for (ReportRow row : rows) {
        checks += row.checks();
        if (row.matchRate() != null) {
          sb.append(sb.length() == 0 ? "" : "  ").append(row.operationId()).append(' ')
              .append(String.format(Locale.ROOT, "%.0f%%", row.matchRate() * 100));
        }
      }
      rates = sb.toString();
    } catch (IOException e) {
      rates = "(report unavailable: " + e.getMessage() + ")";
    }
    String line = String.format(Locale.ROOT, "requests %d/%d  checks %d  %s", traffic.answered(), options.requests(), checks, rates);
    if (console) {
      out.print("\r" + line + "\033[K");
      if (last) {
        out.println();
      }
    } else if (last || (!line.equals(lastProgress) && System.nanoTime() - lastProgressAt > PLAIN_PROGRESS_EVERY.toNanos())) {
      out.println(line);
      lastProgress = line;
      lastProgressAt = System.nanoTime();
    }
    out.flush();
  }

  private String lastProgress;
  private long lastProgressAt = System.nanoTime();

  private byte[] report() throws IOException {
    HttpRequest request = HttpRequest.newBuilder(candidateUrl.resolve("/consistency-checks/report"))
        .timeout(Duration.ofSeconds(10)).GET().build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IOException("GET /consistency-checks/report answered " + response.statusCode());
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The monolith's skip counts per operation and reason. */
  private Map<String, Map<String, Long>> legacySkipped() {
    Map<String, Map<String, Long>> skipped = new TreeMap<>();
    MeterRegistry registry = legacy.getBean(MeterRegistry.class);
    for (Counter counter : registry.find(MeterNames.SKIPPED).tag(MeterNames.SIDE, MeterNames.SIDE_LEGACY).counters()) {
      long count = (long) counter.count();
      if (count > 0) {
        skipped.computeIfAbsent(counter.getId().getTag(MeterNames.OPERATION_ID), k -> new TreeMap<>())
            .merge(counter.getId().getTag(MeterNames.REASON), count, Long::sum);
      }
    }
    return skipped;
  }

  private String routeOf(String operationId) {
    return legacy.getEnvironment().getProperty("parallel-run.operations." + operationId + ".route");
  }

  private void printUrls() {
    out.println("Serving" + (options.exitAfter() ? "" : " until stopped (Ctrl-C)") + ":");
    out.println("  readiness report   " + candidateUrl.resolve("/consistency-checks/report"));
    out.println("  Prometheus scrape  " + candidateUrl.resolve("/actuator/prometheus"));
    out.println("  try it             curl " + legacyUrl.resolve("/returns/R-1001"));
    Path docs = Path.of("docs");
    out.println("  docs               " + (Files.isDirectory(docs) ? docs.toAbsolutePath() : "docs/ in the repository"));
  }

  /** The monolith's base URL once {@link #run()} started it, else {@code null}. */
  URI legacyUrl() {
    return legacyUrl;
  }

  /** The candidate's base URL once {@link #run()} started it, else {@code null}. */
  URI candidateUrl() {
    return candidateUrl;
  }

  /** The candidate's application context while it runs, else {@code null}. */
  synchronized ConfigurableApplicationContext candidateContext() {
    return candidate;
  }

  /** Blocks until the JVM is asked to stop, then stops both applications. */
  void serveUntilStopped() {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop();
      stopped.countDown();
    }, "demo-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the monolith (its publisher sends what is queued), then the candidate. */
  synchronized void stop() {
    if (legacy != null) {
      legacy.close();
      legacy = null;
    }
    if (candidate != null) {
      candidate.close();
      candidate = null;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
  }
}
