package io.parallelrun.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.compare.HeaderRules;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.compare.ResponseComparator;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationPolicy;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.HttpHeaders;
import io.parallelrun.core.redact.Redactions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** parallel-run.operations.* becomes the router and the policies. */
class OperationPropertiesTest {

  private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ParallelRunAutoConfiguration.class, ParallelRunLegacyAutoConfiguration.class))
      .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
      .withPropertyValues(
          "parallel-run.legacy.candidate-url=http://127.0.0.1:9/consistency-checks",
          "parallel-run.legacy.secret=" + LegacyAutoConfigurationTest.SECRET);

  @Test
  void theIssuesExampleBindsAsWritten() {
    runner.withPropertyValues(
            "parallel-run.operations.defaults.threshold=0.99",
            "parallel-run.operations.defaults.min-samples=100",
            "parallel-run.operations.getReturn.route=GET /returns/{id}",
            "parallel-run.operations.getReturn.threshold=0.995",
            "parallel-run.operations.getReturn.ignore-body-paths=/createdAt,/items/*/id",
            "parallel-run.operations.getReturn.unordered-arrays=/items",
            "parallel-run.operations.searchReturns.route=POST /returns/search",
            "parallel-run.operations.searchReturns.idempotent=true")
        .run(context -> {
          assertThat(context).hasNotFailed();
          OperationRouter router = context.getBean(OperationRouter.class);
          assertThat(router.operationFor("GET", "/returns/42?lang=de")).isEqualTo("getReturn");
          assertThat(router.operationFor("POST", "/returns/search")).isEqualTo("searchReturns");
          assertThat(router.operationFor("DELETE", "/returns/42")).isEqualTo(OperationRouter.UNMAPPED);

          OperationPolicies policies = context.getBean(OperationPolicies.class);
          assertThat(policies.named()).containsOnlyKeys("getReturn", "searchReturns");
          OperationPolicy getReturn = policies.forOperation("getReturn");
          assertThat(getReturn.threshold()).isEqualTo(0.995);
          assertThat(getReturn.minSamples()).isEqualTo(100);
          assertThat(getReturn.idempotent()).isFalse();
          assertThat(getReturn.bodyRules().ignoredPaths()).containsExactly("/createdAt", "/items/*/id");
          assertThat(getReturn.bodyRules().unorderedArrays()).containsExactly("/items");
          OperationPolicy search = policies.forOperation("searchReturns");
          assertThat(search.idempotent()).isTrue();
          assertThat(search.allowsMethod("POST")).isTrue();
          assertThat(search.threshold()).isEqualTo(0.99);
          assertThat(policies.forOperation("other")).isSameAs(policies.defaults());
        });
  }

  @Test
  void scalarsOfAnOperationOverrideTheDefaultsAndListsAddToThem() {
    runner.withPropertyValues(
            "parallel-run.operations.defaults.threshold=0.9",
            "parallel-run.operations.defaults.min-samples=10",
            "parallel-run.operations.defaults.sample-rate=0.5",
            "parallel-run.operations.defaults.replay-timeout=3s",
            "parallel-run.operations.defaults.ignore-headers=X-Trace",
            "parallel-run.operations.defaults.ignore-body-paths=/meta",
            "parallel-run.operations.listReturns.route=GET /returns",
            "parallel-run.operations.listReturns.min-samples=500",
            "parallel-run.operations.listReturns.sticky-sampling-header=X-Customer-Id",
            "parallel-run.operations.listReturns.ignore-headers=X-Build",
            "parallel-run.operations.listReturns.compare-headers=Date",
            "parallel-run.operations.listReturns.ignore-body-paths=/items/*/updatedAt",
            "parallel-run.operations.listReturns.null-equals-missing=true",
            "parallel-run.operations.listReturns.max-differences=5")
        .run(context -> {
          OperationPolicies policies = context.getBean(OperationPolicies.class);
          OperationPolicy defaults = policies.defaults();
          assertThat(defaults.threshold()).isEqualTo(0.9);
          assertThat(defaults.sampleRate()).isEqualTo(0.5);
          assertThat(defaults.replayTimeout()).isEqualTo(Duration.ofSeconds(3));
          assertThat(defaults.headerRules().isIgnored("x-trace")).isTrue();
          assertThat(defaults.headerRules().isIgnored("Date")).isTrue();

          OperationPolicy list = policies.forOperation("listReturns");
          assertThat(list.threshold()).isEqualTo(0.9);
          assertThat(list.minSamples()).isEqualTo(500);
          assertThat(list.sampleRate()).isEqualTo(0.5);
          assertThat(list.stickySamplingHeader()).isEqualTo("X-Customer-Id");
          assertThat(list.replayTimeout()).isEqualTo(Duration.ofSeconds(3));
          assertThat(list.headerRules().isIgnored("X-Trace")).isTrue();
          assertThat(list.headerRules().isIgnored("X-Build")).isTrue();
          assertThat(list.headerRules().isIgnored("Server")).isTrue();
          assertThat(list.headerRules().isIgnored("Date")).isFalse();
          assertThat(list.bodyRules().ignoredPaths()).containsExactly("/meta", "/items/*/updatedAt");
          assertThat(list.bodyRules().nullEqualsMissing()).isTrue();
          assertThat(list.bodyRules().maxDifferences()).isEqualTo(5);
        });
  }

  @Test
  void withoutOperationsEveryPolicyIsTheLibraryDefault() {
    runner.run(context -> {
      OperationPolicies policies = context.getBean(OperationPolicies.class);
      assertThat(policies.named()).isEmpty();
      assertThat(policies.defaults().threshold()).isEqualTo(0.99);
      assertThat(policies.defaults().minSamples()).isEqualTo(100);
      assertThat(policies.defaults().headerRules()).isEqualTo(HeaderRules.defaults());
      assertThat(context.getBean(OperationRouter.class).isEmpty()).isTrue();
    });
  }

  @Test
  void anOperationWithSeveralRoutes() {
    runner.withPropertyValues(
            "parallel-run.operations.getReturn.route=GET /returns/{id}",
            "parallel-run.operations.getReturn.routes[0]=GET /v2/returns/{id}",
            "parallel-run.operations.getReturn.routes[1]=HEAD /returns/{id}")
        .run(context -> {
          OperationRouter router = context.getBean(OperationRouter.class);
          assertThat(router.operationFor("GET", "/returns/1")).isEqualTo("getReturn");
          assertThat(router.operationFor("GET", "/v2/returns/1")).isEqualTo("getReturn");
          assertThat(router.operationFor("HEAD", "/returns/1")).isEqualTo("getReturn");
        });
  }

  @Test
  void aComparatorBeanIsAttachedByName() {
    ResponseComparator pdf = (legacy, candidate) -> MatchResult.matched();
    runner.withBean("pdfComparator", ResponseComparator.class, () -> pdf)
        .withPropertyValues(
            "parallel-run.operations.getInvoice.route=GET /invoices/{id}/pdf",
            "parallel-run.operations.getInvoice.comparator=pdfComparator",
            "parallel-run.operations.getReturn.comparator=standard")
        .run(context -> {
          OperationPolicies policies = context.getBean(OperationPolicies.class);
          assertThat(policies.forOperation("getInvoice").hasCustomComparator()).isTrue();
          assertThat(policies.forOperation("getInvoice").comparator()).isSameAs(pdf);
          assertThat(policies.forOperation("getReturn").hasCustomComparator()).isFalse();
        });
  }

  @Test
  void redactionRulesBecomeThePoliciesRedactions() {
    runner.withPropertyValues(
            "parallel-run.redaction.hash-key=0123456789abcdef0123",
            "parallel-run.redaction.mask-placeholder=[hidden]",
            "parallel-run.operations.defaults.redact-in-transit.mask.headers=X-Customer-Token",
            "parallel-run.operations.getReturn.redact-in-transit.hash.json-fields=email",
            "parallel-run.operations.getReturn.redact-in-transit.remove.query-parameters=iban",
            "parallel-run.operations.getReturn.redact-at-rest.mask.json-pointers=/customer/name")
        .run(context -> {
          assertThat(context).hasNotFailed();
          OperationPolicies policies = context.getBean(OperationPolicies.class);
          assertThat(policies.defaults().atRestRedaction()).isSameAs(Redactions.none());
          OperationPolicy getReturn = policies.forOperation("getReturn");

          HttpHeaders headers = HttpHeaders.builder()
              .add("X-Customer-Token", "abc").add("Content-Type", "application/json").build();
          CapturedRequest request = CapturedRequest.of("GET", "/returns/1?iban=DE00&lang=de", headers,
              "{\"email\":\"a@b.c\"}".getBytes(StandardCharsets.UTF_8), false);
          CapturedRequest inTransit = getReturn.inTransitRedaction().redact(request);
          assertThat(inTransit.target()).isEqualTo("/returns/1?lang=de");
          assertThat(inTransit.headers().first("X-Customer-Token")).isEqualTo("[hidden]");
          assertThat(new String(inTransit.body(), StandardCharsets.UTF_8)).doesNotContain("a@b.c").contains("hmac:");

          CapturedResponse response = CapturedResponse.of(200, headers,
              "{\"customer\":{\"name\":\"Ada\"}}".getBytes(StandardCharsets.UTF_8));
          assertThat(new String(getReturn.atRestRedaction().redact(response).body(), StandardCharsets.UTF_8))
              .isEqualTo("{\"customer\":{\"name\":\"[hidden]\"}}");
          assertThat(policies.defaults().inTransitRedaction().redact(request).headers().first("X-Customer-Token"))
              .isEqualTo("[hidden]");
        });
  }
}
