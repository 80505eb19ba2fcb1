package io.parallelrun.servlet.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.servlet.testing.FaultProxy;
import io.parallelrun.servlet.testing.FaultProxy.Fault;
import io.parallelrun.servlet.testing.LatencyLoad;
import io.parallelrun.servlet.testing.LatencyLoad.Call;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A proxy between the legacy publisher and the real receiver of a candidate application injects
 * each fault in turn, and then all of them flipping every 40 ms. For every fault: every client
 * request of the legacy application succeeds; the legacy p99 under the fault stays close to the
 * fault-free p99 measured on the same server just before and just after; and the accounting
 * identities hold exactly: captured = published outcomes + skipped on the legacy side, received =
 * checked + skipped on the candidate side, and received = published-and-accepted + what the
 * receiver took but whose answer the proxy cut off; no request is replayed twice.
 *
 * <p>Each run prints its figures (lines starting with {@code fault}); {@code
 * -Dparallelrun.faults.requests=20000} measures longer.
 */
class FaultInjectionTest {

  /** Requests under each fault, and fault-free around it. */
  static final int REQUESTS = Integer.getInteger("parallelrun.faults.requests", 2000);
  static final int THREADS = 4;
  static final int WARMUP = 1500;
  static final int RECOVERY = 300;
  /**
   * How far the p99 under a fault may be above the fault-free p99. Generous, for two shared noisy
   * cores; still meaningful: a request thread that waited for the candidate would wait at least
   * the proxy's 500 ms slow answer, or the publisher's 500 ms connect or 5 s request timeout.
   */
  static final long P99_MARGIN_MICROS = 50_000;

  private CandidateApp candidate;
  private FaultProxy proxy;
  private LegacyApp legacy;

  @BeforeEach
  void start() throws Exception {
    candidate = new CandidateApp();
    proxy = new FaultProxy(candidate.port()).slowDelay(Duration.ofMillis(500));
    // smaller batches than the default 200: more POSTs, so more of them meet a flipping fault
    legacy = new LegacyApp(proxy.url("/consistency-checks"), b -> b.batchMaxPayloads(50),
        OperationRouter.empty(), OperationPolicies.ofDefaults());
  }

  @AfterEach
  void stop() throws Exception {
    legacy.close();
    proxy.close();
    candidate.close();
  }

  private LatencyLoad.Result load(String phase, int requests) throws Exception {
    return LatencyLoad.run(legacy.port(), requests, THREADS,
        i -> Call.get("/returns/" + i, "X-Test-Id", phase + "-" + i),
        body -> body.equals(LegacyApp.body("/returns/" + body.substring(18, body.indexOf('"', 18)))));
  }

  private void awaitDelivered(String phase, int requests) {
    await().atMost(Duration.ofSeconds(60)).until(() ->
        IntStream.range(0, requests).allMatch(i -> candidate.endpoints.replaysByTestId.containsKey(phase + "-" + i)));
  }

  /** Fault-free, then under the fault (or faults), then fault-free again once all is accounted for. */
  private Runs measure(Runnable faultOn, Runnable faultOff) throws Exception {
    return measure(faultOn, faultOff, REQUESTS);
  }

  private Runs measure(Runnable faultOn, Runnable faultOff, int underFault) throws Exception {
    LatencyLoad.Result warmup = load("warmup", WARMUP);
    LatencyLoad.Result before = load("before", REQUESTS / 2);
    awaitDelivered("before", REQUESTS / 2);
    faultOn.run();
    LatencyLoad.Result faulty;
    try {
      faulty = load("fault", underFault);
    } finally {
      faultOff.run();
      proxy.fault(Fault.NONE);
    }
    int captured = WARMUP + REQUESTS / 2 + underFault;
    await().atMost(Duration.ofSeconds(60)).until(() -> legacy.accounted() == captured);
    LatencyLoad.Result after = load("after", REQUESTS - REQUESTS / 2);
    awaitDelivered("after", REQUESTS - REQUESTS / 2);
    await().atMost(Duration.ofSeconds(60)).until(() -> legacy.accounted() == captured + REQUESTS - REQUESTS / 2);
    return new Runs(warmup, before.and(after), faulty, captured + REQUESTS - REQUESTS / 2);
  }

  private static final class Runs {
    final LatencyLoad.Result warmup;
    final LatencyLoad.Result faultFree;
    final LatencyLoad.Result faulty;
    final int captured;

    Runs(LatencyLoad.Result warmup, LatencyLoad.Result faultFree, LatencyLoad.Result faulty, int captured) {
      this.warmup = warmup;
      this.faultFree = faultFree;
      this.faulty = faulty;
      this.captured = captured;
    }
  }

