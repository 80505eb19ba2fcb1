package io.parallelrun.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated configuration metadata documents every property, and docs/spring.md lists them. */
class ConfigurationMetadataTest {

  private static JsonNode metadata() throws IOException {
    try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated configuration metadata on the class path").isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }

  private static List<String> names(JsonNode metadata) {
    List<String> names = new ArrayList<>();
    metadata.path("properties").forEach(p -> names.add(p.path("name").asText()));
    return names;
  }

  @Test
  void everyPropertyHasATypeAndADescription() throws IOException {
    JsonNode metadata = metadata();
    assertThat(metadata.path("properties").size()).isGreaterThan(60);
    metadata.path("properties").forEach(p -> {
      assertThat(p.path("type").asText()).as("type of %s", p.path("name")).isNotBlank();
      assertThat(p.path("description").asText()).as("description of %s", p.path("name")).isNotBlank();
    });
  }

  @Test
  void theIssuesPropertiesAndComputedDefaultsAreThere() throws IOException {
    JsonNode metadata = metadata();
    assertThat(names(metadata)).contains(
        "parallel-run.legacy.candidate-url", "parallel-run.legacy.secret", "parallel-run.candidate.enabled",
        "parallel-run.candidate.secret", "parallel-run.candidate.replay-base-url", "parallel-run.operations",
        "parallel-run.operations.defaults.threshold", "parallel-run.operations.defaults.min-samples",
        "parallel-run.operations.defaults.ignore-body-paths", "parallel-run.operations.defaults.unordered-arrays",
        "parallel-run.operations.defaults.comparator", "parallel-run.operations.defaults.redact-in-transit.hash.json-fields",
        "parallel-run.redaction.hash-key");
    metadata.path("properties").forEach(p -> {
      if (p.path("name").asText().equals("parallel-run.legacy.filter-order")) {
        assertThat(p.path("defaultValue").asInt()).isEqualTo(ParallelRunLegacyAutoConfiguration.DEFAULT_FILTER_ORDER);
      }
      if (p.path("name").asText().equals("parallel-run.legacy.exclude")) {
        assertThat(p.path("defaultValue").get(0).asText()).isEqualTo("/actuator/**");
      }
    });
  }

  @Test
  void docsListEveryProperty() throws IOException {
    Path docs = Path.of("..", "docs", "spring.md");
    String text = Files.readString(docs, StandardCharsets.UTF_8);
    for (String name : names(metadata())) {
      if (name.startsWith("management.endpoint.parallelrun.")) {
        if (!name.endsWith(".enabled")) {
          assertThat(text).as("docs/spring.md lists %s", name).contains("| `" + name + "` |");
        }
        continue;
      }
      if (name.equals("parallel-run.operations") || name.contains(".redact-")) {
        continue;
      }
      String key = name.replaceFirst("^parallel-run\\.(legacy|candidate|redaction|operations\\.defaults)\\.", "");
      assertThat(text).as("docs/spring.md lists %s", name).contains("| `" + key + "` |");
    }
    assertThat(text).contains("`redact-in-transit.{remove,mask,hash}.{headers,query-parameters,json-fields,json-pointers}`");
    assertThat(text).contains("`redact-at-rest.{remove,mask,hash}.{headers,query-parameters,json-fields,json-pointers}`");
  }
}
