package io.parallelrun.servlet.prometheus;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Prometheus server on loopback, with a temporary configuration and storage, scraping the
 * given targets every second and evaluating the given rule files every second.
 *
 * <p>Shared with other modules' tests through this module's test jar.
 */
public final class PrometheusProcess implements AutoCloseable {

  /** One sample of an instant vector. */
  public record Sample(Map<String, String> labels, double value) {
    public String label(String name) {
      return labels.get(name);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;
  private final Process process;
  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusProcess(Path directory, Process process, URI base) {
    this.directory = directory;
    this.process = process;
    this.base = base;
  }

  /**
   * Starts Prometheus and waits until it is ready.
   *
   * @param targets job name to {@code host:port} of a metrics endpoint at {@code /metrics}
   * @param ruleFiles absolute paths of rule files
   */
  public static PrometheusProcess start(Path binary, Map<String, String> targets, List<Path> ruleFiles) throws IOException {
    Map<String, URI> endpoints = new LinkedHashMap<>();
    targets.forEach((job, target) -> endpoints.put(job, URI.create("http://" + target + "/metrics")));
    return scraping(binary, endpoints, ruleFiles);
  }

  /**
   * Starts Prometheus and waits until it is ready.
   *
   * @param endpoints job name to the URL of its scrape endpoint, such as {@code
   *     http://localhost:8081/actuator/prometheus}
   * @param ruleFiles absolute paths of rule files
   */
  public static PrometheusProcess scraping(Path binary, Map<String, URI> endpoints, List<Path> ruleFiles) throws IOException {
    Path directory = Files.createTempDirectory("parallel-run-prometheus");
    StringBuilder config = new StringBuilder()
        .append("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n")
        .append("rule_files:\n");
    for (Path file : ruleFiles) {
      config.append("  - '").append(file.toAbsolutePath()).append("'\n");
    }
    config.append("scrape_configs:\n");
    endpoints.forEach((job, url) -> config.append("  - job_name: '").append(job).append("'\n")
        .append("    scheme: '").append(url.getScheme()).append("'\n")
        .append("    metrics_path: '").append(url.getRawPath().isEmpty() ? "/metrics" : url.getRawPath()).append("'\n")
        .append("    static_configs:\n      - targets: ['").append(url.getHost()).append(':').append(url.getPort()).append("']\n"));
    Path configFile = directory.resolve("prometheus.yml");
    Files.writeString(configFile, config);
    int port = freePort();
    Process process = new ProcessBuilder(
            binary.toString(),
            "--config.file=" + configFile,
            "--storage.tsdb.path=" + directory.resolve("data"),
            "--web.listen-address=127.0.0.1:" + port,
            "--log.level=warn")
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("prometheus.log").toFile())
        .start();
    PrometheusProcess prometheus = new PrometheusProcess(directory, process, URI.create("http://127.0.0.1:" + port));
    try {
      await("Prometheus ready on port " + port)
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(prometheus::ready);
    } catch (RuntimeException e) {
      String log = prometheus.log();
      prometheus.close();
      throw new IllegalStateException("Prometheus did not become ready; its log:\n" + log, e);
    }
    return prometheus;
  }

  private boolean ready() {
    if (!process.isAlive()) {
      throw new IllegalStateException("Prometheus exited with " + process.exitValue() + ":\n" + log());
    }
    try {
      HttpResponse<Void> response = http.send(
          HttpRequest.newBuilder(base.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs an instant query; fails on a query error. */
  public List<Sample> query(String promql) {
    JsonNode data = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    List<Sample> samples = new ArrayList<>();
    String type = data.path("resultType").asText();
    if ("scalar".equals(type)) {
      samples.add(new Sample(Map.of(), Double.parseDouble(data.path("result").get(1).asText())));
      return samples;
    }
    for (JsonNode item : data.path("result")) {
      Map<String, String> labels = new LinkedHashMap<>();
      item.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
      samples.add(new Sample(labels, Double.parseDouble(item.path("value").get(1).asText())));
    }
    return samples;
  }

  /** The single value of a query that returns one sample, or {@code null} when it returns none. */
  public Double value(String promql) {
    List<Sample> samples = query(promql);
    if (samples.isEmpty()) {
      return null;
    }
    if (samples.size() > 1) {
      throw new AssertionError(promql + " returned " + samples.size() + " samples: " + samples);
    }
    return samples.get(0).value();
  }

  /** The health of every scrape target, by job. */
  public Map<String, String> targetHealth() {
    Map<String, String> health = new LinkedHashMap<>();
    for (JsonNode target : api("/api/v1/targets").path("activeTargets")) {
      health.put(target.path("labels").path("job").asText(), target.path("health").asText());
    }
    return health;
  }

  /** The state of every rule group's rules: name to health ("ok", "err", "unknown"). */
  public Map<String, String> ruleHealth() {
    Map<String, String> health = new LinkedHashMap<>();
    for (JsonNode group : api("/api/v1/rules").path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String error = rule.path("lastError").asText("");
        health.put(rule.path("name").asText(), rule.path("health").asText() + (error.isEmpty() ? "" : ": " + error));
      }
    }
    return health;
  }

  private JsonNode api(String pathAndQuery) {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(response.body());
      if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
        throw new AssertionError("Prometheus answered " + response.statusCode() + " to " + pathAndQuery + ": " + response.body());
      }
      return body.path("data");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String log() {
    try {
      return Files.readString(directory.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }
}
