package io.parallelrun.spring;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The conditions that switch each side on. */
final class ParallelRunConditions {

  static final String LEGACY_ENABLED = "parallel-run.legacy.enabled";
  static final String LEGACY_CANDIDATE_URL = "parallel-run.legacy.candidate-url";
  static final String CANDIDATE_ENABLED = "parallel-run.candidate.enabled";

  private ParallelRunConditions() {}

  /**
   * The legacy side is on when {@code parallel-run.legacy.enabled} is {@code true}, or when it is
   * not set and {@code parallel-run.legacy.candidate-url} is.
   */
  static final class OnLegacySide extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
      Binder binder = Binder.get(context.getEnvironment());
      Boolean enabled = binder.bind(LEGACY_ENABLED, Boolean.class).orElse(null);
      if (enabled != null) {
        return enabled
            ? ConditionOutcome.match(LEGACY_ENABLED + " is true")
            : ConditionOutcome.noMatch(LEGACY_ENABLED + " is false");
      }
      String url = binder.bind(LEGACY_CANDIDATE_URL, String.class).orElse("");
      return url.isBlank()
          ? ConditionOutcome.noMatch("neither " + LEGACY_ENABLED + " nor " + LEGACY_CANDIDATE_URL + " is set")
          : ConditionOutcome.match(LEGACY_CANDIDATE_URL + " is set");
    }
  }

  /** Either side is on. */
  static final class OnAnySide extends AnyNestedCondition {
    OnAnySide() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @Conditional(OnLegacySide.class)
    static final class Legacy {}

    @ConditionalOnProperty(name = CANDIDATE_ENABLED, havingValue = "true")
    static final class Candidate {}
  }
}
