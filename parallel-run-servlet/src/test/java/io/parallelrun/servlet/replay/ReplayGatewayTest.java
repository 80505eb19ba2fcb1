package io.parallelrun.servlet.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parallelrun.core.check.ReplayResult;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.HttpHeaders;
import io.parallelrun.servlet.testing.JettyApp;
import io.parallelrun.servlet.testing.Probe;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplayGatewayTest {

  /** What the candidate saw of each request, by path. */
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private Probe probe;
  private JettyApp candidate;
  private ReplayGateway gateway;

  static final class Seen {
    final String method;
    final String uri;
    final Map<String, List<String>> headers = new ConcurrentHashMap<>();
    final byte[] body;
    final boolean replay;
    final String checkId;

    Seen(HttpServletRequest req, byte[] body) {
      this.method = req.getMethod();
      this.uri = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
      for (String name : Collections.list(req.getHeaderNames())) {
        headers.put(name.toLowerCase(), Collections.list(req.getHeaders(name)));
      }
      this.body = body;
      this.replay = ReplayContext.isReplay();
      this.checkId = ReplayContext.checkId().orElse(null);
    }
  }

  @BeforeEach
  void start() {
    probe = new Probe();
    candidate = new JettyApp()
        .filter("/*", new ReplayMarkerFilter())
        .servlet("/*", new HttpServlet() {
          @Override
          protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            byte[] body = req.getInputStream().readAllBytes();
            seen.put(req.getRequestURI(), new Seen(req, body));
            switch (req.getRequestURI()) {
              case "/redirect":
                resp.sendRedirect("http://127.0.0.1:" + probe.port() + "/redirected");
                return;
              case "/hang":
                await();
                return;
              case "/trickle":
                resp.setContentType("text/plain");
                resp.getOutputStream().write("first part".getBytes(StandardCharsets.UTF_8));
                resp.flushBuffer();
                await();
                return;
              case "/big":
                resp.setContentType("application/octet-stream");
                resp.getOutputStream().write(new byte[64 * 1024]);
                return;
              default:
                resp.setStatus(201);
                resp.setContentType("application/json");
                resp.addHeader("X-Multi", "a");
                resp.addHeader("X-Multi", "b");
                if (!"HEAD".equals(req.getMethod())) {
                  resp.getOutputStream().write(("{\"echo\":" + body.length + "}").getBytes(StandardCharsets.UTF_8));
                }
            }
          }

          private void await() {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        })
        .start();
    gateway = ReplayGateway.builder().baseUrl(candidate.baseUrl()).maxResponseBytes(16 * 1024).build();
  }

  @AfterEach
  void stop() {
    release.countDown();
    gateway.close();
    candidate.close();
    probe.close();
  }

  private static CapturedRequest get(String target, HttpHeaders headers) {
    return CapturedRequest.of("GET", target, headers);
  }

  @Test
  void sendsMethodPathQueryHeadersAndBodyWithoutHopByHopHeaders() {
    HttpHeaders headers = HttpHeaders.builder()
        .add("Accept", "application/json")
        .add("X-Repeated", "1").add("X-Repeated", "2")
        .add("Connection", "keep-alive, X-Private-Hop")
        .add("X-Private-Hop", "secret")
        .add("Keep-Alive", "timeout=5")
        .add("Transfer-Encoding", "chunked")
        .add("TE", "trailers")
        .add("Trailer", "X-T")
        .add("Upgrade", "h2c")
        .add("Proxy-Authorization", "Basic xyz")
        .add("Proxy-Connection", "keep-alive")
        .add("Host", "evil.example")
        .add("Content-Length", "999")
        .add("Expect", "100-continue")
        .add("Accept-Encoding", "gzip")
        .add("Parallel-Run-Replay", "forged")
        .add("Parallel-Run-Signature", "t=1,v1=00")
        .build();
    byte[] body = "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    ReplayResult result = gateway.replay("check-1", CapturedRequest.of("PUT", "/orders/7?x=1&y=%20z", headers, body, false),
        Duration.ofSeconds(5));

    assertThat(result.kind()).isEqualTo(ReplayResult.Kind.ANSWERED);
    assertThat(result.response().status()).isEqualTo(201);
    assertThat(result.response().headers().all("X-Multi")).containsExactly("a", "b");
    assertThat(new String(result.response().body(), StandardCharsets.UTF_8)).isEqualTo("{\"echo\":12}");
    assertThat(result.latencyNanos()).isPositive();

    Seen s = seen.get("/orders/7");
    assertThat(s.method).isEqualTo("PUT");
    assertThat(s.uri).isEqualTo("/orders/7?x=1&y=%20z");
    assertThat(new String(s.body, StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"x\"}");
    assertThat(s.headers.get("accept")).containsExactly("application/json");
    assertThat(s.headers.get("x-repeated")).containsExactly("1", "2");
    assertThat(s.headers.get("parallel-run-replay")).containsExactly("check-1");
    assertThat(s.headers.get("host")).containsExactly("127.0.0.1:" + candidate.port());
    assertThat(s.headers.get("content-length")).containsExactly("12");
    assertThat(s.headers).doesNotContainKeys("x-private-hop", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
        "proxy-authorization", "proxy-connection", "expect", "accept-encoding", "parallel-run-signature");
    assertThat(s.headers.getOrDefault("connection", List.of())).doesNotContain("keep-alive, X-Private-Hop");
    assertThat(s.replay).isTrue();
    assertThat(s.checkId).isEqualTo("check-1");
    assertThat(gateway.isReplaying("check-1")).isFalse();
  }

  @Test
  void headRequestsHaveNoBody() {
    ReplayResult result = gateway.replay("h", CapturedRequest.of("HEAD", "/head", HttpHeaders.empty()), Duration.ofSeconds(5));
    assertThat(result.kind()).isEqualTo(ReplayResult.Kind.ANSWERED);
    assertThat(result.response().status()).isEqualTo(201);
    assertThat(result.response().body()).isNull();
  }

  @Test
  void redirectsAreReturnedNotFollowed() {
    ReplayResult result = gateway.replay("r", get("/redirect", HttpHeaders.empty()), Duration.ofSeconds(5));
    assertThat(result.kind()).isEqualTo(ReplayResult.Kind.ANSWERED);
    assertThat(result.response().status()).isEqualTo(302);
    assertThat(result.response().headers().first("Location")).contains(":" + probe.port() + "/redirected");
    assertThat(probe.requests).isEmpty();
  }

  @Test
  void aCandidateThatDoesNotAnswerTimesOut() {
    long start = System.nanoTime();
    ReplayResult result = gateway.replay("t", get("/hang", HttpHeaders.empty()), Duration.ofMillis(300));
    assertThat(result.kind()).isEqualTo(ReplayResult.Kind.TIMED_OUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(290), Duration.ofSeconds(5));
  }

  @Test
  void aBodyThatStopsHalfwayTimesOutToo() {
    long start = System.nanoTime();
    ReplayResult result = gateway.replay("b", get("/trickle", HttpHeaders.empty()), Duration.ofMillis(300));
    assertThat(result.kind()).as(result.toString()).isEqualTo(ReplayResult.Kind.TIMED_OUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(290), Duration.ofSeconds(5));
  }

  @Test
  void aBodyAboveTheCapIsAnError() {
    ReplayResult result = gateway.replay("big", get("/big", HttpHeaders.empty()), Duration.ofSeconds(5));
    assertThat(result.kind()).isEqualTo(ReplayResult.Kind.ERROR);
    assertThat(result.detail()).contains("larger than 16384");
  }

  @Test
  void aRefusedConnectionIsAnError() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (ReplayGateway nowhere = ReplayGateway.builder().baseUrl("http://127.0.0.1:" + closedPort).build()) {
      ReplayResult result = nowhere.replay("x", get("/x", HttpHeaders.empty()), Duration.ofSeconds(5));
      assertThat(result.kind()).isEqualTo(ReplayResult.Kind.ERROR);
    }
  }

  @Test
  void aBasePathPrefixesEveryTarget() {
    try (ReplayGateway prefixed = ReplayGateway.builder().baseUrl(candidate.baseUrl() + "/app/").build()) {
      assertThat(prefixed.baseUrl().toString()).isEqualTo(candidate.baseUrl() + "/app/");
      ReplayResult result = prefixed.replay("p", get("/orders/1?q=1", HttpHeaders.empty()), Duration.ofSeconds(5));
      assertThat(result.kind()).isEqualTo(ReplayResult.Kind.ANSWERED);
      assertThat(seen.get("/app/orders/1").uri).isEqualTo("/app/orders/1?q=1");
    }
  }

  @Test
  void charactersTheUriParserRefusesArePercentEncoded() {
    ReplayResult result = gateway.replay("e", get("/search?q={a|b}&r=[1]&s=100%", HttpHeaders.empty()), Duration.ofSeconds(5));
    assertThat(result.kind()).as(result.toString()).isEqualTo(ReplayResult.Kind.ANSWERED);
    assertThat(seen.get("/search").uri).isEqualTo("/search?q=%7Ba%7Cb%7D&r=%5B1%5D&s=100%25");
  }

  @Test
  void refusesBaseUrlsThatAreNotPlainHttp() {
    List<String> bad = new ArrayList<>(List.of("ftp://host/", "http:///x", "//host", "http://user@host/", "http://host/?q=1",
        "http://host/#f", "not a url", "file:/etc/passwd"));
    for (String url : bad) {
      assertThatThrownBy(() -> ReplayGateway.builder().baseUrl(url)).as(url).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aForgedReplayHeaderFromAClientIsNotTrusted() throws Exception {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(candidate.url("/forged")))
        .header("Parallel-Run-Replay", "made-up").build(), java.net.http.HttpResponse.BodyHandlers.discarding());
    assertThat(seen.get("/forged").replay).isFalse();
    assertThat(seen.get("/forged").checkId).isNull();
  }
}
