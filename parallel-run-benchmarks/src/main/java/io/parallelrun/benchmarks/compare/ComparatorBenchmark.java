package io.parallelrun.benchmarks.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flipkart.zjsonpatch.JsonDiff;
import io.parallelrun.benchmarks.JsonDocuments;
import io.parallelrun.core.compare.BodyRules;
import io.parallelrun.core.compare.ResponseComparator;
import io.parallelrun.core.compare.ResponseComparators;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.HttpHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import net.javacrumbs.jsonunit.core.Configuration;
import net.javacrumbs.jsonunit.core.Option;
import net.javacrumbs.jsonunit.core.internal.Diff;
import org.json.JSONException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.skyscreamer.jsonassert.JSONCompare;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.skyscreamer.jsonassert.JSONCompareResult;

/**
 * Part 3: our JSON body comparison against peer libraries, each doing parse and compare from the
 * two bodies' bytes (JSONassert and JsonUnit take strings, so decoding is part of their cost).
 *
 * <p>Cases: {@code identical} (two equal byte arrays), {@code reordered} (keys in another order,
 * other whitespace: equal), {@code leaf} (one deep leaf differs), {@code unordered} ({@code /items}
 * in reverse order; equal where the library can ignore array order, which ours is configured to do
 * for {@code /items}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ComparatorBenchmark {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Param({"2048", "65536"})
  public int size;

  @Param({"identical", "reordered", "leaf", "unordered"})
  public String kase;

  private byte[] legacy;
  private byte[] candidate;
  private String legacyText;
  private String candidateText;
  private HttpHeaders headers;
  private ResponseComparator ours;
  private JSONCompareMode jsonAssertMode;
  private Configuration jsonUnitConfiguration;

  @Setup
  public void setUp() {
    legacy = JsonDocuments.document(size);
    switch (kase) {
      case "identical":
        candidate = legacy.clone();
        break;
      case "reordered":
        candidate = JsonDocuments.reorderedKeys(legacy);
        break;
      case "leaf":
        candidate = JsonDocuments.deepLeafDiffers(legacy);
        break;
      case "unordered":
        candidate = JsonDocuments.reversedItems(legacy);
        break;
      default:
        throw new IllegalArgumentException(kase);
    }
    legacyText = new String(legacy, StandardCharsets.UTF_8);
    candidateText = new String(candidate, StandardCharsets.UTF_8);
    headers = HttpHeaders.of("Content-Type", "application/json");
    boolean unordered = "unordered".equals(kase);
    ours = ResponseComparators.json(unordered ? BodyRules.builder().unorderedArrays("/items").build() : BodyRules.defaults());
    jsonAssertMode = unordered ? JSONCompareMode.NON_EXTENSIBLE : JSONCompareMode.STRICT;
    jsonUnitConfiguration = unordered ? Configuration.empty().withOptions(Option.IGNORING_ARRAY_ORDER) : Configuration.empty();
  }

  /** Ours: bodies as the candidate side holds them, compared by {@link ResponseComparators#json}. */
  @Benchmark
  public Object parallelRun() {
    return ours.compare(CapturedResponse.of(200, headers, legacy), CapturedResponse.of(200, headers, candidate));
  }

  @Benchmark
  public boolean jacksonTreeEquals() throws IOException {
    JsonNode a = MAPPER.readTree(legacy);
    JsonNode b = MAPPER.readTree(candidate);
    return a.equals(b);
  }

  @Benchmark
  public JsonNode zjsonpatch() throws IOException {
    return JsonDiff.asJson(MAPPER.readTree(legacy), MAPPER.readTree(candidate));
  }

  @Benchmark
  public JSONCompareResult jsonAssert() throws JSONException {
    return JSONCompare.compareJSON(
        new String(legacy, StandardCharsets.UTF_8), new String(candidate, StandardCharsets.UTF_8), jsonAssertMode);
  }

  @Benchmark
  public boolean jsonUnit() {
    Diff diff = Diff.create(new String(legacy, StandardCharsets.UTF_8), new String(candidate, StandardCharsets.UTF_8),
        "fullJson", "", jsonUnitConfiguration);
    return diff.similar();
  }

  /** For tests: the texts the benchmark compares. */
  String[] texts() {
    return new String[] {legacyText, candidateText};
  }
}