  private void report(String name, Runs runs) {
    System.out.printf("fault %-14s fault-free: %s%n", name, runs.faultFree);
    System.out.printf("fault %-14s with fault: %s; p99 delta %+.3f ms%n", name, runs.faulty,
        (runs.faulty.p99Micros() - runs.faultFree.p99Micros()) / 1000.0);
    String served = Arrays.stream(Fault.values()).map(f -> f + "=" + proxy.served(f)).collect(Collectors.joining(" "));
    System.out.printf("fault %-14s legacy %s; candidate received %.0f; proxy %s, unconfirmed %d%n", name,
        legacy.figures(), candidate.received(), served, proxy.receivedButUnconfirmed());
    System.out.printf("fault %-14s candidate %s; replayed twice: %s%n", name, candidate.figures(),
        candidate.endpoints.replaysByTestId.entrySet().stream().filter(e -> e.getValue().get() > 1)
            .map(e -> e.getKey()).collect(Collectors.toList()));
  }

  private void assertAccountedExactly(Runs runs) {
    assertThat(runs.warmup.ok).isEqualTo(WARMUP);
    assertThat(runs.faultFree.ok).isEqualTo(REQUESTS);
    assertThat(runs.faulty.ok).as("client requests under the fault that succeeded").isEqualTo(runs.faulty.requests);
    assertThat(runs.faulty.p99Micros()).isLessThanOrEqualTo(runs.faultFree.p99Micros() + P99_MARGIN_MICROS);
    assertThat(legacy.accounted()).as("captured = published outcomes + skipped").isEqualTo(runs.captured);
    double expected = legacy.accepted() + proxy.receivedButUnconfirmed();
    await().atMost(Duration.ofSeconds(60)).until(() -> candidate.received() >= expected && candidate.receiver.backlog() == 0);
    assertThat(candidate.received()).as("received = published-and-accepted + taken but unconfirmed").isEqualTo(expected);
    assertThat(legacy.published(MeterNames.OUTCOME_REJECTED)).isZero();
    // Seen once in many runs: a replayed GET that reached the endpoints twice while checked once.
    // The JDK client resends a GET by itself when a pooled connection closes before the answer;
    // the accounting is unaffected. A systematic double replay would show far above this bound.
    assertThat(candidate.replayedTwice()).as("requests replayed twice")
        .isLessThanOrEqualTo(1 + (long) candidate.received() / 1000);
    assertThat(candidate.endpoints.unmarked).as("requests on the candidate that were not replays").hasValue(0);
  }

  @ParameterizedTest
  @EnumSource(value = Fault.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
  void theLegacyApplicationDoesNotNoticeAFaultAndNothingIsLost(Fault fault) throws Exception {
    Runs runs = measure(() -> proxy.fault(fault), () -> { });
    report(fault.name(), runs);
    assertAccountedExactly(runs);
    if (fault == Fault.SLOW) {
      assertThat(proxy.served(fault)).isPositive();
      awaitDelivered("fault", REQUESTS); // late, but every one of them
      assertThat(legacy.published(MeterNames.OUTCOME_ERROR)).isZero();
    } else {
      // the fault happened, and the publisher counted what it cost
      assertThat(proxy.served(fault) + (fault == Fault.REFUSE ? 1 : 0)).isPositive();
      assertThat(legacy.published(MeterNames.OUTCOME_ERROR)).isPositive();
    }
    if (fault == Fault.RESET_RESPONSE) {
      assertThat(proxy.receivedButUnconfirmed()).isPositive();
    } else {
      assertThat(proxy.receivedButUnconfirmed()).isZero();
    }
  }

  @Test
  void faultsFlippingDuringARunLoseNothing() throws Exception {
    Random random = new Random(8);
    // GARBAGE has its own case (and the soak mixes it in): an answer that is not HTTP pauses posting
    // for a second, which would leave the other faults of this short run few POSTs to meet
    Fault[] faults = Arrays.stream(Fault.values()).filter(f -> f != Fault.GARBAGE).toArray(Fault[]::new);
    ScheduledExecutorService flipper = Executors.newSingleThreadScheduledExecutor();
    AtomicReference<RuntimeException> chaosFailure = new AtomicReference<>();
    Runs runs = measure(
        () -> flipper.scheduleAtFixedRate(
            // half of the time fault-free, so that the publisher's back-off does not hide the faults
            () -> {
              try {
                proxy.fault(random.nextBoolean() ? Fault.NONE : faults[1 + random.nextInt(faults.length - 1)]);
              } catch (RuntimeException e) {
                chaosFailure.compareAndSet(null, e); // a throwing task would silently end the flipping
              }
            },
            0, 40, TimeUnit.MILLISECONDS),
        () -> {
          flipper.shutdownNow();
          try {
            assertThat(flipper.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        },
        // long enough for many flips on a fast machine too (6,000 requests once took a second,
        // and only two kinds of fault met a POST)
        10 * REQUESTS);
    report("FLIPPING", runs);
    assertThat(chaosFailure.get()).as("the fault schedule failed").isNull();
    assertAccountedExactly(runs);
    assertThat(Arrays.stream(faults).filter(f -> f != Fault.NONE && f != Fault.REFUSE && proxy.served(f) > 0).count())
        .as("faults that met requests").isGreaterThanOrEqualTo(3);
    assertThat(legacy.published(MeterNames.OUTCOME_ERROR)).isPositive();
  }
}
