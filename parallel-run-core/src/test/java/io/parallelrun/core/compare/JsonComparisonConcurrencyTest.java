package io.parallelrun.core.compare;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One comparator shared by many threads, with documents of changing sizes, and nested use. */
class JsonComparisonConcurrencyTest {

  private static final HttpHeaders JSON = HttpHeaders.of("Content-Type", "application/json");

  private static CapturedResponse json(String body) {
    return CapturedResponse.of(200, JSON, body.getBytes(UTF_8));
  }

  private static String doc(int items, int changed) {
    StringBuilder sb = new StringBuilder("{\"items\":[");
    for (int i = 0; i < items; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"v\":\"").append(i == changed ? "changed" : "same").append("\"}");
    }
    return sb.append("]}").toString();
  }

  private static String reversed(int items, int changed) {
    StringBuilder sb = new StringBuilder("{\"items\":[");
    for (int i = items - 1; i >= 0; i--) {
      sb.append(i == items - 1 ? "" : ",").append("{\"v\":\"").append(i == changed ? "changed" : "same").append("\",\"id\":").append(i).append("}");
    }
    return sb.append("]}").toString();
  }

  @Test
  void sharedComparatorGivesEachThreadItsOwnCorrectResult() throws Exception {
    ResponseComparator comparator = ResponseComparators.json(BodyRules.builder().unorderedArrays("/items").build());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int seed = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 300; i++) {
                    int items = 1 + (i * 37 + seed * 11) % (i % 10 == 0 ? 5000 : 60);
                    int changed = (i + seed) % items;
                    MatchResult equal = comparator.compare(json(doc(items, -1)), json(reversed(items, -1)));
                    assertThat(equal.isMatched()).isTrue();
                    MatchResult one = comparator.compare(json(doc(items, -1)), json(reversed(items, changed)));
                    assertThat(one.differences())
                        .containsExactly(Difference.of(Difference.Axis.BODY, "/items/" + changed + "/v", "\"same\"", "\"changed\""));
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aComparatorCalledFromInsideAnotherOnTheSameThreadIsUnaffected() {
    ResponseComparator inner = ResponseComparators.json();
    ResponseComparator outer =
        ResponseComparators.allOf(
            (l, c) -> {
              MatchResult nested = inner.compare(json("{\"x\":[1,2]}"), json("{\"x\":[1,3]}"));
              assertThat(nested.differences()).hasSize(1);
              return nested;
            },
            ResponseComparators.json());
    MatchResult r = outer.compare(json("{\"a\":{\"b\":1}}"), json("{\"a\":{\"b\":2}}"));
    assertThat(r.differences()).extracting(Difference::path).containsExactly("/x/1", "/a/b");
  }

  @Test
  void deeplyNestedDocumentsAreComparedUpToTheDepthLimit() {
    int depth = 900;
    String legacy = "[".repeat(depth) + "1" + "]".repeat(depth);
    String candidate = "[".repeat(depth) + "2" + "]".repeat(depth);
    MatchResult r = ResponseComparators.json().compare(json(legacy), json(candidate));
    assertThat(r.differences()).extracting(Difference::path).containsExactly("/0".repeat(depth - 1) + "/0");
    String tooDeep = "[".repeat(1100) + "]".repeat(1100);
    MatchResult deep = ResponseComparators.json().compare(json(tooDeep), json("[]"));
    assertThat(deep.differences()).extracting(Difference::path).containsExactly("");
    assertThat(deep.differences().get(0).legacyValue()).startsWith("(not JSON)");
  }
}
