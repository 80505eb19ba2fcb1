package io.parallelrun.servlet.prometheus;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds {@code prometheus} and {@code promtool} on the {@code PATH}. On a developer machine
 * without them the tests that need them are skipped; under CI ({@code CI=true}), where {@code
 * .ci/run} installs them, their absence fails the test.
 *
 * <p>Shared with other modules' tests through this module's test jar.
 */
public final class PrometheusBinaries {
  private PrometheusBinaries() {}

  /** The rules and their unit tests, relative to the repository root. */
  public static final Path RULES = Path.of("docs", "prometheus", "parallel-run-rules.yml");
  public static final Path RULES_TEST = Path.of("docs", "prometheus", "parallel-run-rules.test.yml");
  public static final Path DASHBOARD = Path.of("docs", "grafana", "parallel-run.json");

  public static Path require(String name) {
    Optional<Path> found = find(name);
    if (found.isEmpty()) {
      String message = "'" + name + "' is not on the PATH (Debian/Ubuntu: apt-get install prometheus)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message + "; CI must run this test");
      }
      assumeTrue(false, message + "; skipping");
    }
    return found.get();
  }

  public static Optional<Path> find(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The repository root: the nearest directory above the module's that holds the rules. */
  public static Path repositoryRoot() {
    Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    for (Path dir = module.getParent(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(RULES))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find " + RULES + " above " + module);
  }
}
