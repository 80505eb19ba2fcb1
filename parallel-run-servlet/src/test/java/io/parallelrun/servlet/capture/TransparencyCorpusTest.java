package io.parallelrun.servlet.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.metrics.SkipReason;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.servlet.capture.Shapes.Expect;
import io.parallelrun.servlet.capture.Shapes.Shape;
import io.parallelrun.servlet.publish.ConsistencyCheckPublisher;
import io.parallelrun.servlet.testing.Jetty;
import io.parallelrun.servlet.testing.RawHttp;
import io.parallelrun.servlet.testing.TestReceiver;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shape of the corpus is requested from the same application with and without the filter:
 * the client must get byte-for-byte the same status line, headers (except {@code Date}) and body,
 * framing included. The capture that reaches a receiver double (signature verified, payload
 * decoded) must hold exactly what was sent, be marked truncated, or be skipped with the right
 * reason.
 */
class TransparencyCorpusTest {

  private static final String SECRET = "a-test-secret-of-enough-length";
  /** Headers the container adds while sending, which the application never set. */
  private static final Set<String> TRANSPORT_HEADERS =
      Set.of("date", "content-length", "transfer-encoding", "connection", "server");

  static SimpleMeterRegistry registry;
  static TestReceiver receiver;
  static ConsistencyCheckPublisher publisher;
  static Jetty plain;
  static Jetty filtered;
  /** Requests sent through the filter so far: each ends in exactly one published or skipped count. */
  static final AtomicInteger sentThroughFilter = new AtomicInteger();

  @BeforeAll
  static void start() {
    registry = new SimpleMeterRegistry();
    receiver = new TestReceiver(SECRET);
    publisher = ConsistencyCheckPublisher.builder()
        .candidateUrl(receiver.url())
        .secret(SECRET)
        .meterRegistry(registry)
        .batchDelay(Duration.ofMillis(20))
        .build();
    ParallelRunFilter filter = ParallelRunFilter.builder()
        .publisher(publisher)
        .router(OperationRouter.builder().route("/shape/**", "shapes").route("/write/**", "writes").build())
        .policies(OperationPolicies.builder().operation("shapes", p -> p.idempotent(true)).build())
        .maxBodyBytes(Shapes.CAP)
        .build();
    plain = Jetty.start(new Shapes.ShapeServlet(), null);
    filtered = Jetty.start(new Shapes.ShapeServlet(), filter);
  }

  @AfterAll
  static void stop() {
    filtered.close();
    plain.close();
    publisher.close();
    receiver.close();
  }

  static Stream<Shape> shapes() {
    return Shapes.all().stream();
  }

