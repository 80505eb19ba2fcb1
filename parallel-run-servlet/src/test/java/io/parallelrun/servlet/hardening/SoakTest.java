package io.parallelrun.servlet.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.servlet.testing.ClassHistogram;
import io.parallelrun.servlet.testing.FaultProxy;
import io.parallelrun.servlet.testing.FaultProxy.Fault;
import io.parallelrun.servlet.testing.LatencyLoad;
import io.parallelrun.servlet.testing.LatencyLoad.Call;
import io.parallelrun.servlet.testing.Meters;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A bounded soak: mixed traffic over several operations through legacy -> publisher -> fault proxy
 * -> receiver -> replay -> comparison, with random faults all along and a restart of the candidate
 * in the middle. Afterwards every identity holds exactly, and neither threads nor the heap (after
 * GC) grew across the run.
 *
 * <p>60 seconds of traffic by default; {@code -Dparallelrun.soak.duration=PT30M} runs longer (see {@code
 * docs/hardening.md}).
 */
class SoakTest {

  static final Duration DURATION = Duration.parse(System.getProperty("parallelrun.soak.duration", "PT60S"));
  static final int THREADS = 2;
  static final int ROUND = 600;
  /**
   * Heap growth allowed across the run, after GC: caches that fill up to their bound (Jetty keeps up
   * to 1,024 filter chains, one per path seen) and what the JIT and class loading add. A leak of
   * anything per request is above it within the minute: the JDK HTTP client's hold on connections
   * that answered garbage, about 256 KiB each before the publisher paused on such answers and let
   * go of sent bodies, grew the heap by 17-37 MiB a minute.
   */
  static final long HEAP_SLACK_BYTES = 8L * 1024 * 1024;
  /**
   * Threads allowed above the start, besides the test servers' Jetty pools: cached pools that
   * breathe with the load. Jetty's pools ({@code qtp...}) are left out: after a peak they give back
   * one idle thread per idle timeout (60 s), so their size says nothing within the wait.
   */
  static final int THREAD_SLACK = 8;

  private final AtomicInteger sequence = new AtomicInteger();
  private final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();

  /** The operations, by request index: what each one is and what the candidate answers to it. */
  private Call call(int i) {
    int n = sequence.incrementAndGet();
    String id = "s-" + n;
    switch (i % 8) {
      case 0:
      case 1:
      case 2:
        return count("getReturn", Call.get("/returns/" + n, "X-Test-Id", id));
      case 3:
        return count("getOrder", Call.get("/orders/" + n, "X-Test-Id", id)); // sampled at half; differs at times
      case 4:
        return count("searchReturns", Call.get("/returns?customer=" + (n % 97), "X-Test-Id", id));
      case 5:
        return count("createReturn", Call.post("/returns", "{\"order\":" + n + "}", "X-Test-Id", id));
      case 6:
        return count("createOrder", Call.post("/orders", "{\"n\":" + n + "}", "X-Test-Id", id)); // not idempotent
      default:
        return count("health", Call.get("/health", "X-Test-Id", id)); // excluded
    }
  }

  private Call count(String operation, Call call) {
    sent.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    return call;
  }

