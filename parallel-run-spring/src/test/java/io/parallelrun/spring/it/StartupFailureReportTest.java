package io.parallelrun.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parallelrun.spring.InvalidParallelRunConfigurationException;
import io.parallelrun.spring.it.legacy.LegacyApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A real application with an invalid property stops, and Spring Boot prints parallel-run's report. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTest {

  @Test
  void anInvalidThresholdStopsTheApplicationWithAReport(CapturedOutput output) {
    SpringApplicationBuilder application = new SpringApplicationBuilder(LegacyApplication.class).properties(
        "server.port=0",
        "parallel-run.legacy.candidate-url=http://127.0.0.1:9/consistency-checks",
        "parallel-run.legacy.secret=0123456789abcdef-secret",
        "parallel-run.operations.getReturn.route=GET /returns/{id}",
        "parallel-run.operations.getReturn.threshold=1.5");
    assertThatThrownBy(application::run).hasRootCauseInstanceOf(InvalidParallelRunConfigurationException.class);
    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("parallel-run is not configured correctly.")
        .contains("Property: parallel-run.operations.getReturn.threshold")
        .contains("Problem:  must be between 0 and 1, was 1.5")
        .contains("Correct parallel-run.operations.getReturn.threshold");
  }
}
