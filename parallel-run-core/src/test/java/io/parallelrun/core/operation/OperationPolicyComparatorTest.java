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

  @Test
  void theStandardComparatorIsBuiltOnceFromThePolicysRules() {
    OperationPolicy policy =
        OperationPolicy.custom()
            .headerRules(io.parallelrun.core.compare.HeaderRules.builder().ignore("ETag").build())
            .bodyRules(io.parallelrun.core.compare.BodyRules.builder().ignorePaths("/ts").build())
            .build();
    ResponseComparator comparator = policy.comparator();
    assertThat(policy.comparator()).isSameAs(comparator);
    io.parallelrun.core.payload.HttpHeaders json = io.parallelrun.core.payload.HttpHeaders.of("Content-Type", "application/json");
    io.parallelrun.core.payload.CapturedResponse legacy =
        io.parallelrun.core.payload.CapturedResponse.of(200, json.toBuilder().add("ETag", "1").build(), "{\"ts\":1,\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    io.parallelrun.core.payload.CapturedResponse candidate =
        io.parallelrun.core.payload.CapturedResponse.of(200, json.toBuilder().add("ETag", "2").build(), "{\"a\":1,\"ts\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(comparator.compare(legacy, candidate).isMatched()).isTrue();
    assertThat(OperationPolicy.ofDefaults().comparator().compare(legacy, candidate).isMatched()).isFalse();
  }
}
