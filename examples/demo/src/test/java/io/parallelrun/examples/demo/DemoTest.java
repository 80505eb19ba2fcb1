package io.parallelrun.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.parallelrun.examples.returns.service.CarrierClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the demo as its README command does, on free ports with a short run, and reads the table it
 * prints: every divergence of the example applications must show where it should.
 */
class DemoTest {

  /** 4 rounds of the traffic mix: every endpoint several times. */
  private static final int REQUESTS = 64;

  private static int exitCode;
  private static String output;
  private static Map<String, Map<String, String>> table;
  private static long pickupsBooked;
  private static long pickupsSkippedForReplays;

  @BeforeAll
  static void runDemo() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    Demo demo = new Demo(
        DemoOptions.parse("--legacy-port", "0", "--candidate-port", "0", "--requests", String.valueOf(REQUESTS), "--exit-after"),
        out,
        false);
    try {
      exitCode = demo.run();
      if (demo.candidateContext() != null) {
        CarrierClient carrier = demo.candidateContext().getBean(CarrierClient.class);
        pickupsBooked = carrier.booked();
        pickupsSkippedForReplays = carrier.skippedForReplays();
      }
    } finally {
      demo.stop();
    }
    output = buffer.toString(StandardCharsets.UTF_8);
    table = parseTable(output);
  }

  @Test
  void exitsWithZeroAfterPrintingTheTable() {
    assertThat(exitCode).as(output).isZero();
    assertThat(output).contains("requests " + REQUESTS + "/" + REQUESTS);
    assertThat(output).contains("/consistency-checks/report").contains("/actuator/prometheus");
  }

  @Test
  void reorderedKeysItemsAndPricesMatch() {
    Map<String, String> row = row("getReturn");
    assertThat(row.get("route")).isEqualTo("GET /returns/{id}");
    assertThat(number(row, "checks")).isEqualTo(REQUESTS / 16 * 5);
    assertThat(number(row, "matched")).isEqualTo(number(row, "checks"));
    assertThat(row.get("top differing path")).isEqualTo("-");
  }

  @Test
  void theTimestampBugIsUnmatchedAtItsPath() {
    Map<String, String> row = row("listReturns");
    assertThat(number(row, "checks")).isEqualTo(REQUESTS / 16 * 2);
    assertThat(number(row, "unmatched")).isEqualTo(number(row, "checks"));
    // every customer has three returns, each with the wrong timestamp
    assertThat(row.get("top differing path")).isEqualTo("body /returns/*/createdAt (" + 3 * number(row, "checks") + ")");
  }

  @Test
  void theMissingFieldIsUnmatchedOnlyWhereTheMonolithWroteNull() {
    Map<String, String> row = row("searchReturns");
    assertThat(number(row, "checks")).isEqualTo(REQUESTS / 16 * 2);
    assertThat(number(row, "unmatched")).isPositive();
    assertThat(number(row, "matched")).isPositive();
    assertThat(row.get("top differing path")).startsWith("body /results/*/comment");
  }

  @Test
  void labelsMatchThroughThePdfTextComparator() {
    Map<String, String> row = row("getLabel");
    assertThat(number(row, "checks")).isEqualTo(REQUESTS / 16 * 3);
    assertThat(number(row, "matched")).isEqualTo(number(row, "checks"));
  }

  @Test
  void replayedLabelsBookNoPickup() {
    assertThat(pickupsSkippedForReplays).isEqualTo(number(row("getLabel"), "checks"));
    assertThat(pickupsBooked).isZero();
  }

  @Test
  void theFlakyPaymentClientShowsAsFailed() {
    Map<String, String> row = row("getRefund");
    assertThat(number(row, "checks")).isEqualTo(REQUESTS / 16 * 3);
    assertThat(number(row, "failed")).isEqualTo(number(row, "checks") / 4);
    assertThat(row.get("failed")).contains("candidate_5xx");
    assertThat(number(row, "unmatched")).isZero();
  }

  @Test
  void creatingAReturnIsNeverReplayed() {
    Map<String, String> row = row("createReturn");
    assertThat(row.get("checks")).isEqualTo("0");
    assertThat(row.get("skipped")).isEqualTo(REQUESTS / 16 + " non_idempotent (legacy)");
  }

  private static Map<String, String> row(String operation) {
    assertThat(table).as(output).containsKey(operation);
    return table.get(operation);
  }

  private static long number(Map<String, String> row, String column) {
    return Long.parseLong(row.get(column).split(" ")[0]);
  }

  /** The table's rows by operation, each cell by its column header. */
  private static Map<String, Map<String, String>> parseTable(String text) {
    List<String> lines = text.lines().toList();
    int header = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("operation  ")) {
        header = i;
      }
    }
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    if (header < 0) {
      return rows;
    }
    List<String> columns = Arrays.asList(lines.get(header).trim().split("\\s{2,}"));
    for (int i = header + 2; i < lines.size() && !lines.get(i).isBlank(); i++) {
      String[] cells = lines.get(i).trim().split("\\s{2,}");
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < columns.size() && c < cells.length; c++) {
        row.put(columns.get(c), cells[c]);
      }
      rows.put(cells[0], row);
    }
    return rows;
  }
}
