package io.parallelrun.core.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperationRouterTemplateTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                      | route template '' is empty",
        "'   '                   | route template '   ' is empty",
        "returns/{id}            | route template 'returns/{id}' has a path that does not start with '/'",
        "GET returns/{id}        | route template 'GET returns/{id}' has a path that does not start with '/'",
        "GET                     | route template 'GET' has a method but no path",
        "FETCH /returns          | route template 'FETCH /returns' has an unknown HTTP method 'FETCH'",
        "/returns/{id           | route template '/returns/{id' has unbalanced braces in segment '{id' (a '{' without '}')",
        "/returns/id}            | route template '/returns/id}' has unbalanced braces in segment 'id}' (a '}' without '{')",
        "/returns/}id{           | route template '/returns/}id{' has unbalanced braces in segment '}id{' (a '}' without '{')",
        "/returns/{{id}}         | route template '/returns/{{id}}' has nested braces in segment '{{id}}'",
        "/returns/x{id}          | route template '/returns/x{id}' has a variable that is not a whole segment: 'x{id}'",
        "/returns/{a}{b}         | route template '/returns/{a}{b}' has a variable that is not a whole segment: '{a}{b}'",
        "/returns/{}             | route template '/returns/{}' has a variable without a name: '{}'",
        "/returns/{a:b}          | route template '/returns/{a:b}' has an invalid variable name 'a:b'",
        "/a/{id}/b/{id}          | route template '/a/{id}/b/{id}' repeats the variable '{id}'",
        "/static/**/x            | route template '/static/**/x' has '**' before the last segment",
        "/static/**/**           | route template '/static/**/**' has '**' before the last segment",
        "/static/a*              | route template '/static/a*' has '*' inside segment 'a*'",
        "/static/***             | route template '/static/***' has '*' inside segment '***'",
        "/returns/ {id}          | route template '/returns/ {id}' contains whitespace inside the path at offset 9",
        "GET /returns/\t{id}     | contains whitespace inside the path",
        "/returns?x=1            | route template '/returns?x=1' contains a query ('?')",
        "/returns#top            | route template '/returns#top' contains a fragment ('#')",
        "/returns;v=1            | route template '/returns;v=1' contains matrix parameters (';')",
        "/returns//{id}          | route template '/returns//{id}' has an empty segment ('//')",
        "//returns               | route template '//returns' has an empty segment ('//')",
      })
  void malformedTemplatesAreRejectedNamingTheTemplateAndTheProblem(String template, String message) {
    assertThatThrownBy(() -> OperationRouter.builder().route(template.replace("\\t", "\t"), "op"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void theUnknownMethodMessageListsTheKnownOnes() {
    assertThatThrownBy(() -> OperationRouter.builder().route("get_all /x", "op"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'get_all'")
        .hasMessageContaining("GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, TRACE, CONNECT");
  }

  @Test
  void methodsAreAsciiCaseInsensitiveOnly() {
    // String.toUpperCase folds the dotless i and the long s into I and S: OPTıONS is not OPTIONS.
    assertThatThrownBy(() -> OperationRouter.builder().route("OPT\u0131ONS /x", "op"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown HTTP method 'OPT\u0131ONS'");
    assertThatThrownBy(() -> OperationRouter.builder().route("po\u017Ft /x", "op"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown HTTP method");

    OperationRouter router = OperationRouter.builder().route("oPtIoNs /x", "options").route("POST /x", "post").build();
    assertThat(router.routes().get(0).method()).isEqualTo("OPTIONS");
    assertThat(router.operationFor("options", "/x")).isEqualTo("options");
    assertThat(router.operationFor("OPT\u0131ONS", "/x")).isEqualTo(OperationRouter.UNMAPPED);
    assertThat(router.operationFor("PO\u017FT", "/x")).isEqualTo(OperationRouter.UNMAPPED);
  }

  @Test
  void aNullTemplateIsAnIllegalArgumentNotANullPointer() {
    assertThatThrownBy(() -> OperationRouter.builder().route(null, "getReturn"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("route template for operation 'getReturn' must not be null");
  }

  @Test
  void invalidOperationIdsAreRejected() {
    assertThatThrownBy(() -> OperationRouter.builder().route("/a", "has \"quotes\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operation id 'has \"quotes\"'");
    assertThatThrownBy(() -> OperationRouter.builder().route("/a", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operation id 'null'");
    assertThatThrownBy(() -> OperationRouter.builder().route("/a", "/a\r\n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OperationRouter.builder().route("/a", "/caf\u00e9"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void operationIdsMayNameARoute() {
    OperationRouter router = OperationRouter.builder()
        .route("GET /returns/{id}", "GET /returns/{id}")
        .route("/static/**", "GET /static/**")
        .build();
    assertThat(router.operationFor("GET", "/returns/42")).isEqualTo("GET /returns/{id}");
    assertThat(router.operationFor("GET", "/static/app.js")).isEqualTo("GET /static/**");
  }

  @Test
  void theSameMethodAndPathForAnotherOperationIsRejected() {
    OperationRouter.Builder builder = OperationRouter.builder().route("GET /returns/{id}", "getReturn");
    assertThatThrownBy(() -> builder.route("get /returns/{returnId}/", "other"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "route template 'GET /returns/{returnId}' for operation 'other' conflicts with"
                + " 'GET /returns/{id}' for operation 'getReturn': same method and path");
  }

  @Test
  void starAndVariableAtTheSamePlaceAreTheSameRoute() {
    OperationRouter.Builder builder = OperationRouter.builder().route("/files/*", "a");
    assertThatThrownBy(() -> builder.route("/files/{name}", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conflicts with '/files/*' for operation 'a'");
  }

  @Test
  void doubleStarRoutesConflictToo() {
    OperationRouter.Builder builder = OperationRouter.builder().route("/static/**", "a");
    assertThatThrownBy(() -> builder.route("/static/**", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conflicts with '/static/**' for operation 'a'");
  }

  @Test
  void routesThatOnlyLookAlikeDoNotConflict() {
    assertThatNoException()
        .isThrownBy(
            () ->
                OperationRouter.builder()
                    .route("GET /returns/{id}", "getReturn")
                    .route("/returns/{id}", "anyReturn")
                    .route("POST /returns/{id}", "postReturn")
                    .route("/returns/**", "allReturns")
                    .route("/returns", "listReturns")
                    .route("GET /returns/{id}", "getReturn")
                    .build());
  }

  @Test
  void aRejectedRouteLeavesTheBuilderUsable() {
    OperationRouter.Builder builder = OperationRouter.builder().route("/a/{x}", "a");
    assertThatThrownBy(() -> builder.route("/a/{y}", "b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.route("/a/{y", "b")).isInstanceOf(IllegalArgumentException.class);
    OperationRouter router = builder.route("/b", "b").build();
    assertThat(router.operationFor("GET", "/a/1")).isEqualTo("a");
    assertThat(router.operationFor("GET", "/b")).isEqualTo("b");
    assertThat(router.routes()).hasSize(2);
  }
}
