package io.parallelrun.core.readiness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.FailureCause;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.metrics.SkipReason;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationPolicy;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.HttpHeaders;
import io.parallelrun.core.record.CheckRecorder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadinessReportTest {

  private static final CapturedRequest REQUEST = CapturedRequest.of("GET", "/returns/1", HttpHeaders.of("Accept", "application/json"));
  private static final CapturedResponse RESPONSE =
      CapturedResponse.of(200, HttpHeaders.of("Content-Type", "application/json"), "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

  private final CheckRecorder recorder = CheckRecorder.builder()
      .meterRegistry(new SimpleMeterRegistry())
      .policies(OperationPolicies.builder()
          .defaults(OperationPolicy.custom().threshold(0.9).minSamples(50).build())
          .operation("strict", p -> p.threshold(0.999).minSamples(10))
          .build())
      .build();

  private void record(String operation, MatchResult result, int times) {
    for (int i = 0; i < times; i++) {
      recorder.recordCheck("c" + i, operation, REQUEST, RESPONSE, RESPONSE, result);
    }
  }

  private static MatchResult unmatched() {
    return MatchResult.of(List.of(Difference.of(Difference.Axis.BODY, "/items/3/price", "1", "2")));
  }

  @Test
  void verdictMovesFromCollectingToReadyToNotReady() {
    record("op", MatchResult.matched(), 49);
    assertThat(ReadinessReport.from(recorder).operation("op").verdict()).isEqualTo(Verdict.COLLECTING);
    record("op", MatchResult.matched(), 1);
    // 50/50: lower bound 50 / (50 + z^2) = 0.9287 >= 0.9
    ReadinessReport.OperationReadiness ready = ReadinessReport.from(recorder).operation("op");
    assertThat(ready.verdict()).isEqualTo(Verdict.READY);
    assertThat(ready.interval().lower()).isCloseTo(0.9287, within(0.0001));
    record("op", unmatched(), 3);
    // 50/53: [0.8463, 0.9806] straddles 0.9
    assertThat(ReadinessReport.from(recorder).operation("op").verdict()).isEqualTo(Verdict.COLLECTING);
    record("op", unmatched(), 10);
    // 50/63: upper bound 0.8752 < 0.9
    ReadinessReport.OperationReadiness notReady = ReadinessReport.from(recorder).operation("op");
    assertThat(notReady.verdict()).isEqualTo(Verdict.NOT_READY);
    assertThat(notReady.interval().upper()).isLessThan(0.9);
    record("op", MatchResult.matched(), 2000);
    assertThat(ReadinessReport.from(recorder).operation("op").verdict()).isEqualTo(Verdict.READY);
  }

  @Test
  void legacyServerErrorsDoNotCountButCandidateFailuresDo() {
    record("op", MatchResult.matched(), 60);
    record("op", MatchResult.failed(FailureCause.LEGACY_5XX, "500"), 1000);
    recorder.recordSkipped("op", SkipReason.NON_IDEMPOTENT);
    ReadinessReport.OperationReadiness op = ReadinessReport.from(recorder).operation("op");
    assertThat(op.samples()).isEqualTo(60);
    assertThat(op.matchRate()).isEqualTo(1.0);
    assertThat(op.verdict()).isEqualTo(Verdict.READY);

    record("op", MatchResult.failed(FailureCause.CANDIDATE_5XX, "500"), 8);
    record("op", MatchResult.failed(FailureCause.REPLAY_TIMEOUT, "slow"), 4);
    record("op", MatchResult.failed(FailureCause.REPLAY_ERROR, "reset"), 4);
    op = ReadinessReport.from(recorder).operation("op");
    assertThat(op.samples()).isEqualTo(76);
    assertThat(op.matchRate()).isCloseTo(60.0 / 76, within(1e-12));
    // 60/76: upper bound 0.8660 < 0.9
    assertThat(op.verdict()).isEqualTo(Verdict.NOT_READY);
    assertThat(op.statistics().failed()).isEqualTo(1016);
    assertThat(op.statistics().candidateFailures()).isEqualTo(16);
  }

  @Test
  void declaredOperationsAreReportedBeforeAnyCheckAndUseTheirOwnPolicy() {
    ReadinessReport report = ReadinessReport.from(recorder);
    ReadinessReport.OperationReadiness strict = report.operation("strict");
    assertThat(strict.verdict()).isEqualTo(Verdict.COLLECTING);
    assertThat(strict.threshold()).isEqualTo(0.999);
    assertThat(strict.minSamples()).isEqualTo(10);
    assertThat(strict.matchRate()).isNaN();
    record("strict", MatchResult.matched(), 10);
    // 10/10: lower 0.7225, far below 0.999; upper 1.0: still collecting
    assertThat(ReadinessReport.from(recorder).operation("strict").verdict()).isEqualTo(Verdict.COLLECTING);
  }

  @Test
  void jsonFollowsTheDocumentedSchema() throws Exception {
    record("op", MatchResult.matched(), 7);
    record("op", unmatched(), 2);
    record("op", MatchResult.failed(FailureCause.CANDIDATE_5XX, "500"), 1);
    recorder.recordSkipped("op", SkipReason.BACKLOG_FULL);
    recorder.recordLegacyLatency("op", 2_000_000);
    recorder.recordCandidateLatency("op", 3_000_000);

    JsonNode json = new ObjectMapper().readTree(ReadinessReport.from(recorder).toJson());
    assertThat(json.path("generatedAt").asText()).isNotEmpty();
    JsonNode op = null;
    for (JsonNode o : json.path("operations")) {
      if (o.path("operationId").asText().equals("op")) {
        op = o;
      }
    }
    assertThat(op).isNotNull();
    assertThat(op.path("verdict").asText()).isEqualTo("COLLECTING");
    assertThat(op.path("threshold").asDouble()).isEqualTo(0.9);
    assertThat(op.path("minSamples").asInt()).isEqualTo(50);
    assertThat(op.path("samples").asLong()).isEqualTo(10);
    assertThat(op.path("matched").asLong()).isEqualTo(7);
    assertThat(op.path("unmatched").asLong()).isEqualTo(2);
    assertThat(op.path("failed").asLong()).isEqualTo(1);
    assertThat(op.path("failures").path("candidate_5xx").asLong()).isEqualTo(1);
    assertThat(op.path("failures").path("legacy_5xx").asLong()).isEqualTo(0);
    assertThat(op.path("skipped").path("backlog_full").asLong()).isEqualTo(1);
    assertThat(op.path("matchRate").asDouble()).isEqualTo(0.7);
    assertThat(op.path("interval").path("confidence").asDouble()).isEqualTo(0.95);
    assertThat(op.path("interval").path("lower").asDouble()).isCloseTo(0.3968, within(0.0001));
    assertThat(op.path("interval").path("upper").asDouble()).isCloseTo(0.8922, within(0.0001));
    assertThat(op.path("latency").path("legacy").path("count").asLong()).isEqualTo(1);
    assertThat(op.path("latency").path("legacy").path("p50Micros").asLong()).isBetween(1900L, 2100L);
    assertThat(op.path("latency").path("candidate").path("p99Micros").asLong()).isBetween(2850L, 3150L);
    assertThat(op.path("differingPaths").get(0).path("axis").asText()).isEqualTo("body");
    assertThat(op.path("differingPaths").get(0).path("path").asText()).isEqualTo("/items/*/price");
    assertThat(op.path("differingPaths").get(0).path("count").asLong()).isEqualTo(2);
    assertThat(op.path("otherPaths").asLong()).isEqualTo(0);
    assertThat(op.path("mismatchSamples")).hasSize(2);
    JsonNode sample = op.path("mismatchSamples").get(0);
    assertThat(sample.path("request").path("method").asText()).isEqualTo("GET");
    assertThat(sample.path("request").path("path").asText()).isEqualTo("/returns/1");
    assertThat(sample.path("legacy").path("status").asInt()).isEqualTo(200);
    assertThat(sample.path("candidate").path("body").asText()).isEqualTo("{\"a\":1}");
    assertThat(sample.path("differences").get(0).path("path").asText()).isEqualTo("/items/3/price");
    assertThat(sample.path("differences").get(0).path("legacy").asText()).isEqualTo("1");
    assertThat(sample.path("differences").get(0).path("candidate").asText()).isEqualTo("2");
  }
}