  @Test
  void mixedTrafficWithFaultsAndACandidateRestartLosesNothingAndLeaksNothing() throws Exception {
    OperationRouter router = OperationRouter.builder()
        .route("GET /returns/{id}", "getReturn")
        .route("GET /returns", "searchReturns")
        .route("POST /returns", "createReturn")
        .route("GET /orders/{id}", "getOrder")
        .route("POST /orders", "createOrder")
        .build();
    OperationPolicies policies = OperationPolicies.builder()
        .operation("getOrder", p -> p.sampleRate(0.5))
        .operation("createReturn", p -> p.idempotent(true))
        .build();
    List<SimpleMeterRegistry> candidateLives = new ArrayList<>();
    List<Map<String, AtomicInteger>> replaysPerLife = new ArrayList<>();
    AtomicReference<CandidateApp> candidate = new AtomicReference<>(new CandidateApp(policies, b -> b));
    FaultProxy proxy = new FaultProxy(candidate.get().port()).slowDelay(Duration.ofMillis(300));
    LegacyApp legacy = new LegacyApp(proxy.url("/consistency-checks"), b -> b.batchMaxPayloads(50), router, policies,
        request -> request.getRequestURI().startsWith("/health"));
    ScheduledExecutorService chaos = Executors.newSingleThreadScheduledExecutor();
    AtomicReference<RuntimeException> chaosFailure = new AtomicReference<>();
    int requests = 0;
    int rounds = 0;
    long[] heap = new long[2];
    Map<String, Integer> threadsBefore;
    Map<String, Integer> threadsAfter;
    boolean restarted;
    try {
      // warm-up round, then the starting point for threads and heap
      requests += round(legacy);
      await().atMost(Duration.ofSeconds(60)).until(() -> legacy.accounted() == sent.values().stream().mapToInt(AtomicInteger::get).sum()
          && candidate.get().receiver.backlog() == 0);
      ClassHistogram histogramBefore = ClassHistogram.take(); // first, so that both heap figures include it
      heap[0] = usedHeapAfterGc();
      threadsBefore = threadsByGroup();

      Random random = new Random(42);
      Fault[] faults = Fault.values();
      chaos.scheduleAtFixedRate(() -> {
        try {
          proxy.fault(random.nextInt(10) < 7 ? Fault.NONE : faults[1 + random.nextInt(faults.length - 1)]);
        } catch (RuntimeException e) {
          chaosFailure.compareAndSet(null, e); // a throwing task would silently end the chaos
        }
      }, 0, 250, TimeUnit.MILLISECONDS);
      long start = System.nanoTime();
      long end = start + DURATION.toNanos();
      boolean restartDone = false;
      while (System.nanoTime() < end) {
        if (!restartDone && System.nanoTime() - start > DURATION.toNanos() / 2) {
          // the restart, while the load goes on from the other threads' point of view: the proxy
          // keeps its port, the new instance listens on another one, as behind a load balancer
          CandidateApp old = candidate.get();
          Thread restarter = new Thread(() -> {
            old.close();
            CandidateApp fresh = new CandidateApp(policies, b -> b);
            candidate.set(fresh);
            proxy.upstream(fresh.port());
          }, "soak-restart");
          restarter.start();
          requests += round(legacy);
          restarter.join(TimeUnit.SECONDS.toMillis(60));
          assertThat(restarter.isAlive()).isFalse();
          candidateLives.add(old.registry);
          replaysPerLife.add(old.endpoints.replaysByTestId);
          restartDone = true;
        } else {
          requests += round(legacy);
        }
        rounds++;
      }
      restarted = restartDone;
      assertThat(chaosFailure.get()).as("the fault schedule failed").isNull();
      chaos.shutdownNow();
      assertThat(chaos.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      proxy.fault(Fault.NONE);

      int captured = requests;
      await().atMost(Duration.ofSeconds(120)).until(() -> legacy.accounted() == captured);
      CandidateApp last = candidate.get();
      double expected = legacy.accepted() + legacy.published(MeterNames.OUTCOME_REJECTED) + proxy.receivedButUnconfirmed();
      await().atMost(Duration.ofSeconds(120)).until(() ->
          received(candidateLives) + last.received() >= expected && last.receiver.backlog() == 0);

      System.out.printf("soak: %s, %d rounds, %d requests, restarted %s; legacy %s; candidate received %.0f "
              + "(before the restart %.0f); proxy unconfirmed %d, served %s%n", DURATION, rounds, requests, restarted,
          legacy.figures(), received(candidateLives) + last.received(), received(candidateLives),
          proxy.receivedButUnconfirmed(), servedByFault(proxy));
      System.out.printf("soak: candidate before restart: %s; replayed twice: %d%n", figures(candidateLives),
          replaysPerLife.stream().mapToLong(m -> m.values().stream().filter(n -> n.get() > 1).count()).sum()
              + last.replayedTwice());
      System.out.printf("soak: candidate after restart: %s%n", last.figures());

      // every client request good; the legacy identity: captured = published outcomes + skipped
      assertThat(legacy.accounted()).isEqualTo(captured);
      // the candidate identity holds by construction of received(); the cross-side identity:
      assertThat(received(candidateLives) + last.received()).as("received = published-and-accepted (+ taken but unconfirmed)")
          .isEqualTo(expected);
      assertThat(restarted).isTrue();
      assertThat(received(candidateLives)).as("received before the restart").isPositive();
      assertThat(last.received()).as("received after the restart").isPositive();
      long twice = replaysPerLife.stream().mapToLong(m -> m.values().stream().filter(n -> n.get() > 1).count()).sum()
          + last.replayedTwice();
      // see FaultInjectionTest: the JDK client may resend a GET by itself; checks are not counted twice
      assertThat(twice).as("requests replayed twice").isLessThanOrEqualTo(1 + (long) expected / 1000);
      assertThat(Meters.skipped(legacy.registry, "createOrder", "non_idempotent")).isEqualTo(sent.get("createOrder").get());
      assertThat(Meters.skipped(legacy.registry, "unmapped", "excluded")).isEqualTo(sent.get("health").get());
      assertThat(Meters.skipped(legacy.registry, "getOrder", "not_sampled")).isPositive();
      SimpleMeterRegistry all = last.registry;
      assertThat(checks(candidateLives, all, "getReturn", "unmatched")).isZero();
      assertThat(checks(candidateLives, all, "getReturn", "matched")).isPositive();
      assertThat(checks(candidateLives, all, "searchReturns", "matched")).isPositive();
      assertThat(checks(candidateLives, all, "createReturn", "matched")).isPositive();
      assertThat(checks(candidateLives, all, "getOrder", "unmatched")).isPositive();
      assertThat(checks(candidateLives, all, "getOrder", "failed")).isPositive();
      assertThat(proxy.served(Fault.NONE)).isPositive();

      // no growth: the heap after GC, and threads, once the pools are back to their usual size;
      // the test's own per-request bookkeeping goes first
      replaysPerLife.clear();
      last.endpoints.replaysByTestId = new ConcurrentHashMap<>();
      heap[1] = usedHeapAfterGc();
      System.out.printf("soak: heap used after GC %.1f MiB at the start, %.1f MiB at the end%n",
          heap[0] / 1048576.0, heap[1] / 1048576.0);
      System.out.printf("soak: live objects grown most (bytes, instances, class):%n%s",
          ClassHistogram.take().growthSince(histogramBefore, 15));
      assertThat(heap[1]).as("heap after GC at the end").isLessThanOrEqualTo(heap[0] + HEAP_SLACK_BYTES);
      Map<String, Integer> before = threadsBefore;
      try {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
          System.gc(); // lets the JDK HTTP clients of the stopped candidate go
          Map<String, Integer> now = threadsByGroup();
          return totalBesidesJettyPools(now) <= totalBesidesJettyPools(before) + THREAD_SLACK
              && libraryThreadsDidNotGrow(before, now);
        });
      } finally {
        threadsAfter = threadsByGroup();
        System.out.printf("soak: threads at the start %d %s%n", total(before), before);
        System.out.printf("soak: threads at the end   %d %s%n", total(threadsAfter), threadsAfter);
      }
    } finally {
      chaos.shutdownNow();
      legacy.close();
      proxy.close();
      candidate.get().close();
    }
  }

  private int round(LegacyApp legacy) throws Exception {
    LatencyLoad.Result result = LatencyLoad.run(legacy.port(), ROUND, THREADS, this::call,
        body -> body.startsWith("{\"path\":\"/") || body.startsWith("{\"order\":") || body.startsWith("{\"n\":"));
    assertThat(result.ok).as("client requests that succeeded").isEqualTo(ROUND);
    return ROUND;
  }

  private static double received(List<SimpleMeterRegistry> lives) {
    return lives.stream().mapToDouble(r -> CandidateApp.checks(r) + CandidateApp.skipped(r)).sum();
  }

  private static double checks(List<SimpleMeterRegistry> lives, SimpleMeterRegistry last, String operation, String result) {
    List<SimpleMeterRegistry> all = new ArrayList<>(lives);
    all.add(last);
    return all.stream().mapToDouble(r -> r.find(MeterNames.CHECKS).tag(MeterNames.OPERATION_ID, operation)
        .tag(MeterNames.RESULT, result).counters().stream().mapToDouble(c -> c.count()).sum()).sum();
  }

  private static String figures(List<SimpleMeterRegistry> lives) {
    return lives.stream().map(r -> String.format("checks %.0f, skipped %.0f", CandidateApp.checks(r),
        CandidateApp.skipped(r))).reduce((a, b) -> a + "; " + b).orElse("");
  }

  private static String servedByFault(FaultProxy proxy) {
    StringBuilder b = new StringBuilder();
    for (Fault f : Fault.values()) {
      b.append(f).append('=').append(proxy.served(f)).append(' ');
    }
    return b.toString().trim();
  }

  static long usedHeapAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** Live threads by name with the digits taken out: {@code parallel-run-checker-#}, {@code qtp#-#}. */
  static Map<String, Integer> threadsByGroup() {
    Map<String, Integer> groups = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive()) {
        groups.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
      }
    }
    return groups;
  }

  static int total(Map<String, Integer> groups) {
    return groups.values().stream().mapToInt(Integer::intValue).sum();
  }

  static int totalBesidesJettyPools(Map<String, Integer> groups) {
    return groups.entrySet().stream().filter(e -> !e.getKey().startsWith("qtp")).mapToInt(Map.Entry::getValue).sum();
  }

  /** The library's own threads (named {@code parallel-run-...}) are exactly as many as at the start. */
  static boolean libraryThreadsDidNotGrow(Map<String, Integer> before, Map<String, Integer> now) {
    for (Map.Entry<String, Integer> e : now.entrySet()) {
      if (e.getKey().startsWith("parallel-run") && e.getValue() > before.getOrDefault(e.getKey(), 0)) {
        return false;
      }
    }
    return true;
  }
}
