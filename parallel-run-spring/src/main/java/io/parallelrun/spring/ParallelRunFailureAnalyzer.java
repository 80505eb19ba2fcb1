package io.parallelrun.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports an invalid {@code parallel-run.*} property at startup: which one, what is wrong, what to do. */
final class ParallelRunFailureAnalyzer extends AbstractFailureAnalyzer<InvalidParallelRunConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidParallelRunConfigurationException cause) {
    String description = "parallel-run is not configured correctly.\n\n"
        + "    Property: " + cause.property() + "\n"
        + "    Problem:  " + cause.problem() + "\n";
    return new FailureAnalysis(description, cause.action(), cause);
  }
}
