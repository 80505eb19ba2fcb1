package io.parallelrun.servlet.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.check.ReplayResult;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.HttpHeaders;
import io.parallelrun.core.wire.PayloadSignature;
import io.parallelrun.servlet.capture.ParallelRunFilter;
import io.parallelrun.servlet.publish.ConsistencyCheckPublisher;
import io.parallelrun.servlet.receive.ConsistencyCheckServlet;
import io.parallelrun.servlet.testing.JettyApp;
import io.parallelrun.servlet.testing.Meters;
import io.parallelrun.servlet.testing.Probe;
import io.parallelrun.servlet.testing.TestComparator;
import io.parallelrun.servlet.testing.TestReceiver;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Property tests of replay safety: however a payload is formed, a replay reaches the configured
 * base URL and nothing else (a probe server on another loopback port must receive nothing), and a
 * replayed request is never captured again by a legacy filter.
 */
class ReplaySafetyPropertyTest {

  private static final long SEED = 20261206L;
  private static final int CASES = 3_000;

  private Probe probe;
  private JettyApp candidate;
  private final ConcurrentLinkedQueue<String> candidateHosts = new ConcurrentLinkedQueue<>();
  private final AtomicInteger candidateRequests = new AtomicInteger();

  @BeforeEach
  void start() {
    probe = new Probe();
    candidate = new JettyApp().servlet("/*", new HttpServlet() {
      @Override
      protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        candidateRequests.incrementAndGet();
        candidateHosts.add(String.valueOf(req.getHeader("Host")));
        resp.setContentType("text/plain");
        resp.getWriter().write("candidate");
      }
    }).start();
  }

  @AfterEach
  void stop() {
    candidate.close();
    probe.close();
  }

  /** Targets built from pieces that have fooled URL handling somewhere: hosts, schemes, separators, encodings. */
  static String adversarialTarget(Random random, int probePort) {
    String[] hosts = {"127.0.0.1:" + probePort, "localhost:" + probePort, "[::1]:" + probePort, "127.1:" + probePort,
        "2130706433:" + probePort, "0x7f.0.0.1:" + probePort, "evil.example", "127.0.0.1%3A" + probePort,
        "user:pw@127.0.0.1:" + probePort, "127.0.0.1:" + probePort + "@127.0.0.1"};
    String[] prefixes = {"", "/", "//", "///", "\\", "\\\\", "/\\", "\\/", "http://", "https://", "HTTP://", "http:", "http:/",
        "http:\\\\", "@", "/@", "//@", "%2F%2F", "/%2F", "%2f%2f", "%5C%5C", "/..", "/../", "/%2e%2e/", "/.%2e/", "/..;/",
        ";", "/;", "?", "#", "\t", " ", "\r\n", "\u0000", "\uFF0F\uFF0F", "/\u2215", ":", "//:" + probePort, "/%00",
        "%0d%0aHost:%20evil/", "/%252F%252F", "\u3002", "/./", "/.", "\u0085"};
    String[] suffixes = {"", "/x", "/", "?a=b", "?next=http://127.0.0.1:" + probePort, "#frag", ":" + probePort,
        "/..;/x", "?@evil", "/%2e%2e/%2e%2e/", "\\x", "?\r\nHost: evil"};
    StringBuilder target = new StringBuilder();
    int parts = 1 + random.nextInt(4);
    for (int i = 0; i < parts; i++) {
      target.append(prefixes[random.nextInt(prefixes.length)]);
      if (random.nextInt(3) > 0) {
        target.append(hosts[random.nextInt(hosts.length)]);
      }
      target.append(suffixes[random.nextInt(suffixes.length)]);
      if (random.nextInt(5) == 0) {
        target.append((char) (0x20 + random.nextInt(0x60)));
      }
    }
    return target.toString();
  }

  static HttpHeaders adversarialHeaders(Random random, int probePort) {
    String probeHost = "127.0.0.1:" + probePort;
    String[][] candidates = {
        {"Host", probeHost}, {"X-Forwarded-Host", probeHost}, {"Forwarded", "for=1.2.3.4;host=" + probeHost},
        {"X-Original-URL", "http://" + probeHost + "/"}, {"X-Rewrite-URL", "//" + probeHost + "/"},
        {"Proxy", "http://" + probeHost}, {"Via", "1.1 " + probeHost}, {"Connection", "Host"},
        {"Upgrade", "h2c"}, {"Expect", "100-continue"}, {"Content-Length", "0"}, {"Transfer-Encoding", "chunked"},
        {":authority", probeHost}, {"Host\r\nX-Injected", "1"}, {"X-Ok", "v\r\nHost: " + probeHost},
        {"Accept", "*/*"}, {"X-Ok", "plain"}};
    HttpHeaders.Builder builder = HttpHeaders.builder();
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) {
      String[] header = candidates[random.nextInt(candidates.length)];
      try {
        builder.add(header[0], header[1]);
      } catch (IllegalArgumentException e) {
        // the model refuses it already: fine, try another one
      }
    }
    return builder.build();
  }

  @Test
  void noTargetOrHeaderMakesTheGatewayContactAnythingButItsBaseUrl() {
    Random random = new Random(SEED);
    String[] methods = {"GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "PROPFIND"};
    int answered = 0;
    int refused = 0;
    try (ReplayGateway gateway = ReplayGateway.builder().baseUrl(candidate.baseUrl()).build()) {
      for (int i = 0; i < CASES; i++) {
        String target = adversarialTarget(random, probe.port());
        CapturedRequest request;
        try {
          request = CapturedRequest.of(methods[random.nextInt(methods.length)], target,
              adversarialHeaders(random, probe.port()), random.nextBoolean() ? null : new byte[] {'x'}, false);
        } catch (IllegalArgumentException e) {
          continue;
        }
        ReplayResult result = gateway.replay("case-" + i, request, Duration.ofSeconds(5));
        if (result.kind() == ReplayResult.Kind.ANSWERED) {
          answered++;
        } else {
          assertThat(result.kind()).as(target + " -> " + result).isEqualTo(ReplayResult.Kind.ERROR);
          refused++;
        }
        assertThat(probe.requests).as("case %d: %s", i, target).isEmpty();
      }
    }
    // Both kinds of cases occurred; requests that reached the candidate's servlet named it as host
    // (the others were answered by the candidate's Jetty itself, for example 400 for an ambiguous path).
    assertThat(answered).isGreaterThan(100);
    assertThat(refused).isGreaterThan(100);
    assertThat(candidateRequests.get()).isPositive().isLessThanOrEqualTo(answered);
    assertThat(candidateHosts).containsOnly("127.0.0.1:" + candidate.port());
  }

  @Test
  void noPayloadSentToTheReceiverMakesItContactAnythingButItsBaseUrl() throws Exception {
    String secret = "replay-safety-secret-0123456789";
    PayloadSignature signature = PayloadSignature.withSecret(secret);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Random random = new Random(SEED + 1);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (ConsistencyCheckServlet receiver = ConsistencyCheckServlet.builder().secret(secret).replayTo(candidate.baseUrl())
            .meterRegistry(registry)
            .policies(io.parallelrun.core.operation.OperationPolicies.builder()
                .defaults(io.parallelrun.core.operation.OperationPolicy.custom().comparator(new TestComparator()).build()).build())
            .build();
        JettyApp front = new JettyApp().servlet("/consistency-checks/*", receiver).start()) {
      int accepted = 0;
      StringBuilder batch = new StringBuilder();
      int lines = 0;
      for (int i = 0; i < 1_000; i++) {
        String path = "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance()
            .quoteAsString(adversarialTarget(random, probe.port()))) + "\"";
        batch.append("{\"request\":{\"url\":{\"path\":").append(path)
            .append("},\"method\":\"GET\",\"headers\":{\"Host\":\"127.0.0.1:").append(probe.port())
            .append("\",\"X-Forwarded-Host\":\"127.0.0.1:").append(probe.port()).append("\"}},")
            .append("\"response\":{\"status\":200,\"headers\":{\"Content-Type\":\"text/plain\"},\"body\":\"candidate\"}}\n");
        lines++;
        if (lines == 50) {
          byte[] body = batch.toString().getBytes(StandardCharsets.UTF_8);
          HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(front.url("/consistency-checks")))
              .header("Content-Type", "application/x-ndjson")
              .header("Parallel-Run-Signature", signature.sign(body, Instant.now().getEpochSecond()))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
          assertThat(response.statusCode()).as(response.body()).isIn(202, 400);
          if (response.statusCode() == 202) {
            accepted += new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("accepted").asInt();
          }
          batch.setLength(0);
          lines = 0;
        }
      }
      int expected = accepted;
      await().atMost(Duration.ofSeconds(30)).until(() -> registry.find(MeterNames.CHECKS).counters().stream()
          .mapToDouble(c -> c.count()).sum() == expected);
      assertThat(expected).isGreaterThan(10);
      assertThat(probe.requests).isEmpty();
      assertThat(candidateHosts).containsOnly("127.0.0.1:" + candidate.port());
    }
  }

  @Test
  void aReplayedRequestIsNeverCapturedAgain() {
    SimpleMeterRegistry legacyRegistry = new SimpleMeterRegistry();
    try (TestReceiver sink = new TestReceiver("never-captured-secret-0123456789")) {
      ConsistencyCheckPublisher publisher = ConsistencyCheckPublisher.builder()
          .candidateUrl(sink.url()).secret("never-captured-secret-0123456789").meterRegistry(legacyRegistry)
          .batchDelay(Duration.ofMillis(10)).build();
      ParallelRunFilter filter = ParallelRunFilter.builder().publisher(publisher).meterRegistry(legacyRegistry).build();
      try (JettyApp legacy = new JettyApp().filter("/*", filter).servlet("/*", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
              resp.setContentType("text/plain");
              resp.getWriter().write("legacy");
            }
          }).start();
          ReplayGateway gateway = ReplayGateway.builder().baseUrl(legacy.baseUrl()).build()) {
        for (int i = 0; i < 50; i++) {
          ReplayResult result = gateway.replay("loop-" + i, CapturedRequest.of("GET", "/x/" + i, HttpHeaders.empty()),
              Duration.ofSeconds(5));
          assertThat(result.kind()).isEqualTo(ReplayResult.Kind.ANSWERED);
        }
        // A control request without the marker is captured, so the filter is active.
        ReplayResult control = new ControlClient().get(legacy.url("/control"));
        assertThat(control.kind()).isEqualTo(ReplayResult.Kind.ANSWERED);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.payloads.size() == 1);
        assertThat(Meters.skipped(legacyRegistry, "replay")).isEqualTo(50);
        assertThat(sink.payloadList()).extracting(p -> p.request().target()).containsExactly("/control");
      } finally {
        publisher.close();
      }
    }
  }

  /** A plain client request, without the replay marker. */
  private static final class ControlClient {
    ReplayResult get(String url) {
      try {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        return ReplayResult.answered(io.parallelrun.core.payload.CapturedResponse.of(response.statusCode(),
            HttpHeaders.empty(), response.body()), 0);
      } catch (IOException | InterruptedException e) {
        return ReplayResult.error(0, e.toString());
      }
    }
  }
}
