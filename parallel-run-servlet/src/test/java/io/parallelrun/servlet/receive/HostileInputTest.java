package io.parallelrun.servlet.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationPolicy;
import io.parallelrun.core.wire.PayloadLimits;
import io.parallelrun.core.wire.PayloadSignature;
import io.parallelrun.servlet.replay.ReplayMarkerFilter;
import io.parallelrun.servlet.testing.JettyApp;
import io.parallelrun.servlet.testing.Probe;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile POSTs to a real receiver on Jetty. Each must get the documented status and problem type,
 * count exactly one skipped payload, and cause nothing else: no check, no request to the
 * candidate's endpoints, none to a probe server on another port, an empty backlog.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

  private static final String SECRET = "hostile-input-secret-0123456789";
  private static final int MAX_BYTES = 512 * 1024;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final PayloadSignature signature = PayloadSignature.withSecret(SECRET);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ConcurrentLinkedQueue<String> endpointHits = new ConcurrentLinkedQueue<>();
  /** A server on another port that the hostile payloads point at; it must never be contacted. */
  private static final Probe PROBE = new Probe();
  private static final String PROBE_HOST = "127.0.0.1:" + PROBE.port();
  private JettyApp candidate;
  private ConsistencyCheckServlet receiver;
  private String url;

  @BeforeAll
  void start() {
    EndToEndTest.DeferredServlet slot = new EndToEndTest.DeferredServlet();
    candidate = new JettyApp()
        .filter("/*", new ReplayMarkerFilter())
        .servlet("/consistency-checks/*", slot)
        .servlet("/*", new HttpServlet() {
          @Override
          protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            endpointHits.add(req.getMethod() + " " + req.getRequestURI());
            resp.setContentType("application/json");
            resp.getWriter().write("{\"ok\":true}");
          }
        })
        .start();
    receiver = ConsistencyCheckServlet.builder()
        .secret(SECRET)
        .replayTo(candidate.baseUrl())
        .meterRegistry(registry)
        .policies(OperationPolicies.ofDefaults())
        .limits(PayloadLimits.builder().maxPayloadBytes(MAX_BYTES).build())
        .build();
    slot.delegate = receiver;
    url = candidate.url("/consistency-checks");
  }

  @AfterAll
  void stop() {
    receiver.close();
    candidate.close();
    PROBE.close();
  }

  static String valid(Function<String, String> path) {
    return "{\"request\":{\"url\":{\"path\":" + path.apply("\"/api/example?param=something\"") + "},"
        + "\"headers\":{\"Accept\":\"application/json\"},\"method\":\"GET\",\"body\":null},"
        + "\"response\":{\"status\":200,\"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"{\\\"ok\\\":true}\"}}";
  }

  static String withRequest(String request) {
    return "{\"request\":" + request + ",\"response\":{\"status\":200,\"headers\":{},\"body\":null}}";
  }

  static String withResponse(String response) {
    return "{\"request\":{\"url\":{\"path\":\"/x\"},\"method\":\"GET\",\"headers\":{}},\"response\":" + response + "}";
  }

  static String path(String jsonString) {
    return withRequest("{\"url\":{\"path\":" + jsonString + "},\"method\":\"GET\",\"headers\":{}}");
  }

  static String method(String jsonValue) {
    return withRequest("{\"url\":{\"path\":\"/x\"},\"method\":" + jsonValue + ",\"headers\":{}}");
  }

  static String requestHeaders(String headersJson) {
    return withRequest("{\"url\":{\"path\":\"/x\"},\"method\":\"GET\",\"headers\":" + headersJson + "}");
  }

  static String status(String jsonValue) {
    return withResponse("{\"status\":" + jsonValue + ",\"headers\":{}}");
  }

  static String manyHeaders(int n) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append("\"X-H").append(i).append("\":\"v\"");
    }
    return requestHeaders(sb.append('}').toString());
  }

  static String deep(int levels) {
    return "{\"extension\":" + "[".repeat(levels) + "]".repeat(levels) + "," + valid(p -> p).substring(1);
  }

  /** name, body, expected status, expected problem type slug, pointer expected in the problem (or null). */
  static Stream<Arguments> invalidPayloads() {
    return Stream.of(
        Arguments.of("not JSON", "hello", 400, "malformed-json", null),
        Arguments.of("empty body", "", 400, "invalid-field", ""),
        Arguments.of("truncated JSON", valid(p -> p).substring(0, 40), 400, "malformed-json", null),
        Arguments.of("a JSON array", "[]", 400, "invalid-field", ""),
        Arguments.of("a JSON string", "\"payload\"", 400, "invalid-field", ""),
        Arguments.of("null", "null", 400, "invalid-field", ""),
        Arguments.of("missing request", "{\"response\":{\"status\":200,\"headers\":{}}}", 400, "invalid-field", "/request"),
        Arguments.of("missing response", "{\"request\":{\"url\":{\"path\":\"/x\"},\"method\":\"GET\",\"headers\":{}}}", 400, "invalid-field", "/response"),
        Arguments.of("request of the wrong type", withRequest("\"GET /x\""), 400, "invalid-field", "/request"),
        Arguments.of("response of the wrong type", withResponse("[200]"), 400, "invalid-field", "/response"),
        Arguments.of("missing url", withRequest("{\"method\":\"GET\",\"headers\":{}}"), 400, "invalid-field", "/request/url"),
        Arguments.of("path of the wrong type", path("42"), 400, "invalid-field", "/request/url/path"),
        Arguments.of("absolute URL", path("\"http://" + PROBE_HOST + "/steal\""), 400, "invalid-field", "/request/url/path"),
        Arguments.of("absolute URL without slash", path("\"http:" + PROBE_HOST + "\""), 400, "invalid-field", "/request/url/path"),
        Arguments.of("//host path", path("\"//" + PROBE_HOST + "/steal\""), 400, "invalid-field", "/request/url/path"),
        Arguments.of("dot-dot segment", path("\"/api/../admin\""), 400, "invalid-field", "/request/url/path"),
        Arguments.of("encoded dot-dot segment", path("\"/api/%2e%2e/admin\""), 400, "invalid-field", "/request/url/path"),
        Arguments.of("backslash path", path("\"\\\\\\\\" + PROBE_HOST + "\\\\x\""), 400, "invalid-field", "/request/url/path"),
        Arguments.of("CR in path", path("\"/x\\r\\nHost: " + PROBE_HOST + "\""), 400, "invalid-field", "/request/url/path"),
        Arguments.of("LF in path", path("\"/x\\nX: y\""), 400, "invalid-field", "/request/url/path"),
        Arguments.of("space in path", path("\"/x HTTP/1.1\""), 400, "invalid-field", "/request/url/path"),
        Arguments.of("CR LF in a header value", requestHeaders("{\"X-A\":\"v\\r\\nHost: " + PROBE_HOST + "\"}"), 400, "invalid-field", "/request/headers/X-A"),
        Arguments.of("header name with a space", requestHeaders("{\"X Bad\":\"v\"}"), 400, "invalid-field", "/request/headers/X Bad"),
        Arguments.of("header name with a colon", requestHeaders("{\"Host:\":\"" + PROBE_HOST + "\"}"), 400, "invalid-field", "/request/headers/Host:"),
        Arguments.of("header value of the wrong type", requestHeaders("{\"X-A\":1}"), 400, "invalid-field", "/request/headers/X-A"),
        Arguments.of("headers of the wrong type", requestHeaders("[\"X-A\"]"), 400, "invalid-field", "/request/headers"),
        Arguments.of("10,000 headers", manyHeaders(10_000), 400, "limit-exceeded", "/request/headers"),
        Arguments.of("unknown method", method("\"FOO\""), 400, "invalid-field", "/request/method"),
        Arguments.of("TRACE", method("\"TRACE\""), 400, "invalid-field", "/request/method"),
        Arguments.of("CONNECT", method("\"CONNECT\""), 400, "invalid-field", "/request/method"),
        Arguments.of("method of the wrong type", method("1"), 400, "invalid-field", "/request/method"),
        Arguments.of("missing method", withRequest("{\"url\":{\"path\":\"/x\"},\"headers\":{}}"), 400, "invalid-field", "/request/method"),
        Arguments.of("status 0", status("0"), 400, "invalid-field", "/response/status"),
        Arguments.of("status 99", status("99"), 400, "invalid-field", "/response/status"),
        Arguments.of("status 600", status("600"), 400, "invalid-field", "/response/status"),
        Arguments.of("status 1000", status("1000"), 400, "invalid-field", "/response/status"),
        Arguments.of("status as a string", status("\"200\""), 400, "invalid-field", "/response/status"),
        Arguments.of("status as a fraction", status("200.5"), 400, "invalid-field", "/response/status"),
        Arguments.of("missing status", withResponse("{\"headers\":{}}"), 400, "invalid-field", "/response/status"),
        Arguments.of("invalid base64 body", withResponse("{\"status\":200,\"headers\":{},\"body\":\"***\",\"bodyEncoding\":\"base64\"}"), 400, "invalid-field", "/response/body"),
        Arguments.of("unknown body encoding", withResponse("{\"status\":200,\"headers\":{},\"body\":\"x\",\"bodyEncoding\":\"gzip\"}"), 400, "invalid-field", "/response/bodyEncoding"),
        Arguments.of("10,000 levels of nesting", deep(10_000), 400, "limit-exceeded", null),
        Arguments.of("duplicate keys", "{\"request\":{\"url\":{\"path\":\"/x\"},\"method\":\"GET\",\"method\":\"DELETE\",\"headers\":{}},"
            + "\"response\":{\"status\":200,\"headers\":{}}}", 400, "invalid-field", null),
        Arguments.of("unsupported version", "{\"version\":2," + valid(p -> p).substring(1), 400, "unsupported-version", "/version"),
        Arguments.of("operation id not an id", "{\"operationId\":\"a\\\"b\"," + valid(p -> p).substring(1), 400, "invalid-field", "/operationId"),
        Arguments.of("capturedAt not a time", "{\"capturedAt\":\"yesterday\"," + valid(p -> p).substring(1), 400, "invalid-field", "/capturedAt"));
  }

  private HttpResponse<String> post(String contentType, byte[] body, String signatureHeader) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (signatureHeader != null) {
      request.header("Parallel-Run-Signature", signatureHeader);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postSigned(String contentType, byte[] body) throws Exception {
    return post(contentType, body, signature.sign(body, Instant.now().getEpochSecond()));
  }

  private double skipped(String reason) {
    return registry.find(MeterNames.SKIPPED).tag(MeterNames.REASON, reason).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private double allSkipped() {
    return registry.find(MeterNames.SKIPPED).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private double checks() {
    return registry.find(MeterNames.CHECKS).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private void assertProblem(HttpResponse<String> response, int status, String slug, String pointer) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = MAPPER.readTree(response.body());
    assertThat(problem.path("type").asText()).isEqualTo("urn:parallel-run:problem:" + slug);
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("title").asText()).isNotEmpty();
    assertThat(problem.path("detail").asText()).isNotEmpty();
    if (pointer != null) {
      assertThat(problem.path("pointer").asText()).as(response.body()).isEqualTo(pointer);
    }
  }

  /** Nothing else happened: no check ran, nothing was replayed or queued, nobody else was contacted. */
  private void assertNothingElseHappened(double skippedBefore, int countedSkips) {
    assertThat(allSkipped()).isEqualTo(skippedBefore + countedSkips);
    assertThat(checks()).isZero();
    assertThat(receiver.backlog()).isZero();
    assertThat(endpointHits).isEmpty();
    assertThat(PROBE.requests).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPayloads")
  void invalidPayloadIsRefusedNamingTheField(String name, String body, int status, String slug, String pointer) throws Exception {
    double before = allSkipped();
    double invalidBefore = skipped("invalid_payload");
    assertProblem(postSigned("application/json", body.getBytes(StandardCharsets.UTF_8)), status, slug, pointer);
    assertThat(skipped("invalid_payload")).isEqualTo(invalidBefore + 1);
    assertNothingElseHappened(before, 1);
  }

  /** The same payloads as batch lines; an empty line is not a payload line (see the empty batch test). */
  static Stream<Arguments> invalidBatchLines() {
    return invalidPayloads().filter(a -> !((String) a.get()[1]).isEmpty());
  }

  @ParameterizedTest(name = "batch: {0}")
  @MethodSource("invalidBatchLines")
  void batchWithOnlyInvalidLinesIsRefusedListingEachLine(String name, String body, int status, String slug, String pointer) throws Exception {
    double before = allSkipped();
    String batch = body + "\n" + body + "\n";
    HttpResponse<String> response = postSigned("application/x-ndjson", batch.getBytes(StandardCharsets.UTF_8));
    assertProblem(response, 400, "invalid-batch", null);
    JsonNode rejected = MAPPER.readTree(response.body()).path("rejected");
    assertThat(rejected).hasSize(2);
    assertThat(rejected.get(0).path("line").asInt()).isEqualTo(1);
    assertThat(rejected.get(1).path("line").asInt()).isEqualTo(2);
    assertThat(rejected.get(0).path("detail").asText()).startsWith(slug + ":");
    assertNothingElseHappened(before, 2);
  }

  static Stream<Arguments> contentTypes() {
    return Stream.of(
        Arguments.of("text/plain"),
        Arguments.of("application/xml"),
        Arguments.of("application/json; charset=ISO-8859-1"),
        Arguments.of("multipart/form-data; boundary=x"),
        Arguments.of((Object) null));
  }

  @ParameterizedTest(name = "content type {0}")
  @MethodSource("contentTypes")
  void wrongContentTypeIs415(String contentType) throws Exception {
    double before = allSkipped();
    assertProblem(postSigned(contentType, valid(p -> p).getBytes(StandardCharsets.UTF_8)), 415, "unsupported-media-type", null);
    assertNothingElseHappened(before, 1);
  }

  @Test
  void unsignedWrongStaleAndMisappliedSignaturesAre401() throws Exception {
    byte[] body = valid(p -> p).getBytes(StandardCharsets.UTF_8);
    long now = Instant.now().getEpochSecond();
    PayloadSignature other = PayloadSignature.withSecret("another-secret-0123456789abcdef");
    List<Object[]> cases = new ArrayList<>();
    cases.add(new Object[] {null, "signature-missing"});
    cases.add(new Object[] {"", "signature-missing"});
    cases.add(new Object[] {"garbage", "signature-malformed"});
    cases.add(new Object[] {"t=abc,v1=00", "signature-malformed"});
    cases.add(new Object[] {other.sign(body, now), "signature-mismatch"});
    cases.add(new Object[] {signature.sign(body, now - 400), "signature-stale"});
    cases.add(new Object[] {signature.sign(body, now + 400), "signature-stale"});
    cases.add(new Object[] {signature.sign("{\"other\":1}".getBytes(StandardCharsets.UTF_8), now), "signature-mismatch"});
    cases.add(new Object[] {signature.sign(body, now).replace("t=" + now, "t=" + (now - 1)), "signature-mismatch"});
    for (Object[] c : cases) {
      double before = allSkipped();
      double unauthenticated = skipped("unauthenticated");
      assertProblem(post("application/json", body, (String) c[0]), 401, (String) c[1], null);
      assertThat(skipped("unauthenticated")).isEqualTo(unauthenticated + 1);
      assertNothingElseHappened(before, 1);
    }
  }

  @Test
  void bodyOverTheCapIs413WithAndWithoutContentLength() throws Exception {
    byte[] big = new byte[MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    double before = allSkipped();
    assertProblem(postSigned("application/json", big), 413, "too-large", null);
    assertNothingElseHappened(before, 1);

    // Chunked: no Content-Length, the cap is enforced while reading. A body far above the cap is
    // refused without being read to its end.
    byte[] huge = new byte[16 * MAX_BYTES];
    java.util.Arrays.fill(huge, (byte) ' ');
    double chunkedBefore = allSkipped();
    HttpRequest chunked = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .header("Parallel-Run-Signature", signature.sign(huge, Instant.now().getEpochSecond()))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)))
        .build();
    HttpResponse<String> response;
    try {
      response = CLIENT.send(chunked, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      // The server may close the connection while the client is still sending; then the answer is
      // lost on the client's side, but the receiver must still have counted and done nothing else.
      response = null;
    }
    if (response != null) {
      assertProblem(response, 413, "too-large", null);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> allSkipped() == chunkedBefore + 1);
    assertNothingElseHappened(chunkedBefore, 1);
  }

  @Test
  void emptyBatchIs400() throws Exception {
    double before = allSkipped();
    assertProblem(postSigned("application/x-ndjson", "\n\n".getBytes(StandardCharsets.UTF_8)), 400, "empty-batch", null);
    assertNothingElseHappened(before, 1);
  }

  @Test
  void otherMethodsAre405AndCountNothing() throws Exception {
    for (String method : new String[] {"GET", "PUT", "DELETE", "PATCH"}) {
      double before = allSkipped();
      HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
          .method(method, HttpRequest.BodyPublishers.ofString(valid(p -> p))).build(), HttpResponse.BodyHandlers.ofString());
      assertProblem(response, 405, "method-not-allowed", null);
      assertThat(response.headers().firstValue("Allow")).contains("POST");
      assertNothingElseHappened(before, 0);
    }
  }

  /** Proves that a valid payload is replayed to the candidate, and only there: the set-up above can see a replay. */
  @Test
  void aValidPayloadIsReplayedToTheCandidateOnly() throws Exception {
    // A separate receiver so that the other tests' "nothing happened" stays true whatever the order.
    SimpleMeterRegistry ownRegistry = new SimpleMeterRegistry();
    ConcurrentLinkedQueue<String> hits = new ConcurrentLinkedQueue<>();
    try (JettyApp app = new JettyApp().servlet("/*", new HttpServlet() {
          @Override
          protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            hits.add(req.getMethod() + " " + req.getRequestURI() + "?" + req.getQueryString() + " "
                + req.getHeader("Parallel-Run-Replay") + " " + req.getHeader("Host"));
            resp.setContentType("application/json");
            resp.getWriter().write("{\"ok\":true}");
          }
        }).start();
        ConsistencyCheckServlet own = ConsistencyCheckServlet.builder().secret(SECRET).replayTo(app.baseUrl())
            .meterRegistry(ownRegistry)
            .policies(OperationPolicies.ofDefaults())
            .build();
        JettyApp front = new JettyApp().servlet("/consistency-checks/*", own).start()) {
      byte[] body = valid(p -> p).replace("\"Accept\":\"application/json\"",
          "\"Accept\":\"application/json\",\"Host\":\"" + PROBE_HOST + "\",\"X-Forwarded-Host\":\"" + PROBE_HOST + "\"")
          .getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(front.url("/consistency-checks")))
          .header("Content-Type", "application/json")
          .header("Parallel-Run-Signature", signature.sign(body, Instant.now().getEpochSecond()))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(202);
      String id = MAPPER.readTree(response.body()).path("id").asText();
      assertThat(id).matches("[A-Za-z0-9_-]{16}-[0-9a-z]+");
      await().atMost(Duration.ofSeconds(10)).until(() -> ownRegistry.find(MeterNames.CHECKS).counters().stream()
          .mapToDouble(c -> c.count()).sum() == 1);
      assertThat(hits).containsExactly("GET /api/example?param=something " + id + " 127.0.0.1:" + app.port());
      assertThat(ownRegistry.get(MeterNames.CHECKS).tag(MeterNames.RESULT, "matched").counter().count()).isEqualTo(1);
      assertThat(PROBE.requests).isEmpty();
    }
  }
}
