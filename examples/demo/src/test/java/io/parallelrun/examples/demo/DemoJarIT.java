package io.parallelrun.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged {@code parallel-run-demo.jar} in its own JVM, as the README's command does:
 * its manifest must find every dependency in {@code lib/}, and its exit codes must hold.
 */
class DemoJarIT {

  private static final Path JAR = Path.of(System.getProperty("demo.jar", "target/parallel-run-demo.jar"));

  @Test
  void bothApplicationsStartFromThePackagedJar() throws Exception {
    Result result = run("--legacy-port", "0", "--candidate-port", "0", "--no-traffic", "--exit-after");

    assertThat(result.exitCode).as(result.output).isZero();
    assertThat(result.output)
        .contains("monolith   http://localhost:")
        .contains("candidate  http://localhost:")
        .contains("/consistency-checks/report")
        .contains("/actuator/prometheus");
  }

  @Test
  void aBadOptionExitsWithTwo() throws Exception {
    Result result = run("--requests", "none");

    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.output).contains("--requests needs a whole number").contains("usage:");
  }

  private static Result run(String... args) throws IOException, InterruptedException {
    assertThat(JAR).as("run 'mvn package' first").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    Path log = Files.createTempFile("demo-jar", ".log");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("the demo did not exit within 5 minutes:\n" + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private record Result(int exitCode, String output) {}
}
