package io.parallelrun.core.readiness;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.FailureCause;
import io.parallelrun.core.metrics.SkipReason;
import io.parallelrun.core.operation.OperationPolicy;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.HttpHeaders;
import io.parallelrun.core.record.CheckRecorder;
import io.parallelrun.core.record.OperationStatistics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether each operation is ready to move to the candidate, from what one {@link CheckRecorder}
 * recorded: counts, the match rate with its 95% {@link WilsonInterval}, the {@link Verdict},
 * latency percentiles, the most frequent differing paths and a few recent mismatch samples
 * (redacted at rest). {@link #writeJson} writes the schema documented in {@code docs/report.md}.
 *
 * <p>The match rate is {@code matched / (matched + unmatched + failures caused by the candidate)}:
 * a candidate that answers 5xx or times out where the legacy application answered is not ready,
 * while a legacy 5xx says nothing about the candidate and is left out. Skipped payloads are not
 * samples.
 *
 * <p>One report covers one instance; across a fleet the same ratio comes from Prometheus. Instances
 * are immutable and thread-safe.
 */
public final class ReadinessReport {

  /** Differing paths listed per operation in the JSON, most frequent first. */
  public static final int MAX_PATHS_IN_JSON = 10;

  private static final JsonFactory JSON = new JsonFactory();

  private final Instant generatedAt;
  private final List<OperationReadiness> operations;

  private ReadinessReport(Instant generatedAt, List<OperationReadiness> operations) {
    this.generatedAt = generatedAt;
    this.operations = List.copyOf(operations);
  }

  /** The report of everything the recorder holds, with its policies' thresholds and minimum samples. */
  public static ReadinessReport from(CheckRecorder recorder) {
    List<OperationReadiness> list = new ArrayList<>();
    for (OperationStatistics statistics : recorder.statistics()) {
      list.add(new OperationReadiness(statistics, recorder.policies().forOperation(statistics.operationId())));
    }
    return new ReadinessReport(recorder.clock().instant(), list);
  }

  public Instant generatedAt() {
    return generatedAt;
  }

  /** One entry per operation, ordered by operation id. */
  public List<OperationReadiness> operations() {
    return operations;
  }

  /** The entry of one operation, or {@code null}. */
  public OperationReadiness operation(String operationId) {
    for (OperationReadiness o : operations) {
      if (o.operationId().equals(operationId)) {
        return o;
      }
    }
    return null;
  }

  /** The report as UTF-8 JSON. */
  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + operations.size() * 2048);
    try {
      writeJson(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes the report as UTF-8 JSON, without closing the stream. */
  public void writeJson(OutputStream out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.writeStartObject();
      g.writeStringField("generatedAt", generatedAt.toString());
      g.writeArrayFieldStart("operations");
      for (OperationReadiness o : operations) {
        o.write(g);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  @Override
  public String toString() {
    return "ReadinessReport{generatedAt=" + generatedAt + ", operations=" + operations + "}";
  }

  /** The readiness of one operation. */
  public static final class OperationReadiness {
    private final OperationStatistics statistics;
    private final double threshold;
    private final int minSamples;
    private final WilsonInterval interval;
    private final Verdict verdict;

    OperationReadiness(OperationStatistics statistics, OperationPolicy policy) {
      this.statistics = Objects.requireNonNull(statistics, "statistics");
      this.threshold = policy.threshold();
      this.minSamples = policy.minSamples();
      long samples = statistics.matched() + statistics.unmatched() + statistics.candidateFailures();
      this.interval = WilsonInterval.of(statistics.matched(), samples);
      this.verdict = Verdict.of(interval, threshold, minSamples);
    }

    public String operationId() {
      return statistics.operationId();
    }

    /** What was recorded. */
    public OperationStatistics statistics() {
      return statistics;
    }

    /** Matched, unmatched and candidate-caused failures: the denominator of the match rate. */
    public long samples() {
      return interval.trials();
    }

    /** matched / samples, or {@code NaN} with no samples. */
    public double matchRate() {
      return interval.rate();
    }

    public WilsonInterval interval() {
      return interval;
    }

    public double threshold() {
      return threshold;
    }

    public int minSamples() {
      return minSamples;
    }

    public Verdict verdict() {
      return verdict;
    }

    @Override
    public String toString() {
      return operationId() + ": " + verdict + " " + interval;
    }

    void write(JsonGenerator g) throws IOException {
      OperationStatistics s = statistics;
      g.writeStartObject();
      g.writeStringField("operationId", s.operationId());
      g.writeStringField("verdict", verdict.name());
      g.writeNumberField("threshold", threshold);
      g.writeNumberField("minSamples", minSamples);
      g.writeNumberField("samples", samples());
      g.writeNumberField("matched", s.matched());
      g.writeNumberField("unmatched", s.unmatched());
      g.writeNumberField("failed", s.failed());
      g.writeObjectFieldStart("failures");
      for (Map.Entry<FailureCause, Long> e : s.failures().entrySet()) {
        g.writeNumberField(e.getKey().tag(), e.getValue());
      }
      g.writeEndObject();
      g.writeObjectFieldStart("skipped");
      for (Map.Entry<SkipReason, Long> e : s.skipped().entrySet()) {
        g.writeNumberField(e.getKey().tag(), e.getValue());
      }
      g.writeEndObject();
      if (samples() == 0) {
        g.writeNullField("matchRate");
      } else {
        g.writeNumberField("matchRate", matchRate());
      }
      g.writeObjectFieldStart("interval");
      g.writeNumberField("confidence", 0.95);
      g.writeNumberField("lower", interval.lower());
      g.writeNumberField("upper", interval.upper());
      g.writeEndObject();
      g.writeObjectFieldStart("latency");
      writeLatency(g, "legacy", s.legacyLatency());
      writeLatency(g, "candidate", s.candidateLatency());
      g.writeEndObject();
      g.writeArrayFieldStart("differingPaths");
      List<OperationStatistics.PathCount> paths = s.differingPaths();
      long beyond = s.otherPaths();
      for (int i = 0; i < paths.size(); i++) {
        OperationStatistics.PathCount p = paths.get(i);
        if (i < MAX_PATHS_IN_JSON) {
          g.writeStartObject();
          g.writeStringField("axis", p.axis().tag());
          g.writeStringField("path", p.path());
          g.writeNumberField("count", p.count());
          g.writeEndObject();
        } else {
          beyond += p.count();
        }
      }
      g.writeEndArray();
      g.writeNumberField("otherPaths", beyond);
      g.writeArrayFieldStart("mismatchSamples");
      for (OperationStatistics.Sample sample : s.samples()) {
        writeSample(g, sample);
      }
      g.writeEndArray();
      g.writeEndObject();
    }

    private static void writeLatency(JsonGenerator g, String name, OperationStatistics.Latency latency) throws IOException {
      g.writeObjectFieldStart(name);
      g.writeNumberField("count", latency.count());
      writeMicros(g, "p50Micros", latency.p50Micros());
      writeMicros(g, "p95Micros", latency.p95Micros());
      writeMicros(g, "p99Micros", latency.p99Micros());
      writeMicros(g, "maxMicros", latency.maxMicros());
      g.writeEndObject();
    }

    private static void writeMicros(JsonGenerator g, String name, long value) throws IOException {
      if (value < 0) {
        g.writeNullField(name);
      } else {
        g.writeNumberField(name, value);
      }
    }

    private static void writeSample(JsonGenerator g, OperationStatistics.Sample sample) throws IOException {
      g.writeStartObject();
      g.writeStringField("checkId", sample.checkId());
      g.writeStringField("recordedAt", sample.recordedAt().toString());
      CapturedRequest request = sample.request();
      g.writeObjectFieldStart("request");
      g.writeStringField("method", request.method());
      g.writeStringField("path", request.target());
      writeHeaders(g, request.headers());
      writeBody(g, request.body(), request.truncated());
      g.writeEndObject();
      writeResponse(g, "legacy", sample.legacy());
      writeResponse(g, "candidate", sample.candidate());
      g.writeArrayFieldStart("differences");
      for (Difference d : sample.differences()) {
        g.writeStartObject();
        g.writeStringField("axis", d.axis().tag());
        g.writeStringField("path", d.path());
        g.writeStringField("legacy", d.legacyValue());
        g.writeStringField("candidate", d.candidateValue());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }

    private static void writeResponse(JsonGenerator g, String name, CapturedResponse response) throws IOException {
      if (response == null) {
        g.writeNullField(name);
        return;
      }
      g.writeObjectFieldStart(name);
      g.writeNumberField("status", response.status());
      writeHeaders(g, response.headers());
      writeBody(g, response.body(), response.truncated());
      g.writeEndObject();
    }

    private static void writeHeaders(JsonGenerator g, HttpHeaders headers) throws IOException {
      g.writeObjectFieldStart("headers");
      for (String name : headers.names()) {
        List<String> values = headers.all(name);
        if (values.size() == 1) {
          g.writeStringField(name, values.get(0));
        } else {
          g.writeArrayFieldStart(name);
          for (String v : values) {
            g.writeString(v);
          }
          g.writeEndArray();
        }
      }
      g.writeEndObject();
    }

    private static void writeBody(JsonGenerator g, byte[] body, boolean truncated) throws IOException {
      if (body == null) {
        g.writeNullField("body");
      } else {
        try {
          String text = StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body)).toString();
          g.writeStringField("body", text);
        } catch (CharacterCodingException e) {
          g.writeStringField("body", Base64.getEncoder().encodeToString(body));
          g.writeStringField("bodyEncoding", "base64");
        }
      }
      if (truncated) {
        g.writeBooleanField("truncated", true);
      }
    }
  }
}
