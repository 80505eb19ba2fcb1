package io.parallelrun.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.FailureCause;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.metrics.SkipReason;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** 64 threads record at once; every count, in the meters and the statistics, must be exact. */
class CheckRecorderConcurrencyTest {

  private static final int THREADS = 64;
  private static final int PER_THREAD = 2_000;
  private static final CapturedRequest REQUEST = CapturedRequest.of("GET", "/x", HttpHeaders.empty());
  private static final CapturedResponse RESPONSE = CapturedResponse.of(200, HttpHeaders.empty(), null);

  private static void runConcurrently(ThrowingTask task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CyclicBarrier start = new CyclicBarrier(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          task.run(thread);
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  interface ThrowingTask {
    void run(int thread) throws Exception;
  }

  private static double count(MeterRegistry registry, String name, String operation, String tag, String value) {
    return registry.get(name).tag(MeterNames.OPERATION_ID, operation).tag(tag, value).counter().count();
  }

  @Test
  void noUpdateIsLostUnderSixtyFourThreads() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    CheckRecorder recorder = CheckRecorder.builder().meterRegistry(registry).maxDistinctPaths(1000).build();
    MatchResult unmatched = MatchResult.of(List.of(
        Difference.of(Difference.Axis.BODY, "/items/0/price", "1", "2"),
        Difference.of(Difference.Axis.BODY, "/items/17/price", "1", "2"),
        Difference.of(Difference.Axis.HEADERS, "etag", "a", "b")));
    MatchResult failed = MatchResult.failed(FailureCause.CANDIDATE_5XX, "500");

    runConcurrently(thread -> {
      // Operations shared by all threads, created concurrently on first use.
      String op = "op" + (thread % 4);
      for (int i = 0; i < PER_THREAD; i++) {
        switch (i % 5) {
          case 0:
          case 1:
            recorder.recordCheck("c", op, REQUEST, RESPONSE, RESPONSE, MatchResult.matched());
            break;
          case 2:
            recorder.recordCheck("c", op, REQUEST, RESPONSE, RESPONSE, unmatched);
            break;
          case 3:
            recorder.recordCheck("c", op, REQUEST, RESPONSE, null, failed);
            break;
          default:
            recorder.recordSkipped(op, SkipReason.NON_IDEMPOTENT);
        }
        recorder.recordCandidateLatency(op, 1_000_000);
      }
    });

    long perOperation = (long) THREADS / 4 * PER_THREAD;
    for (int o = 0; o < 4; o++) {
      String op = "op" + o;
      OperationStatistics s = recorder.statistics(op);
      assertThat(s.matched()).isEqualTo(perOperation * 2 / 5);
      assertThat(s.unmatched()).isEqualTo(perOperation / 5);
      assertThat(s.failures().get(FailureCause.CANDIDATE_5XX)).isEqualTo(perOperation / 5);
      assertThat(s.skipped().get(SkipReason.NON_IDEMPOTENT)).isEqualTo(perOperation / 5);
      assertThat(s.differingPaths()).containsExactly(
          new OperationStatistics.PathCount(Difference.Axis.BODY, "/items/*/price", perOperation / 5 * 2),
          new OperationStatistics.PathCount(Difference.Axis.HEADERS, "etag", perOperation / 5));
      assertThat(s.candidateLatency().count()).isEqualTo(perOperation);
      assertThat(s.samples()).hasSize(5);

      assertThat(count(registry, MeterNames.CHECKS, op, MeterNames.RESULT, "matched")).isEqualTo(perOperation * 2 / 5);
      assertThat(count(registry, MeterNames.CHECKS, op, MeterNames.RESULT, "unmatched")).isEqualTo(perOperation / 5);
      assertThat(count(registry, MeterNames.CHECKS, op, MeterNames.RESULT, "failed")).isEqualTo(perOperation / 5);
      assertThat(count(registry, MeterNames.FAILURES, op, MeterNames.CAUSE, "candidate_5xx")).isEqualTo(perOperation / 5);
      assertThat(count(registry, MeterNames.DIFFERENCES, op, MeterNames.AXIS, "body")).isEqualTo(perOperation / 5 * 2);
      assertThat(count(registry, MeterNames.DIFFERENCES, op, MeterNames.AXIS, "headers")).isEqualTo(perOperation / 5);
      assertThat(count(registry, MeterNames.SKIPPED, op, MeterNames.REASON, "non_idempotent")).isEqualTo(perOperation / 5);
      assertThat(registry.get(MeterNames.SKIPPED).tag(MeterNames.OPERATION_ID, op).counter().getId().getTag(MeterNames.SIDE))
          .isEqualTo("candidate");
      assertThat(registry.get(MeterNames.LATENCY).tag(MeterNames.OPERATION_ID, op).tag(MeterNames.SYSTEM, "candidate")
          .timer().count()).isEqualTo(perOperation);
      assertThat(registry.get(MeterNames.THRESHOLD).tag(MeterNames.OPERATION_ID, op).gauge().value()).isEqualTo(0.99);
    }
  }

  @Test
  void distinctPathsStayWithinTheCapAndTheRestIsCountedAsOther() throws Exception {
    CheckRecorder recorder = CheckRecorder.builder().meterRegistry(new SimpleMeterRegistry()).maxDistinctPaths(50).build();
    runConcurrently(thread -> {
      for (int i = 0; i < 200; i++) {
        MatchResult result = MatchResult.of(List.of(
            Difference.of(Difference.Axis.BODY, "/field" + thread + "_" + (i % 20), "1", "2")));
        recorder.recordCheck("c", "op", REQUEST, RESPONSE, RESPONSE, result);
      }
    });
    OperationStatistics s = recorder.statistics("op");
    assertThat(s.differingPaths()).hasSize(50);
    long kept = s.differingPaths().stream().mapToLong(OperationStatistics.PathCount::count).sum();
    assertThat(kept + s.otherPaths()).isEqualTo((long) THREADS * 200);
    assertThat(s.unmatched()).isEqualTo((long) THREADS * 200);
  }

  @Test
  void operationIdsBeyondTheCapAreRecordedAsOther() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    CheckRecorder recorder = CheckRecorder.builder().meterRegistry(registry).maxOperations(3).build();
    for (int i = 0; i < 10; i++) {
      recorder.recordCheck("c", "op" + i, REQUEST, RESPONSE, RESPONSE, MatchResult.matched());
    }
    assertThat(recorder.statistics()).extracting(OperationStatistics::operationId)
        .containsExactly("op0", "op1", "op2", CheckRecorder.OTHER_OPERATION);
    assertThat(recorder.statistics(CheckRecorder.OTHER_OPERATION).matched()).isEqualTo(7);
    assertThat(registry.find(MeterNames.CHECKS).tag(MeterNames.OPERATION_ID, "op5").counters()).isEmpty();
  }
}
