package io.parallelrun.core.operation;

import static io.parallelrun.core.operation.OperationRouter.UNMAPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperationRouterTest {

  @Nested
  class Variables {
    private final OperationRouter router =
        OperationRouter.builder()
            .route("GET /returns/{id}", "getReturn")
            .route("/returns/{id}/items/{itemId}", "returnItem")
            .build();

    @Test
    void aVariableMatchesAnySingleSegment() {
      assertThat(router.operationFor("GET", "/returns/42")).isEqualTo("getReturn");
      assertThat(router.operationFor("GET", "/returns/abc-def")).isEqualTo("getReturn");
      assertThat(router.operationFor("GET", "/returns/7/items/3")).isEqualTo("returnItem");
    }

    @Test
    void aVariableDoesNotMatchMoreThanOneSegmentNorNone() {
      assertThat(router.operationFor("GET", "/returns/42/extra")).isEqualTo(UNMAPPED);
      assertThat(router.operationFor("GET", "/returns")).isEqualTo(UNMAPPED);
      assertThat(router.operationFor("GET", "/returns//")).isEqualTo(UNMAPPED);
      assertThat(router.operationFor("GET", "/returns/7/items//")).isEqualTo(UNMAPPED);
    }

    @Test
    void percentEncodedSlashStaysInsideItsSegment() {
      assertThat(router.operationFor("GET", "/returns/a%2Fb")).isEqualTo("getReturn");
    }
  }

  @Nested
  class Wildcards {
    private final OperationRouter router =
        OperationRouter.builder()
            .route("/returns/{id}/items/*", "returnItems")
            .route("/static/**", "static")
            .route("/files/*/raw", "rawFile")
            .build();

    @Test
    void singleStarMatchesExactlyOneSegment() {
      assertThat(router.operationFor("GET", "/returns/1/items/9")).isEqualTo("returnItems");
      assertThat(router.operationFor("GET", "/returns/1/items")).isEqualTo(UNMAPPED);
      assertThat(router.operationFor("GET", "/returns/1/items/9/10")).isEqualTo(UNMAPPED);
      assertThat(router.operationFor("GET", "/files/report.pdf/raw")).isEqualTo("rawFile");
      assertThat(router.operationFor("GET", "/files/raw")).isEqualTo(UNMAPPED);
    }

    @Test
    void doubleStarMatchesZeroOrMoreRemainingSegments() {
      assertThat(router.operationFor("GET", "/static")).isEqualTo("static");
      assertThat(router.operationFor("GET", "/static/")).isEqualTo("static");
      assertThat(router.operationFor("GET", "/static/app.js")).isEqualTo("static");
      assertThat(router.operationFor("GET", "/static/css/deep/site.css")).isEqualTo("static");
      assertThat(router.operationFor("GET", "/static//x")).isEqualTo("static");
      assertThat(router.operationFor("GET", "/statics/app.js")).isEqualTo(UNMAPPED);
    }

    @Test
    void rootDoubleStarMatchesEverything() {
      OperationRouter all = OperationRouter.builder().route("/**", "all").build();
      assertThat(all.operationFor("GET", "/")).isEqualTo("all");
      assertThat(all.operationFor("GET", "")).isEqualTo("all");
      assertThat(all.operationFor("DELETE", "/a/b/c")).isEqualTo("all");
    }
  }

  @Nested
  class Precedence {

    @Test
    void literalBeatsVariableBeatsDoubleStarRegardlessOfDeclarationOrder() {
      OperationRouter router =
          OperationRouter.builder()
              .route("/returns/**", "anyReturn")
              .route("/returns/{id}", "getReturn")
              .route("/returns/summary", "summary")
              .build();
      assertThat(router.operationFor("GET", "/returns/summary")).isEqualTo("summary");
      assertThat(router.operationFor("GET", "/returns/42")).isEqualTo("getReturn");
      assertThat(router.operationFor("GET", "/returns/42/items")).isEqualTo("anyReturn");
      assertThat(router.operationFor("GET", "/returns")).isEqualTo("anyReturn");
    }

    @Test
    void starAndVariableRankTheSame() {
      OperationRouter router =
          OperationRouter.builder().route("/a/*/c", "star").route("/a/b/{x}", "literalFirst").build();
      // The leftmost difference decides: 'b' (literal) at position 2 beats '*'.
      assertThat(router.operationFor("GET", "/a/b/c")).isEqualTo("literalFirst");
      assertThat(router.operationFor("GET", "/a/z/c")).isEqualTo("star");
    }

    @Test
    void theLeftmostDifferenceDecides() {
      OperationRouter router =
          OperationRouter.builder()
              .route("/{x}/b/c", "variableFirst")
              .route("/a/{y}/{z}", "literalFirst")
              .build();
      // /a/{y}/{z} has a literal at the first position where they differ, so it wins although
      // /{x}/b/c has more literal segments.
      assertThat(router.operationFor("GET", "/a/b/c")).isEqualTo("literalFirst");
      assertThat(router.operationFor("GET", "/z/b/c")).isEqualTo("variableFirst");
    }

    @Test
    void backtracksWhenTheLiteralBranchFailsFurtherDown() {
      OperationRouter router =
          OperationRouter.builder()
              .route("/returns/summary/today", "today")
              .route("/returns/{id}/items", "items")
              .route("/returns/**", "fallback")
              .build();
      assertThat(router.operationFor("GET", "/returns/summary/items")).isEqualTo("items");
      assertThat(router.operationFor("GET", "/returns/summary/today")).isEqualTo("today");
      assertThat(router.operationFor("GET", "/returns/summary/other")).isEqualTo("fallback");
    }

    @Test
    void anExactEndBeatsADoubleStarThatMatchesNothing() {
      OperationRouter router = OperationRouter.builder().route("/a/**", "rest").route("/a", "exact").build();
      assertThat(router.operationFor("GET", "/a")).isEqualTo("exact");
      assertThat(router.operationFor("GET", "/a/b")).isEqualTo("rest");
    }

    @Test
    void aDeeperDoubleStarBeatsAShallowerOne() {
      OperationRouter router = OperationRouter.builder().route("/**", "all").route("/api/**", "api").build();
      assertThat(router.operationFor("GET", "/api/x/y")).isEqualTo("api");
      assertThat(router.operationFor("GET", "/api")).isEqualTo("api");
      assertThat(router.operationFor("GET", "/other")).isEqualTo("all");
    }
  }

  @Nested
  class Methods {
    private final OperationRouter router =
        OperationRouter.builder()
            .route("GET /returns/{id}", "getReturn")
            .route("delete /returns/{id}", "deleteReturn")
            .route("/returns/{id}", "anyReturn")
            .route("/returns/summary", "summary")
            .route("POST /returns/**", "postReturns")
            .build();

    @Test
    void aMethodRouteMatchesOnlyItsMethodInAnyCase() {
      assertThat(router.operationFor("GET", "/returns/1")).isEqualTo("getReturn");
      assertThat(router.operationFor("get", "/returns/1")).isEqualTo("getReturn");
      assertThat(router.operationFor("DELETE", "/returns/1")).isEqualTo("deleteReturn");
    }

    @Test
    void aRouteWithoutMethodMatchesEveryMethod() {
      assertThat(router.operationFor("PUT", "/returns/1")).isEqualTo("anyReturn");
      assertThat(router.operationFor("PROPFIND", "/returns/1")).isEqualTo("anyReturn");
      assertThat(router.operationFor(null, "/returns/1")).isEqualTo("anyReturn");
    }

    @Test
    void theMethodOnlyBreaksTiesBetweenEquallySpecificRoutes() {
      // equally specific: GET /returns/{id} beats /returns/{id}
      assertThat(router.operationFor("GET", "/returns/1")).isEqualTo("getReturn");
      // a more specific route for any method beats a less specific one for the method
      assertThat(router.operationFor("GET", "/returns/summary")).isEqualTo("summary");
      assertThat(router.operationFor("POST", "/returns/summary")).isEqualTo("summary");
      // a more specific route for any method loses nothing to a method route that matches less
      assertThat(router.operationFor("POST", "/returns/1")).isEqualTo("anyReturn");
      assertThat(router.operationFor("POST", "/returns/1/x")).isEqualTo("postReturns");
      assertThat(router.operationFor("GET", "/returns/1/x")).isEqualTo(UNMAPPED);
    }

    @Test
    void aCapturedRequestIsRoutedByItsMethodAndTarget() {
      CapturedRequest request = CapturedRequest.of("delete", "returns/5?reason=x", HttpHeaders.empty());
      assertThat(router.operationFor(request)).isEqualTo("deleteReturn");
    }
  }

  @Nested
  class PathNormalisation {
    private final OperationRouter router =
        OperationRouter.builder()
            .route("/returns/{id}", "getReturn")
            .route("/returns", "listReturns")
            .route("/", "root")
            .route("/trailing/", "trailing")
            .build();

    @ParameterizedTest
    @CsvSource({
      "/returns/1, getReturn",
      "/returns/1/, getReturn",
      "returns/1, getReturn",
      "/returns/1?x=1&y=/a/b, getReturn",
      "/returns/1/?x, getReturn",
      "/returns/1#frag, getReturn",
      "/returns/1;jsessionid=abc, getReturn",
      "/returns;v=2/1;a=b;c=d, getReturn",
      "/returns, listReturns",
      "/returns/, listReturns",
      "/returns?page=2, listReturns",
      "/returns;v=1, listReturns",
      "/, root",
      "'', root",
      "/?q=1, root",
      "/trailing, trailing",
      "/trailing/, trailing",
    })
    void queryMatrixAndOneTrailingSlashAreIgnored(String target, String expected) {
      assertThat(router.operationFor("GET", target)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
      "/returns/1//",
      "/returns//1",
      "/Returns/1",
      "/returns/1/2",
      "/other",
      "/returns%2F1/2",
      "/returns/;jsessionid=1",
    })
    void otherPathsAreUnmapped(String target) {
      assertThat(router.operationFor("GET", target)).isEqualTo(UNMAPPED);
    }

    @Test
    void literalsAreNotPercentDecoded() {
      OperationRouter encoded = OperationRouter.builder().route("/caf%C3%A9", "cafe").build();
      assertThat(encoded.operationFor("GET", "/caf%C3%A9")).isEqualTo("cafe");
      assertThat(encoded.operationFor("GET", "/café")).isEqualTo(UNMAPPED);
    }
  }

  @Nested
  class Unmapped {
    @Test
    void anEmptyRouterMapsNothing() {
      assertThat(OperationRouter.empty().operationFor("GET", "/returns/1")).isEqualTo(UNMAPPED);
      assertThat(OperationRouter.builder().build()).isSameAs(OperationRouter.empty());
      assertThat(OperationRouter.empty().isEmpty()).isTrue();
      assertThat(OperationRouter.empty().routes()).isEmpty();
    }

    @Test
    void unknownPathsAndNullGiveUnmappedNeverTheRawPath() {
      OperationRouter router = OperationRouter.builder().route("/returns/{id}", "getReturn").build();
      assertThat(router.operationFor("GET", "/orders/1")).isEqualTo(UNMAPPED);
      assertThat(router.operationFor("GET", "http://host/returns/1")).isEqualTo(UNMAPPED);
      assertThat(router.operationFor("GET", null)).isEqualTo(UNMAPPED);
    }
  }

  @Nested
  class Introspection {
    @Test
    void routesAreListedInDeclarationOrderNormalisedAndWithoutRepeats() {
      OperationRouter router =
          OperationRouter.builder()
              .route("  get   /returns/{id}/ ", "getReturn")
              .route("/returns/**", "anyReturn")
              .route("GET /returns/{id}", "getReturn")
              .build();
      assertThat(router.routes()).extracting(OperationRouter.Route::template)
          .containsExactly("GET /returns/{id}", "/returns/**");
      OperationRouter.Route first = router.routes().get(0);
      assertThat(first.method()).isEqualTo("GET");
      assertThat(first.path()).isEqualTo("/returns/{id}");
      assertThat(first.operationId()).isEqualTo("getReturn");
      assertThat(router.routes().get(1).method()).isNull();
      assertThat(first).hasToString("GET /returns/{id} -> getReturn");
      assertThatThrownBy(() -> router.routes().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void routesFromAMapAndABuilderReusedAfterBuild() {
      Map<String, String> routes = new LinkedHashMap<>();
      routes.put("GET /a", "a");
      routes.put("/b/{x}", "b");
      OperationRouter.Builder builder = OperationRouter.builder().routes(routes);
      OperationRouter first = builder.build();
      builder.route("/c", "c");
      OperationRouter second = builder.build();
      assertThat(first.operationFor("GET", "/c")).isEqualTo(UNMAPPED);
      assertThat(second.operationFor("GET", "/c")).isEqualTo("c");
      assertThat(second.operationFor("GET", "/a")).isEqualTo("a");
      assertThat(second.operationFor("PUT", "/b/1")).isEqualTo("b");
      assertThat(first.routes()).hasSize(2);
    }

    @Test
    void manyLiteralSiblingsAreAllFound() {
      OperationRouter.Builder builder = OperationRouter.builder();
      for (int i = 0; i < 200; i++) {
        builder.route("/s" + i, "op" + i);
      }
      OperationRouter router = builder.build();
      for (int i = 0; i < 200; i++) {
        assertThat(router.operationFor("GET", "/s" + i)).isEqualTo("op" + i);
      }
      assertThat(router.operationFor("GET", "/s200")).isEqualTo(UNMAPPED);
      assertThat(router.operationFor("GET", "/s")).isEqualTo(UNMAPPED);
    }
  }
}
