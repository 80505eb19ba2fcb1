package io.parallelrun.examples.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The demo's final table: per operation, the candidate's checks and verdict, plus what the
 * monolith's side skipped (for example {@code POST /returns}, not idempotent, never replayed).
 */
final class ConsistencyTable {

  private static final String[] HEADER = {
    "operation", "route", "checks", "matched", "unmatched", "failed", "skipped",
    "match rate (95% interval)", "threshold", "verdict", "top differing path"
  };
  private static final boolean[] RIGHT = {false, false, true, true, true, true, false, false, true, false, false};

  private ConsistencyTable() {}

  /**
   * Renders the table.
   *
   * @param rows the candidate's report
   * @param legacySkipped per operation, the legacy side's skip counts by reason
   * @param routes the route template of each operation, where known
   */
  static String render(List<ReportRow> rows, Map<String, Map<String, Long>> legacySkipped, Function<String, String> routes) {
    Map<String, ReportRow> byOperation = new LinkedHashMap<>();
    rows.forEach(r -> byOperation.put(r.operationId(), r));
    Set<String> operations = new LinkedHashSet<>(byOperation.keySet());
    operations.addAll(legacySkipped.keySet());
    List<String[]> lines = new ArrayList<>();
    lines.add(HEADER);
    for (String op : operations) {
      ReportRow row = byOperation.get(op);
      Map<String, Long> skipped = new LinkedHashMap<>();
      legacySkipped.getOrDefault(op, Map.of()).forEach((k, v) -> skipped.merge(k + " (legacy)", v, Long::sum));
      if (row != null) {
        row.skipped().forEach((k, v) -> skipped.merge(k + " (candidate)", v, Long::sum));
      }
      String skippedText = skipped.isEmpty() ? "-"
          : skipped.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
      String route = routes.apply(op);
      if (row == null) {
        lines.add(new String[] {op, route == null ? "" : route, "0", "-", "-", "-", skippedText, "-", "-", "-", "-"});
        continue;
      }
      String failed = String.valueOf(row.failed());
      if (!row.failures().isEmpty()) {
        failed += " (" + row.failures().entrySet().stream().map(e -> e.getKey()).collect(Collectors.joining(", ")) + ")";
      }
      lines.add(new String[] {
        op,
        route == null ? "" : route,
        String.valueOf(row.checks()),
        String.valueOf(row.matched()),
        String.valueOf(row.unmatched()),
        failed,
        skippedText,
        row.matchRate() == null ? "-"
            : percent(row.matchRate()) + " (" + percent(row.lower()) + "-" + percent(row.upper()) + ")",
        percent(row.threshold()),
        row.verdict(),
        row.topPath() == null ? "-" : row.topPath() + " (" + row.topPathCount() + ")"
      });
    }
    return format(lines);
  }

  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }

  private static String format(List<String[]> lines) {
    int[] widths = new int[HEADER.length];
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int l = 0; l < lines.size(); l++) {
      String[] line = lines.get(l);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        if (i > 0) {
          text.append("  ");
        }
        String pad = " ".repeat(widths[i] - line[i].length());
        text.append(RIGHT[i] && l > 0 ? pad + line[i] : line[i] + pad);
      }
      out.append(text.toString().stripTrailing()).append(System.lineSeparator());
      if (l == 0) {
        int total = 0;
        for (int w : widths) {
          total += w;
        }
        out.append("-".repeat(total + 2 * (widths.length - 1))).append(System.lineSeparator());
      }
    }
    return out.toString();
  }
}
