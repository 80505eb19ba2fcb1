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
  void idsAreTheMethodAndThePatternAsWritten() {
    assertThat(SpringMvcOperationResolver.operationId("GET", "/returns/{id}")).isEqualTo("GET /returns/{id}");
    assertThat(SpringMvcOperationResolver.operationId("get", "/returns/{id}/items")).isEqualTo("GET /returns/{id}/items");
    assertThat(SpringMvcOperationResolver.operationId("POST", "/returns/search")).isEqualTo("POST /returns/search");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/")).isEqualTo("GET /");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/api/v1.0/")).isEqualTo("GET /api/v1.0/");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/api/user-data_x:y")).isEqualTo("GET /api/user-data_x:y");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/files/{*path}")).isEqualTo("GET /files/{*path}");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/files/{name}.{ext}")).isEqualTo("GET /files/{name}.{ext}");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/static/*/x")).isEqualTo("GET /static/*/x");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/x/{y}/**")).isEqualTo("GET /x/{y}/**");
  }

  @Test
  void pathVariableRegexesAreDropped() {
    assertThat(SpringMvcOperationResolver.operationId("GET", "/orders/{id:\\d+}")).isEqualTo("GET /orders/{id}");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/orders/{id:\\d{1,9}}/lines/{n:[0-9]+}"))
        .isEqualTo("GET /orders/{id}/lines/{n}");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/{name:[a-z-]+}-{version:\\d\\.\\d}.jar"))
        .isEqualTo("GET /{name}-{version}.jar");
  }

  @Test
  void charactersAnIdMayNotHoldBecomeUnderscores() {
    assertThat(SpringMvcOperationResolver.operationId("GET", "/caf\u00e9/%20/~u")).isEqualTo("GET /caf_/_20/_u");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/a\"b/c'd/e\\f")).isEqualTo("GET /a_b/c_d/e_f");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/a\r\nb\tc")).isEqualTo("GET /a__b_c");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/a}b/{c")).isEqualTo("GET /a_b/{c}");
    assertThat(SpringMvcOperationResolver.operationId("GET", "/x/{v\u00e4r}")).isEqualTo("GET /x/{v_r}");
  }

  @Test
  void theCatchAllPatternStaysUnmapped() {
    assertThat(SpringMvcOperationResolver.operationId("GET", "/**")).isNull();
    assertThat(SpringMvcOperationResolver.operationId("GET", "**")).isNull();
    assertThat(SpringMvcOperationResolver.operationId("GET", "")).isNull();
  }

  @Test
  void idsUpToTheCapAreKept() {
    String pattern = "/" + "s".repeat(OperationPolicies.MAX_OPERATION_ID_LENGTH - "GET /".length());
    assertThat(SpringMvcOperationResolver.operationId("GET", pattern))
        .isEqualTo("GET " + pattern).hasSize(OperationPolicies.MAX_OPERATION_ID_LENGTH);
  }

  @Test
  void longPatternsAreCutAndKeepAHashOfTheWhole() {
    String a = SpringMvcOperationResolver.operationId("GET", "/" + "segment/".repeat(20) + "a");
    String b = SpringMvcOperationResolver.operationId("GET", "/" + "segment/".repeat(20) + "b");
    assertThat(a).hasSize(OperationPolicies.MAX_OPERATION_ID_LENGTH).matches(OperationPolicies.OPERATION_ID)
        .startsWith("GET /segment/segment/").matches(".*-[0-9a-f]{8}");
    assertThat(b).hasSize(OperationPolicies.MAX_OPERATION_ID_LENGTH).isNotEqualTo(a);
  }

  @Test
  void everyIdMatchesTheOperationIdPattern() {
    String[] patterns = {"/a b/{c}", "/\u00e4/\u00f6", "/x/{y}/**", "/{a}/{b}/{c}", "/~user/%20", "/a\"\\'`", "/{x:\\d{2}}{"};
    for (String pattern : patterns) {
      assertThat(SpringMvcOperationResolver.operationId("PATCH", pattern)).matches(OperationPolicies.OPERATION_ID);
    }
  }

  @Test
  void resolvesFromTheBestMatchingPatternAttribute() {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/returns/42");
    assertThat(resolver.resolve(request, OperationRouter.UNMAPPED)).isNull();
    request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/returns/{id}");
    assertThat(resolver.resolve(request, OperationRouter.UNMAPPED)).isEqualTo("GET /returns/{id}");
    assertThat(resolver.resolve(request, OperationRouter.UNMAPPED)).isEqualTo("GET /returns/{id}");
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
