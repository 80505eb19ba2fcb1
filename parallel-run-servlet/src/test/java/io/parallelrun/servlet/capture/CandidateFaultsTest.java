package io.parallelrun.servlet.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.servlet.publish.ConsistencyCheckPublisher;
import io.parallelrun.servlet.testing.FaultyCandidate;
import io.parallelrun.servlet.testing.FaultyCandidate.Fault;
import io.parallelrun.servlet.testing.Jetty;
import io.parallelrun.servlet.testing.Load;
import io.parallelrun.servlet.testing.Meters;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A candidate that is down, hangs, is slow, fails or talks garbage never affects the legacy
 * application's clients, and every request still ends in exactly one counter.
 */
class CandidateFaultsTest {

  private static final String SECRET = "a-test-secret-of-enough-length";
  private static final String BODY = "{\"items\":[" + "\"x\",".repeat(500) + "\"y\"]}";

  /** Counts the requests it serves: the JDK client may resend a GET whose connection closed, so the server can see more requests than the client made. */
  static final class JsonServlet extends HttpServlet {
    final AtomicLong served = new AtomicLong();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      served.incrementAndGet();
      resp.setContentType("application/json");
      resp.getWriter().write(BODY);
    }
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void everyClientRequestSucceedsAndTheCountersAddUp(Fault fault) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    int requests = 300;
    try (FaultyCandidate candidate = new FaultyCandidate(fault)) {
      ConsistencyCheckPublisher publisher = ConsistencyCheckPublisher.builder()
          .candidateUrl(candidate.url())
          .secret(SECRET)
          .meterRegistry(registry)
          .batchDelay(Duration.ofMillis(10))
          .batchMaxPayloads(20)
          .connectTimeout(Duration.ofMillis(500))
          .requestTimeout(Duration.ofSeconds(1))
          .maxQueuePayloads(100)
          .closeTimeout(Duration.ofMillis(500))
          .build();
      ParallelRunFilter filter = ParallelRunFilter.builder().publisher(publisher).build();
      JsonServlet app = new JsonServlet();
      try (Jetty legacy = Jetty.start(app, filter)) {
        long started = System.nanoTime();
        int ok = Load.run(requests, 8, i -> Load.get(legacy.url("/returns/" + i)),
            r -> r.statusCode() == 200 && r.body().equals(BODY));
        assertThat(ok).isEqualTo(requests);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
      } finally {
        publisher.close();
      }
      double published = Meters.published(registry, null);
      double skipped = Meters.skipped(registry, null);
      assertThat(app.served.get()).isGreaterThanOrEqualTo(requests);
      assertThat(skipped + published).isEqualTo(app.served.get());
      assertThat(skipped).isZero();
      assertThat(Meters.published(registry, MeterNames.OUTCOME_ACCEPTED)
              + Meters.published(registry, MeterNames.OUTCOME_REJECTED)
              + Meters.published(registry, MeterNames.OUTCOME_ERROR)
              + Meters.published(registry, MeterNames.OUTCOME_DROPPED))
          .isEqualTo(published);
      assertThat(Meters.published(registry, MeterNames.OUTCOME_ACCEPTED)).isZero();
      assertThat(Meters.published(registry, MeterNames.OUTCOME_ERROR) + Meters.published(registry, MeterNames.OUTCOME_DROPPED))
          .isEqualTo(app.served.get());
      if (fault == Fault.REFUSED || fault == Fault.ANSWER_500 || fault == Fault.GARBAGE) {
        // answers come fast: at least the first batches end as errors before close() gives up
        assertThat(Meters.published(registry, MeterNames.OUTCOME_ERROR)).isPositive();
      }
      if (fault != Fault.REFUSED) {
        assertThat(candidate.connections.get()).isPositive();
      }
    }
  }

  @Test
  void aDeadCandidateNeverLetsTheQueueExceedItsByteBound() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    long maxBytes = 256 * 1024;
    int requests = 20_000;
    try (FaultyCandidate candidate = new FaultyCandidate(Fault.HANG)) {
      ConsistencyCheckPublisher publisher = ConsistencyCheckPublisher.builder()
          .candidateUrl(candidate.url())
          .secret(SECRET)
          .meterRegistry(registry)
          .maxQueueBytes(maxBytes)
          .requestTimeout(Duration.ofSeconds(2))
          .closeTimeout(Duration.ofMillis(200))
          .build();
      ParallelRunFilter filter = ParallelRunFilter.builder().publisher(publisher).build();
      AtomicBoolean sampling = new AtomicBoolean(true);
      AtomicLong maxSeen = new AtomicLong();
      AtomicLong maxGauge = new AtomicLong();
      AtomicLong samples = new AtomicLong();
      Thread sampler = new Thread(() -> {
        while (sampling.get()) {
          maxSeen.accumulateAndGet(publisher.queueBytes(), Math::max);
          maxGauge.accumulateAndGet(
              (long) registry.get(MeterNames.QUEUE_BYTES).tag(MeterNames.SIDE, "legacy").gauge().value(), Math::max);
          samples.incrementAndGet();
          Thread.onSpinWait();
        }
      });
      sampler.start();
      JsonServlet app = new JsonServlet();
      try (Jetty legacy = Jetty.start(app, filter)) {
        int ok = Load.run(requests, 8, i -> Load.get(legacy.url("/returns/" + i)),
            r -> r.statusCode() == 200 && r.body().equals(BODY));
        assertThat(ok).isEqualTo(requests);
      } finally {
        sampling.set(false);
        sampler.join();
        publisher.close();
      }
      assertThat(samples.get()).isGreaterThan(1000);
      assertThat(maxSeen.get()).isPositive().isLessThanOrEqualTo(maxBytes);
      assertThat(maxGauge.get()).isPositive().isLessThanOrEqualTo(maxBytes);
      assertThat(Meters.published(registry, MeterNames.OUTCOME_DROPPED)).isPositive();
      assertThat(app.served.get()).isGreaterThanOrEqualTo(requests);
      assertThat(Meters.published(registry, null) + Meters.skipped(registry, null)).isEqualTo(app.served.get());
    }
  }
}
