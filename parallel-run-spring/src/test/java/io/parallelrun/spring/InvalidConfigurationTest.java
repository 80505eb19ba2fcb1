package io.parallelrun.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.compare.ResponseComparator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * Every invalid configuration stops the startup with a report naming the property, the problem
 * and the fix.
 */
class InvalidConfigurationTest {

  private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ParallelRunAutoConfiguration.class, ParallelRunLegacyAutoConfiguration.class))
      .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

  private WebApplicationContextRunner legacy() {
    return runner.withPropertyValues(
        "parallel-run.legacy.candidate-url=http://127.0.0.1:9/consistency-checks",
        "parallel-run.legacy.secret=" + LegacyAutoConfigurationTest.SECRET);
  }

  /** Asserts a startup failure for {@code property} whose problem contains {@code problem}. */
  static ContextConsumer<AssertableWebApplicationContext> failsWith(String property, String problem) {
    return context -> {
      assertThat(context).hasFailed();
      Throwable failure = context.getStartupFailure();
      FailureAnalysis analysis = new ParallelRunFailureAnalyzer().analyze(failure);
      assertThat(analysis).as("analysis of %s", failure).isNotNull();
      assertThat(analysis.getDescription()).contains("Property: " + property).contains(problem);
      assertThat(analysis.getAction()).isNotBlank();
      InvalidParallelRunConfigurationException cause = (InvalidParallelRunConfigurationException) analysis.getCause();
      assertThat(cause.property()).isEqualTo(property);
      assertThat(cause.getMessage()).startsWith("Invalid parallel-run configuration: " + property + ": ");
    };
  }

  @Test
  void missingSecret() {
    runner.withPropertyValues("parallel-run.legacy.candidate-url=http://127.0.0.1:9")
        .run(failsWith("parallel-run.legacy.secret", "is required"));
  }

  @Test
  void missingSecretNamesTheEnvironmentVariableInTheAction() {
    runner.withPropertyValues("parallel-run.legacy.candidate-url=http://127.0.0.1:9").run(context -> {
      FailureAnalysis analysis = new ParallelRunFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(analysis.getAction()).contains("PARALLEL_RUN_LEGACY_SECRET").contains("parallel-run.candidate.secret");
    });
  }

  @Test
  void secretTooShort() {
    runner.withPropertyValues("parallel-run.legacy.candidate-url=http://127.0.0.1:9", "parallel-run.legacy.secret=short")
        .run(failsWith("parallel-run.legacy.secret", "must be at least 16 bytes, was 5"));
  }

  @Test
  void enabledWithoutCandidateUrl() {
    runner.withPropertyValues("parallel-run.legacy.enabled=true", "parallel-run.legacy.secret=" + LegacyAutoConfigurationTest.SECRET)
        .run(failsWith("parallel-run.legacy.candidate-url", "is required when parallel-run.legacy.enabled is true"));
  }

  @Test
  void candidateUrlNotHttp() {
    runner.withPropertyValues("parallel-run.legacy.candidate-url=ftp://candidate/x", "parallel-run.legacy.secret=" + LegacyAutoConfigurationTest.SECRET)
        .run(failsWith("parallel-run.legacy.candidate-url", "must be an absolute http or https URL"));
  }

  @Test
  void candidateUrlRelative() {
    runner.withPropertyValues("parallel-run.legacy.candidate-url=/consistency-checks", "parallel-run.legacy.secret=" + LegacyAutoConfigurationTest.SECRET)
        .run(failsWith("parallel-run.legacy.candidate-url", "must be an absolute http or https URL"));
  }

  @Test
  void thresholdAboveOne() {
    legacy().withPropertyValues("parallel-run.operations.getReturn.threshold=1.5")
        .run(failsWith("parallel-run.operations.getReturn.threshold", "must be between 0 and 1, was 1.5"));
  }

  @Test
  void thresholdBelowZeroInTheDefaults() {
    legacy().withPropertyValues("parallel-run.operations.defaults.threshold=-0.1")
        .run(failsWith("parallel-run.operations.defaults.threshold", "must be between 0 and 1, was -0.1"));
  }

  @Test
  void sampleRateAboveOne() {
    legacy().withPropertyValues("parallel-run.operations.getReturn.sample-rate=2")
        .run(failsWith("parallel-run.operations.getReturn.sample-rate", "must be between 0 and 1, was 2.0"));
  }

  @Test
  void minSamplesZero() {
    legacy().withPropertyValues("parallel-run.operations.getReturn.min-samples=0")
        .run(failsWith("parallel-run.operations.getReturn.min-samples", "must be at least 1, was 0"));
  }

  @Test
  void replayTimeoutZero() {
    legacy().withPropertyValues("parallel-run.operations.getReturn.replay-timeout=0s")
        .run(failsWith("parallel-run.operations.getReturn.replay-timeout", "must be positive"));
  }

  @Test
  void malformedRoute() {
    legacy().withPropertyValues("parallel-run.operations.getReturn.route=GET /returns/{id")
        .run(failsWith("parallel-run.operations.getReturn.route", "/returns/{id"));
  }

  @Test
  void routeWithoutLeadingSlash() {
    legacy().withPropertyValues("parallel-run.operations.getReturn.route=GET returns/{id}")
        .run(failsWith("parallel-run.operations.getReturn.route", "returns/{id}"));
  }

  @Test
  void routeWithUnknownMethod() {
    legacy().withPropertyValues("parallel-run.operations.getReturn.routes[0]=FETCH /returns/{id}")
        .run(failsWith("parallel-run.operations.getReturn.routes", "FETCH"));
  }

  @Test
  void twoOperationsClaimingTheSameRoute() {
    legacy().withPropertyValues(
            "parallel-run.operations.getReturn.route=GET /returns/{id}",
            "parallel-run.operations.readReturn.route=GET /returns/{returnId}")
        .run(failsWith("parallel-run.operations.readReturn.route", "getReturn"));
  }

  @Test
  void malformedExclusion() {
    legacy().withPropertyValues("parallel-run.legacy.exclude=actuator/**")
        .run(failsWith("parallel-run.legacy.exclude", "actuator/**"));
  }

  @Test
  void operationIdTooLong() {
    String id = "o".repeat(129);
    legacy().withPropertyValues("parallel-run.operations." + id + ".threshold=0.9")
        .run(failsWith("parallel-run.operations." + id, "is not a valid operation id"));
  }

  @Test
  void unknownComparatorName() {
    legacy()
        .withBean("pdfComparator", ResponseComparator.class, () -> (legacy, candidate) -> MatchResult.matched())
        .withPropertyValues("parallel-run.operations.getReturn.comparator=pdfComparatr")
        .run(failsWith("parallel-run.operations.getReturn.comparator",
            "no ResponseComparator bean named 'pdfComparatr'; known comparators: pdfComparator, standard"));
  }

  @Test
  void aBeanOfAnotherTypeIsNoComparator() {
    legacy()
        .withBean("notAComparator", String.class, () -> "text")
        .withPropertyValues("parallel-run.operations.getReturn.comparator=notAComparator")
        .run(failsWith("parallel-run.operations.getReturn.comparator", "no ResponseComparator bean named 'notAComparator'"));
  }

  @Test
  void invalidIgnoredBodyPath() {
    legacy().withPropertyValues("parallel-run.operations.getReturn.ignore-body-paths=createdAt")
        .run(failsWith("parallel-run.operations.getReturn.ignore-body-paths", "createdAt"));
  }

  @Test
  void invalidUnorderedArrayPointer() {
    legacy().withPropertyValues("parallel-run.operations.getReturn.unordered-arrays=items")
        .run(failsWith("parallel-run.operations.getReturn.unordered-arrays", "items"));
  }

  @Test
  void hashRedactionWithoutKey() {
    legacy().withPropertyValues("parallel-run.operations.defaults.redact-in-transit.hash.json-fields=email")
        .run(failsWith("parallel-run.redaction.hash-key", "is required because parallel-run.operations.defaults.redact-in-transit.hash uses the hash mode"));
  }

  @Test
  void hashKeyTooShort() {
    legacy().withPropertyValues("parallel-run.redaction.hash-key=short",
            "parallel-run.operations.getReturn.redact-at-rest.hash.headers=X-Customer")
        .run(failsWith("parallel-run.redaction.hash-key", "at least 16 bytes"));
  }

  @Test
  void invalidRedactedHeaderName() {
    legacy().withPropertyValues("parallel-run.operations.getReturn.redact-at-rest.mask.headers=Bad Header")
        .run(failsWith("parallel-run.operations.getReturn.redact-at-rest.mask.headers", "Bad Header"));
  }

  @Test
  void invalidRedactedPointer() {
    legacy().withPropertyValues("parallel-run.operations.getReturn.redact-in-transit.remove.json-pointers=customer")
        .run(failsWith("parallel-run.operations.getReturn.redact-in-transit.remove.json-pointers", "customer"));
  }

  @Test
  void maxBodySizeZero() {
    legacy().withPropertyValues("parallel-run.legacy.max-body-size=0")
        .run(failsWith("parallel-run.legacy.max-body-size", "must be between 1B and 2GB"));
  }

  @Test
  void publisherWorkersZero() {
    legacy().withPropertyValues("parallel-run.legacy.publisher.workers=0")
        .run(failsWith("parallel-run.legacy.publisher.workers", "workers"));
  }

  @Test
  void noUrlPatterns() {
    legacy().withPropertyValues("parallel-run.legacy.url-patterns=")
        .run(failsWith("parallel-run.legacy.url-patterns", "at least one URL pattern"));
  }
}
