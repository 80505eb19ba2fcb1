package io.parallelrun.core.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.parallelrun.core.compare.ResponseComparator;
import io.parallelrun.core.redact.Redactions;
import org.junit.jupiter.api.Test;

/** Building a policy must not build its standard comparator; that happens on first use. */
class OperationPolicyComparatorTest {

  @Test
  void policiesBuildWithoutBuildingTheStandardComparator() {
    OperationPolicy policy = OperationPolicy.custom().threshold(0.995).build();
    assertThat(policy.threshold()).isEqualTo(0.995);
    assertThat(policy.hasCustomComparator()).isFalse();
    assertThat(policy.inTransitRedaction()).isSameAs(Redactions.none());
    assertThat(OperationPolicies.ofDefaults().forOperation("any").minSamples()).isEqualTo(100);
  }

  @Test
  void aCustomComparatorIsReturnedAsGivenAndSurvivesDerivation() {
    ResponseComparator custom = (legacy, candidate) -> null;
    OperationPolicy policy = OperationPolicy.custom().comparator(custom).build();
    assertThat(policy.comparator()).isSameAs(custom);
    assertThat(policy.hasCustomComparator()).isTrue();
    assertThat(OperationPolicy.from(policy).minSamples(5).build().comparator()).isSameAs(custom);
  }
}
