package io.parallelrun.examples.returns.legacy;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The "monolith": serves returns to its clients and, through parallel-run's legacy side, copies
 * each request and response to the candidate service.
 *
 * <p>Its configuration is {@code returns-legacy.properties} (not {@code application.properties}),
 * so that it can share a class path with the candidate in the demo.
 */
@SpringBootApplication
public class ReturnsLegacyApplication {

  /** Name of this application's configuration file, without extension. */
  public static final String CONFIG_NAME = "returns-legacy";

  /** A builder of this application, configured from {@code returns-legacy.properties}. */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(ReturnsLegacyApplication.class)
        .properties(Map.of("spring.config.name", CONFIG_NAME));
  }

  public static void main(String[] args) {
    application().run(args);
  }
}
