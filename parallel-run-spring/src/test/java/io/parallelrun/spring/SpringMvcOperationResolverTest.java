package io.parallelrun.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationRouter;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.HandlerMapping;

class SpringMvcOperationResolverTest {

  private final SpringMvcOperationResolver resolver = new SpringMvcOperationResolver();

  @Test
  void patternsBecomeTagSafeIds() {
    assertThat(SpringMvcOperationResolver.operationId("GET", "/returns/{id}")).isEqualTo("GET:returns.:id");
    assertThat(SpringMvcOperationResolver.operationId("get", "/returns/{id}/items")).isEqualTo("GET:returns.:id.items");
    assertThat(SpringMvcOperationResolver.operationId("POST", "/returns/search")).isEqualTo("POST:returns.search");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/")).isEqualTo("GET:root");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/orders/{id:\\d{1,9}}")).isEqualTo("GET:orders.:id");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/files/{*path}")).isEqualTo("GET:files.:path");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/files/{name}.{ext}")).isEqualTo("GET:files.:name_:ext");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/static/*/x")).isEqualTo("GET:static._.x");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/api/v1.0/so me/")).isEqualTo("GET:api.v1_0.so_me");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/api/user-data_x")).isEqualTo("GET:api.user-data_x");
  }

  @Test
  void theCatchAllPatternStaysUnmapped() {
    assertThat(SpringMvcOperationResolver.operationId("GET", "/**")).isNull();
    assertThat(SpringMvcOperationResolver.operationId("GET", "")).isNull();
  }

  @Test
  void longPatternsAreCutAndKeepAHashOfTheWhole() {
    String a = SpringMvcOperationResolver.operationId("GET", "/" + "segment/".repeat(10) + "a");
    String b = SpringMvcOperationResolver.operationId("GET", "/" + "segment/".repeat(10) + "b");
    assertThat(a).hasSize(64).matches(OperationPolicies.OPERATION_ID).startsWith("GET:segment.segment.");
    assertThat(b).hasSize(64).isNotEqualTo(a);
  }

  @Test
  void everyIdMatchesTheOperationIdPattern() {
    String[] patterns = {"/a b/{c}", "/ä/ö", "/x/{y}/**", "/{a}/{b}/{c}", "/~user/%20"};
    for (String pattern : patterns) {
      assertThat(SpringMvcOperationResolver.operationId("PATCH", pattern)).matches(OperationPolicies.OPERATION_ID);
    }
  }

  @Test
  void resolvesFromTheBestMatchingPatternAttribute() {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/returns/42");
    assertThat(resolver.resolve(request, OperationRouter.UNMAPPED)).isNull();
    request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/returns/{id}");
    assertThat(resolver.resolve(request, OperationRouter.UNMAPPED)).isEqualTo("GET:returns.:id");
    assertThat(resolver.resolve(request, OperationRouter.UNMAPPED)).isEqualTo("GET:returns.:id");
    request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/**");
    assertThat(resolver.resolve(request, OperationRouter.UNMAPPED)).isNull();
  }

  @Test
  void aConfiguredRouteWins() {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/returns/42");
    request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/returns/{id}");
    assertThat(resolver.resolve(request, "getReturn")).isNull();
  }
}