  @Test
  void theCorpusHasEnoughShapes() {
    assertThat(Shapes.all()).hasSizeGreaterThanOrEqualTo(25);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void clientGetsTheSameBytesWithAndWithoutTheFilter(Shape shape) throws Exception {
    RawHttp.Response without = RawHttp.exchange(plain.port(), shape.request(UUID.randomUUID().toString()));
    RawHttp.Response with = exchangeThroughFilter(shape.request(UUID.randomUUID().toString()));

    assertThat(with.statusLine).isEqualTo(without.statusLine);
    assertThat(with.headersWithoutDate()).containsExactlyElementsOf(without.headersWithoutDate());
    assertThat(with.rawBody).as("body with framing").isEqualTo(without.rawBody);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void captureHoldsWhatWasSentOrSaysWhyNot(Shape shape) throws Exception {
    String id = UUID.randomUUID().toString();
    // captures of earlier requests may still be on their way: let them land in their counters first
    await().atMost(Duration.ofSeconds(30)).until(() -> published() + skipped(null) == sentThroughFilter.get());
    double publishedBefore = published();
    double skippedBefore = skipped(null);
    double reasonBefore = skipped(reasonOf(shape.expect));

    RawHttp.Response client = exchangeThroughFilter(shape.request(id));

    if (reasonOf(shape.expect) != null) {
      await().atMost(Duration.ofSeconds(10)).until(() -> skipped(reasonOf(shape.expect)) == reasonBefore + 1);
      assertThat(skipped(null)).isEqualTo(skippedBefore + 1);
      assertThat(published()).isEqualTo(publishedBefore);
      assertThat(receiver.byTestId).doesNotContainKey(id);
      return;
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.byTestId.containsKey(id));
    ConsistencyCheckPayload payload = receiver.byTestId.get(id);
    assertThat(skipped(null)).isEqualTo(skippedBefore);
    assertThat(payload.operationId()).isEqualTo("shapes");
    assertThat(payload.capturedAt()).isNotNull();
    assertThat(payload.legacyLatencyMicros()).isPresent();

    CapturedRequest request = payload.request();
    assertThat(request.method()).isEqualTo(shape.method);
    assertThat(request.target()).isEqualTo(shape.path);
    assertThat(request.headers().first("X-Test-Id")).isEqualTo(id);
    assertThat(request.headers().first("Accept-Language")).isEqualTo("de-DE");
    if (shape.expect == Expect.FORM) {
      assertThat(formParameters(request.body())).isEqualTo(formParameters(shape.body));
      assertThat(request.truncated()).isFalse();
    } else if (shape.expect == Expect.REQUEST_TRUNCATED) {
      assertThat(request.truncated()).isTrue();
      assertThat(request.body()).isEqualTo(Arrays.copyOf(shape.body, Shapes.CAP));
    } else if (shape.body == null) {
      assertThat(request.body()).isNull();
      assertThat(request.truncated()).isFalse();
    } else {
      assertThat(request.body()).isEqualTo(shape.body);
      assertThat(request.truncated()).isFalse();
    }

    CapturedResponse response = payload.response();
    assertThat(response.status()).isEqualTo(client.status());
    switch (shape.expect) {
      case EXACT:
      case FORM:
      case REQUEST_TRUNCATED:
        assertThat(response.truncated()).isFalse();
        assertThat(response.body()).isEqualTo(client.body());
        assertThat(headerLines(response)).isEqualTo(clientHeaderLines(client));
        break;
      case RESPONSE_TRUNCATED:
        assertThat(response.truncated()).isTrue();
        assertThat(client.body().length).isGreaterThan(Shapes.CAP);
        assertThat(response.body()).isEqualTo(Arrays.copyOf(client.body(), Shapes.CAP));
        assertThat(headerLines(response)).isEqualTo(clientHeaderLines(client));
        break;
      case NO_BODY:
        assertThat(response.body()).isNull();
        assertThat(client.body()).isEmpty();
        assertThat(headerLines(response)).isEqualTo(clientHeaderLines(client));
        break;
      case CONTAINER_BODY:
        assertThat(response.truncated()).isTrue();
        byte[] prefix = response.body() == null ? new byte[0] : response.body();
        assertThat(Arrays.copyOf(client.body(), prefix.length)).isEqualTo(prefix);
        break;
      default:
        throw new AssertionError(shape.expect);
    }
  }

  private static SkipReason reasonOf(Expect expect) {
    switch (expect) {
      case SKIPPED_APPLICATION_ERROR:
        return SkipReason.APPLICATION_ERROR;
      case SKIPPED_MULTIPART:
        return SkipReason.MULTIPART;
      case SKIPPED_REPLAY:
        return SkipReason.REPLAY;
      case SKIPPED_NON_IDEMPOTENT:
        return SkipReason.NON_IDEMPOTENT;
      default:
        return null;
    }
  }

  static double skipped(SkipReason reason) {
    return registry.find(MeterNames.SKIPPED).counters().stream()
        .filter(c -> reason == null || reason.tag().equals(c.getId().getTag(MeterNames.REASON)))
        .mapToDouble(Counter::count)
        .sum();
  }

  private static RawHttp.Response exchangeThroughFilter(byte[] request) throws Exception {
    sentThroughFilter.incrementAndGet();
    return RawHttp.exchange(filtered.port(), request);
  }

  static double published() {
    return registry.find(MeterNames.PUBLISHED).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static List<String> headerLines(CapturedResponse response) {
    List<String> lines = new ArrayList<>();
    response.headers().forEach((name, values) -> {
      if (!TRANSPORT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(v -> lines.add(name.toLowerCase(Locale.ROOT) + ": " + v));
      }
    });
    lines.sort(null);
    return lines;
  }

  private static List<String> clientHeaderLines(RawHttp.Response client) {
    List<String> lines = new ArrayList<>();
    for (String[] h : client.headers) {
      if (!TRANSPORT_HEADERS.contains(h[0].toLowerCase(Locale.ROOT))) {
        lines.add(h[0].toLowerCase(Locale.ROOT) + ": " + h[1]);
      }
    }
    lines.sort(null);
    return lines;
  }

  private static Map<String, List<String>> formParameters(byte[] body) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    Map<String, List<String>> sorted = new java.util.TreeMap<>(params);
    return sorted;
  }
}
