package io.parallelrun.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One operation of the candidate's readiness report ({@code GET /consistency-checks/report}). */
record ReportRow(
    String operationId,
    long matched,
    long unmatched,
    long failed,
    Map<String, Long> failures,
    Map<String, Long> skipped,
    Double matchRate,
    double lower,
    double upper,
    double threshold,
    String verdict,
    String topPath,
    long topPathCount) {

  private static final ObjectMapper JSON = new ObjectMapper();

  long checks() {
    return matched + unmatched + failed;
  }

  long skippedTotal() {
    return skipped.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Parses the report's operations. */
  static List<ReportRow> parse(byte[] report) throws IOException {
    JsonNode root = JSON.readTree(report);
    List<ReportRow> rows = new ArrayList<>();
    for (JsonNode op : root.path("operations")) {
      JsonNode top = op.path("differingPaths").path(0);
      String topPath = null;
      if (!top.isMissingNode()) {
        String path = top.path("path").asText("");
        topPath = top.path("axis").asText() + " " + (path.isEmpty() ? "(root)" : path);
      }
      rows.add(new ReportRow(
          op.path("operationId").asText(),
          op.path("matched").asLong(),
          op.path("unmatched").asLong(),
          op.path("failed").asLong(),
          counts(op.path("failures")),
          counts(op.path("skipped")),
          op.path("matchRate").isNumber() ? op.path("matchRate").asDouble() : null,
          op.path("interval").path("lower").asDouble(),
          op.path("interval").path("upper").asDouble(),
          op.path("threshold").asDouble(),
          op.path("verdict").asText(),
          topPath,
          top.path("count").asLong()));
    }
    return rows;
  }

  private static Map<String, Long> counts(JsonNode node) {
    Map<String, Long> counts = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> {
      if (e.getValue().asLong() > 0) {
        counts.put(e.getKey(), e.getValue().asLong());
      }
    });
    return counts;
  }
}
