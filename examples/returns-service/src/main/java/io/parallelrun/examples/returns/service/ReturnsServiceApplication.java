package io.parallelrun.examples.returns.service;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The candidate: the new returns service. It reimplements the monolith's returns endpoints and,
 * through parallel-run's candidate side, receives copies of the monolith's traffic, replays them
 * against itself and compares the answers.
 *
 * <p>Its configuration is {@code returns-service.properties} (not {@code application.properties}),
 * so that it can share a class path with the candidate in the demo.
 */
@SpringBootApplication
public class ReturnsServiceApplication {

  /** Name of this application's configuration file, without extension. */
  public static final String CONFIG_NAME = "returns-service";

  /** A builder of this application, configured from {@code returns-service.properties}. */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(ReturnsServiceApplication.class)
        .properties(Map.of("spring.config.name", CONFIG_NAME));
  }

  public static void main(String[] args) {
    application().run(args);
  }
}
