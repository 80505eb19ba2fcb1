package io.parallelrun.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.FailureCause;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.compare.ResponseComparator;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.metrics.SkipReason;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.payload.HttpHeaders;
import io.parallelrun.core.record.CheckRecorder;
import io.parallelrun.core.record.OperationStatistics;
import io.parallelrun.core.redact.RedactionMode;
import io.parallelrun.core.redact.Redactions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ConsistencyCheckerTest {

  private static final Instant NOW = Instant.parse("2026-12-06T01:00:00Z");

  /** Status, then body bytes; one difference each. */
  private static final ResponseComparator STATUS_AND_BODY = (legacy, candidate) -> {
    List<Difference> differences = new ArrayList<>();
    if (legacy.status() != candidate.status()) {
      differences.add(Difference.of(Difference.Axis.STATUS, "", "" + legacy.status(), "" + candidate.status()));
    }
    if (!Arrays.equals(legacy.body(), candidate.body())) {
      differences.add(Difference.of(Difference.Axis.BODY, "", text(legacy.body()), text(candidate.body())));
    }
    return MatchResult.of(differences);
  };

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<String> replayed = new CopyOnWriteArrayList<>();
  private final List<Duration> timeouts = new CopyOnWriteArrayList<>();
  private volatile ReplayResult nextReplay;

  private static String text(byte[] body) {
    return body == null ? null : new String(body, StandardCharsets.UTF_8);
  }

  private ConsistencyChecker checker(OperationPolicies policies, OperationRouter router) {
    CheckRecorder recorder = CheckRecorder.builder()
        .meterRegistry(registry)
        .policies(policies)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
    return ConsistencyChecker.builder()
        .recorder(recorder)
        .router(router)
        .replayer((id, request, timeout) -> {
          replayed.add(id + " " + request.method() + " " + request.target());
          timeouts.add(timeout);
          return nextReplay;
        })
        .build();
  }

  private ConsistencyChecker checker() {
    return checker(OperationPolicies.builder()
        .defaults(io.parallelrun.core.operation.OperationPolicy.custom().comparator(STATUS_AND_BODY).build())
        .operation("putReturn", p -> p.idempotent(true).replayTimeout(Duration.ofMillis(1234)))
        .build(), OperationRouter.builder().route("GET /returns/{id}", "getReturn").build());
  }

  private static ConsistencyCheckPayload payload(String method, String target, CapturedResponse legacy) {
    return ConsistencyCheckPayload.builder()
        .request(CapturedRequest.of(method, target, HttpHeaders.of("Authorization", "Bearer secret-token")))
        .response(legacy)
        .capturedAt(NOW.minusMillis(250))
        .legacyLatencyMicros(1500)
        .build();
  }

  private static CapturedResponse ok(String body) {
    return CapturedResponse.of(200, HttpHeaders.of("Content-Type", "text/plain"), body.getBytes(StandardCharsets.UTF_8));
  }

  private double counter(String name, String operation, String tag, String value) {
    return registry.get(name).tag(MeterNames.OPERATION_ID, operation).tag(tag, value).counter().count();
  }

  @Test
  void matchedAndUnmatchedChecksAreRecordedWithLatencyAndLag() {
    ConsistencyChecker checker = checker();
    nextReplay = ReplayResult.answered(ok("same"), 2_000_000);
    assertThat(checker.check("c1", payload("GET", "/returns/1", ok("same")))).contains(MatchResult.matched());
    nextReplay = ReplayResult.answered(ok("other"), 3_000_000);
    Optional<MatchResult> result = checker.check("c2", payload("GET", "/returns/2", ok("same")));
    assertThat(result).isPresent();
    assertThat(result.get().outcome()).isEqualTo(MatchResult.Outcome.UNMATCHED);

    assertThat(replayed).containsExactly("c1 GET /returns/1", "c2 GET /returns/2");
    assertThat(counter(MeterNames.CHECKS, "getReturn", MeterNames.RESULT, "matched")).isEqualTo(1);
    assertThat(counter(MeterNames.CHECKS, "getReturn", MeterNames.RESULT, "unmatched")).isEqualTo(1);
    assertThat(counter(MeterNames.DIFFERENCES, "getReturn", MeterNames.AXIS, "body")).isEqualTo(1);
    assertThat(registry.get(MeterNames.LATENCY).tag(MeterNames.OPERATION_ID, "getReturn").tag(MeterNames.SYSTEM, "legacy")
        .timer().totalTime(java.util.concurrent.TimeUnit.MICROSECONDS)).isEqualTo(3000);
    assertThat(registry.get(MeterNames.LATENCY).tag(MeterNames.OPERATION_ID, "getReturn").tag(MeterNames.SYSTEM, "candidate")
        .timer().totalTime(java.util.concurrent.TimeUnit.MICROSECONDS)).isEqualTo(5000);
    assertThat(registry.get(MeterNames.CHECK_LAG).timer().count()).isEqualTo(2);
    assertThat(registry.get(MeterNames.CHECK_LAG).timer().max(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(250);
  }

  @Test
  void nonIdempotentMethodsAreNeverReplayedUnlessTheOperationIsDeclaredIdempotent() {
    ConsistencyChecker checker = checker();
    nextReplay = ReplayResult.answered(ok("x"), 1);
    assertThat(checker.check("c1", payload("POST", "/returns/1", ok("x")))).isEmpty();
    assertThat(checker.check("c2", payload("DELETE", "/returns/1", ok("x")))).isEmpty();
    ConsistencyCheckPayload put = payload("PUT", "/returns/1", ok("x")).toBuilder().operationId("putReturn").build();
    assertThat(checker.check("c3", put)).contains(MatchResult.matched());

    assertThat(replayed).containsExactly("c3 PUT /returns/1");
    assertThat(timeouts).containsExactly(Duration.ofMillis(1234));
    assertThat(counter(MeterNames.SKIPPED, "unmapped", MeterNames.REASON, "non_idempotent")).isEqualTo(2);
    assertThat(counter(MeterNames.CHECKS, "putReturn", MeterNames.RESULT, "matched")).isEqualTo(1);
  }

  @Test
  void truncatedBodiesAreSkippedNotCompared() {
    ConsistencyChecker checker = checker();
    nextReplay = ReplayResult.answered(ok("x"), 1);
    ConsistencyCheckPayload truncatedRequest = payload("GET", "/returns/1", ok("x"));
    truncatedRequest = truncatedRequest.withRequest(truncatedRequest.request().withBody(new byte[10], true));
    ConsistencyCheckPayload truncatedResponse = payload("GET", "/returns/1", ok("x").withBody(new byte[10], true));
    assertThat(checker.check("c1", truncatedRequest)).isEmpty();
    assertThat(checker.check("c2", truncatedResponse)).isEmpty();
    assertThat(replayed).isEmpty();
    assertThat(counter(MeterNames.SKIPPED, "getReturn", MeterNames.REASON, "request_truncated")).isEqualTo(1);
    assertThat(counter(MeterNames.SKIPPED, "getReturn", MeterNames.REASON, "response_truncated")).isEqualTo(1);
  }

  @Test
  void failuresByCause() {
    ConsistencyChecker checker = checker();
    CapturedResponse serverError = CapturedResponse.of(503, HttpHeaders.empty(), null);

    assertThat(checker.check("legacy", payload("GET", "/returns/1", serverError)).get().failureCause())
        .isEqualTo(FailureCause.LEGACY_5XX);
    assertThat(replayed).isEmpty();

    nextReplay = ReplayResult.answered(CapturedResponse.of(500, HttpHeaders.empty(), null), 1);
    assertThat(checker.check("cand", payload("GET", "/returns/1", ok("x"))).get().failureCause())
        .isEqualTo(FailureCause.CANDIDATE_5XX);
    nextReplay = ReplayResult.timedOut(5, "slow");
    assertThat(checker.check("timeout", payload("GET", "/returns/1", ok("x"))).get().failureCause())
        .isEqualTo(FailureCause.REPLAY_TIMEOUT);
    nextReplay = ReplayResult.error(5, "reset");
    assertThat(checker.check("error", payload("GET", "/returns/1", ok("x"))).get().failureCause())
        .isEqualTo(FailureCause.REPLAY_ERROR);

    for (FailureCause cause : List.of(FailureCause.LEGACY_5XX, FailureCause.CANDIDATE_5XX, FailureCause.REPLAY_TIMEOUT,
        FailureCause.REPLAY_ERROR)) {
      assertThat(counter(MeterNames.FAILURES, "getReturn", MeterNames.CAUSE, cause.tag())).as(cause.tag()).isEqualTo(1);
    }
    assertThat(counter(MeterNames.CHECKS, "getReturn", MeterNames.RESULT, "failed")).isEqualTo(4);
  }

  @Test
  void exceptionsInsideAreCountedAsCheckErrors() {
    ConsistencyChecker throwingReplayer = ConsistencyChecker.builder()
        .recorder(CheckRecorder.builder().meterRegistry(registry).build())
        .replayer((id, request, timeout) -> {
          throw new IllegalStateException("boom");
        })
        .build();
    assertThat(throwingReplayer.check("c1", payload("GET", "/x", ok("x")))).isEmpty();

    ConsistencyChecker throwingComparator = checker(OperationPolicies.builder()
        .defaults(io.parallelrun.core.operation.OperationPolicy.custom().comparator((a, b) -> {
          throw new IllegalStateException("comparator bug");
        }).build()).build(), OperationRouter.empty());
    nextReplay = ReplayResult.answered(ok("x"), 1);
    assertThat(throwingComparator.check("c2", payload("GET", "/x", ok("x")))).isEmpty();

    ConsistencyChecker unloadableComparator = checker(OperationPolicies.builder()
        .defaults(io.parallelrun.core.operation.OperationPolicy.custom().comparator((a, b) -> {
          throw new ExceptionInInitializerError("comparator class failed to initialise");
        }).build()).build(), OperationRouter.empty());
    nextReplay = ReplayResult.answered(ok("x"), 1);
    assertThat(unloadableComparator.check("c3", payload("GET", "/x", ok("x")))).isEmpty();

    assertThat(counter(MeterNames.SKIPPED, "unmapped", MeterNames.REASON, "check_error")).isEqualTo(3);
    assertThat(registry.find(MeterNames.CHECKS).counters()).allSatisfy(c -> assertThat(c.count()).isZero());
  }

  @Test
  void inTransitRedactionIsAppliedToTheCandidateResponseBeforeComparing() {
    CapturedResponse legacy = CapturedResponse.of(200,
        HttpHeaders.of("Content-Type", "application/json", "X-Customer", "***"),
        "{\"email\":\"***\",\"id\":1}".getBytes(StandardCharsets.UTF_8));
    nextReplay = ReplayResult.answered(CapturedResponse.of(200,
        HttpHeaders.of("Content-Type", "application/json", "X-Customer", "alice"),
        "{\"email\":\"alice@example.com\",\"id\":1}".getBytes(StandardCharsets.UTF_8)), 1);
    List<CapturedResponse> compared = new CopyOnWriteArrayList<>();
    ConsistencyChecker checker = checker(OperationPolicies.builder()
        .defaults(io.parallelrun.core.operation.OperationPolicy.custom()
            .inTransitRedaction(Redactions.merge(
                Redactions.jsonFields(RedactionMode.mask(), "email"),
                Redactions.headers(RedactionMode.mask(), "X-Customer")))
            .comparator((a, b) -> {
              compared.add(b);
              return MatchResult.matched();
            })
            .build())
        .build(), OperationRouter.empty());
    checker.check("c1", payload("GET", "/x", legacy));
    assertThat(compared).hasSize(1);
    assertThat(text(compared.get(0).body())).doesNotContain("alice");
    assertThat(compared.get(0).headers().first("X-Customer")).isNotEqualTo("alice");
  }

  @Test
  void mismatchSamplesAreRedactedAtRest() {
    CapturedResponse legacy = CapturedResponse.of(200,
        HttpHeaders.of("Content-Type", "application/json", "Set-Cookie", "session=abc"),
        "{\"ssn\":\"123-45-6789\",\"n\":1}".getBytes(StandardCharsets.UTF_8));
    nextReplay = ReplayResult.answered(CapturedResponse.of(200,
        HttpHeaders.of("Content-Type", "application/json", "Set-Cookie", "session=def"),
        "{\"ssn\":\"987-65-4321\",\"n\":2}".getBytes(StandardCharsets.UTF_8)), 1);
    ConsistencyChecker checker = checker(OperationPolicies.builder()
        .defaults(io.parallelrun.core.operation.OperationPolicy.custom()
            .atRestRedaction(Redactions.jsonFields(RedactionMode.mask(), "ssn"))
            .comparator((a, b) -> MatchResult.of(List.of(
                Difference.of(Difference.Axis.HEADERS, "set-cookie", "session=abc", "session=def"),
                Difference.of(Difference.Axis.BODY, "/ssn", "\"123-45-6789\"", "\"987-65-4321\""),
                Difference.of(Difference.Axis.BODY, "/n", "1", "2"))))
            .build())
        .build(), OperationRouter.empty());
    checker.check("c1", payload("GET", "/x", legacy));

    OperationStatistics.Sample sample = checker.recorder().statistics("unmapped").samples().get(0);
    String all = sample.request() + " " + sample.legacy() + " " + text(sample.legacy().body()) + " "
        + text(sample.candidate().body()) + " " + sample.differences();
    assertThat(all).doesNotContain("secret-token", "session=abc", "session=def", "123-45-6789", "987-65-4321");
    assertThat(sample.request().headers().first("Authorization")).isNotNull();
    assertThat(sample.differences()).hasSize(3);
    assertThat(sample.differences().get(2).legacyValue()).isEqualTo("1");
    assertThat(sample.differences().get(2).candidateValue()).isEqualTo("2");
    assertThat(sample.checkId()).isEqualTo("c1");
    assertThat(sample.recordedAt()).isEqualTo(NOW);
  }
}
