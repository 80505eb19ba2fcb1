package io.parallelrun.servlet.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code promtool check rules} and {@code promtool test rules} on docs/prometheus. */
class PromtoolRulesTest {

  @Test
  void rulesAreValid() throws Exception {
    String out = promtool("check", "rules", PrometheusBinaries.RULES.toString());
    assertThat(out).contains("SUCCESS");
  }

  @Test
  void ruleUnitTestsPass() throws Exception {
    String out = promtool("test", "rules", PrometheusBinaries.RULES_TEST.toString());
    assertThat(out).contains("SUCCESS");
  }

  private static String promtool(String... args) throws IOException, InterruptedException {
    Path promtool = PrometheusBinaries.require("promtool");
    List<String> command = new java.util.ArrayList<>();
    command.add(promtool.toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .directory(PrometheusBinaries.repositoryRoot().toFile())
        .redirectErrorStream(true)
        .start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool finished").isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("promtool %s exit code; output:%n%s", String.join(" ", args), text).isZero();
    return text;
  }
}
