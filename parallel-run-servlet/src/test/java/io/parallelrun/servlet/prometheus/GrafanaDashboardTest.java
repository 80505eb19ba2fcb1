package io.parallelrun.servlet.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docs/grafana/parallel-run.json is importable: valid JSON, a Prometheus data source variable that
 * every panel uses, the operation_id variable, unique panel ids. {@link PrometheusScrapeTest} runs
 * its queries against a real Prometheus.
 */
class GrafanaDashboardTest {

  @Test
  void dashboardIsImportableAndUsesItsVariables() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(
        Files.readString(PrometheusBinaries.repositoryRoot().resolve(PrometheusBinaries.DASHBOARD)));
    assertThat(dashboard.path("uid").asText()).isEqualTo("parallel-run");
    assertThat(dashboard.path("id").isNull()).as("no instance id, so that it imports anywhere").isTrue();
    assertThat(dashboard.path("schemaVersion").asInt()).isPositive();

    JsonNode variables = dashboard.path("templating").path("list");
    JsonNode datasource = variable(variables, "datasource");
    assertThat(datasource.path("type").asText()).isEqualTo("datasource");
    assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
    JsonNode operation = variable(variables, "operation_id");
    assertThat(operation.path("query").path("query").asText()).isEqualTo("label_values(parallel_run_checks_total, operation_id)");
    assertThat(operation.path("includeAll").asBoolean()).isTrue();
    assertThat(operation.path("multi").asBoolean()).isTrue();

    List<JsonNode> panels = new ArrayList<>();
    dashboard.path("panels").forEach(panels::add);
    Set<Integer> ids = new HashSet<>();
    List<String> titles = new ArrayList<>();
    for (JsonNode panel : panels) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique id of %s", panel.path("title")).isTrue();
      assertThat(panel.path("gridPos").path("w").asInt()).as("width of %s", panel.path("title")).isBetween(1, 24);
      if ("row".equals(panel.path("type").asText())) {
        continue;
      }
      titles.add(panel.path("title").asText());
      assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
        assertThat(target.path("expr").asText()).isNotBlank();
      }
    }
    assertThat(String.join("\n", titles)).contains(
        "Match rate", "threshold", "Checks by result", "Differences by axis", "latency", "Backlog", "Check lag",
        "Published captures by outcome", "Skipped by side and reason");
  }

  private static JsonNode variable(JsonNode variables, String name) {
    for (JsonNode variable : variables) {
      if (name.equals(variable.path("name").asText())) {
        return variable;
      }
    }
    throw new AssertionError("no dashboard variable " + name);
  }
}
