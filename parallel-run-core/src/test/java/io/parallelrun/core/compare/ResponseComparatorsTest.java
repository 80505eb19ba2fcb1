package io.parallelrun.core.compare;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.HttpHeaders;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseComparatorsTest {

  static CapturedResponse response(int status, HttpHeaders headers, String body) {
    return CapturedResponse.of(status, headers, body == null ? null : body.getBytes(UTF_8));
  }

  static CapturedResponse jsonResponse(int status, String body) {
    return response(status, HttpHeaders.of("Content-Type", "application/json"), body);
  }

  static List<String> paths(MatchResult result) {
    return result.differences().stream().map(Difference::path).collect(Collectors.toList());
  }

  @Nested
  class Status {
    @Test
    void equalCodesMatch() {
      assertThat(ResponseComparators.status().compare(jsonResponse(404, "{}"), jsonResponse(404, "[]")).isMatched()).isTrue();
    }

    @Test
    void differentCodesAreOneStatusDifference() {
      MatchResult r = ResponseComparators.status().compare(jsonResponse(200, "{}"), jsonResponse(201, "{}"));
      assertThat(r.differences()).containsExactly(Difference.of(Difference.Axis.STATUS, "", "200", "201"));
    }
  }

  @Nested
  class Headers {
    final ResponseComparator headers = ResponseComparators.headers();

    MatchResult compare(HttpHeaders legacy, HttpHeaders candidate) {
      return headers.compare(CapturedResponse.of(200, legacy, null), CapturedResponse.of(200, candidate, null));
    }

    @Test
    void namesAreCaseInsensitiveAndOrderOfNamesDoesNotMatter() {
      assertThat(compare(HttpHeaders.of("X-A", "1", "Cache-Control", "no-cache"), HttpHeaders.of("cache-control", "no-cache", "x-a", "1")).isMatched())
          .isTrue();
    }

    @Test
    void valuesAreComparedAsOrderedLists() {
      HttpHeaders legacy = HttpHeaders.of("Vary", "Accept", "Vary", "Origin");
      assertThat(compare(legacy, HttpHeaders.of("vary", "Accept", "vary", "Origin")).isMatched()).isTrue();
      MatchResult r = compare(legacy, HttpHeaders.of("Vary", "Origin", "Vary", "Accept"));
      assertThat(r.differences())
          .containsExactly(Difference.of(Difference.Axis.HEADERS, "vary", "[\"Accept\", \"Origin\"]", "[\"Origin\", \"Accept\"]"));
      assertThat(paths(compare(legacy, HttpHeaders.of("Vary", "Accept")))).containsExactly("vary");
    }

    @Test
    void surroundingWhitespaceOfAValueDoesNotCount() {
      assertThat(compare(HttpHeaders.of("X-A", " 1 "), HttpHeaders.of("X-A", "1")).isMatched()).isTrue();
    }

    @Test
    void missingAndExtraHeadersAreReportedWithLowerCaseNames() {
      MatchResult r = compare(HttpHeaders.of("X-Only-Legacy", "a", "ETag", "\"1\""), HttpHeaders.of("ETag", "\"1\"", "X-Only-Candidate", "b"));
      assertThat(r.differences())
          .containsExactly(
              Difference.of(Difference.Axis.HEADERS, "x-only-legacy", "a", null),
              Difference.of(Difference.Axis.HEADERS, "x-only-candidate", null, "b"));
    }

    @Test
    void defaultIgnoredHeadersAreIgnoredInAnyCase() {
      HttpHeaders legacy =
          HttpHeaders.of("Date", "Mon", "SERVER", "a", "Transfer-Encoding", "chunked", "Content-Length", "10", "Connection", "close",
              "Keep-Alive", "timeout=5", "X-Request-Id", "1", "traceparent", "00-1", "Tracestate", "a=1");
      HttpHeaders candidate = HttpHeaders.of("date", "Tue", "Server", "b", "Content-Length", "11", "X-REQUEST-ID", "2", "Traceparent", "00-2");
      assertThat(compare(legacy, candidate).isMatched()).isTrue();
      assertThat(HeaderRules.defaults().ignored()).containsExactlyElementsOf(HeaderRules.DEFAULT_IGNORED);
    }

    @Test
    void operationsAddIgnoredHeadersAndCanTakeADefaultOff() {
      HeaderRules rules = HeaderRules.builder().ignore("X-Build").compare("Date").build();
      ResponseComparator c = ResponseComparators.headers(rules);
      MatchResult r =
          c.compare(
              CapturedResponse.of(200, HttpHeaders.of("Date", "Mon", "X-Build", "1", "Server", "a"), null),
              CapturedResponse.of(200, HttpHeaders.of("Date", "Tue", "x-build", "2", "Server", "b"), null));
      assertThat(r.differences()).containsExactly(Difference.of(Difference.Axis.HEADERS, "date", "Mon", "Tue"));
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "application/json;charset=UTF-8|application/json; charset=utf-8",
          "text/html; charset=UTF-8|TEXT/HTML;Charset=\"utf-8\"",
          "text/html;charset=utf8|text/html;charset=UTF-8",
          "text/plain; charset=latin1|text/plain;charset=ISO-8859-1",
          "multipart/mixed; boundary=abc; charset=utf-8|multipart/mixed;charset=UTF-8;boundary=abc",
          "application/json|application/json;charset=UTF-8",
          "application/problem+json; charset=utf-8|application/problem+json",
          "text/plain ; format=flowed|text/plain;format=flowed"
        })
    void contentTypesEqualAsMediaTypes(String legacy, String candidate) {
      assertThat(compare(HttpHeaders.of("Content-Type", legacy), HttpHeaders.of("Content-Type", candidate)).isMatched())
          .as(legacy + " vs " + candidate)
          .isTrue();
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "application/json|application/problem+json",
          "text/html;charset=utf-8|text/html;charset=iso-8859-1",
          "text/html|text/html;charset=utf-8",
          "multipart/mixed; boundary=abc|multipart/mixed; boundary=ABC",
          "application/json;charset=utf-16|application/json"
        })
    void contentTypesThatDifferAreReportedAsSent(String legacy, String candidate) {
      MatchResult r = compare(HttpHeaders.of("Content-Type", legacy), HttpHeaders.of("Content-Type", candidate));
      assertThat(r.differences()).containsExactly(Difference.of(Difference.Axis.HEADERS, "content-type", legacy, candidate));
    }
  }

  @Nested
  class Bodies {
    @Test
    void theLegacyContentTypeChoosesJson() {
      ResponseComparator body = ResponseComparators.body();
      assertThat(body.compare(jsonResponse(200, "{\"a\":1,\"b\":2}"), jsonResponse(200, "{\"b\":2,\"a\":1.0}")).isMatched()).isTrue();
      HttpHeaders vendor = HttpHeaders.of("Content-Type", "application/vnd.api+json; charset=utf-8");
      assertThat(body.compare(response(200, vendor, "[1]"), response(200, vendor, "[ 1 ]")).isMatched()).isTrue();
    }

    @Test
    void bodyRulesReachTheJsonComparison() {
      ResponseComparator body = ResponseComparators.body(BodyRules.builder().ignorePaths("/ts").build());
      assertThat(body.compare(jsonResponse(200, "{\"ts\":1}"), jsonResponse(200, "{\"ts\":2}")).isMatched()).isTrue();
    }

    @Test
    void textIsComparedAsText() {
      HttpHeaders text = HttpHeaders.of("Content-Type", "text/plain");
      ResponseComparator body = ResponseComparators.body();
      assertThat(body.compare(response(200, text, "{\"a\":1, \"b\":2}"), response(200, text, "{\"b\":2, \"a\":1}")).isMatched()).isFalse();
      assertThat(body.compare(response(200, text, "same"), response(200, text, "same")).isMatched()).isTrue();
    }

    @Test
    void textInEachSidesOwnCharsetMatches() {
      CapturedResponse latin = CapturedResponse.of(200, HttpHeaders.of("Content-Type", "text/plain; charset=ISO-8859-1"), "Grüße".getBytes(ISO_8859_1));
      CapturedResponse utf8 = CapturedResponse.of(200, HttpHeaders.of("Content-Type", "text/plain;charset=UTF-8"), "Grüße".getBytes(UTF_8));
      CapturedResponse utf16 = CapturedResponse.of(200, HttpHeaders.of("Content-Type", "text/plain;charset=UTF-16BE"), "Grüße".getBytes(UTF_16BE));
      assertThat(ResponseComparators.text().compare(latin, utf8).isMatched()).isTrue();
      assertThat(ResponseComparators.body().compare(utf16, latin).isMatched()).isTrue();
    }

    @Test
    void identicalBytesInDifferentCharsetsAreDifferentText() {
      byte[] bytes = {(byte) 0x80};
      CapturedResponse windows = CapturedResponse.of(200, HttpHeaders.of("Content-Type", "text/plain; charset=windows-1252"), bytes);
      CapturedResponse latin = CapturedResponse.of(200, HttpHeaders.of("Content-Type", "text/plain; charset=ISO-8859-1"), bytes);
      assertThat(ResponseComparators.text().compare(windows, latin).isMatched()).isFalse();
    }

    @Test
    void textDifferencesShowTheTextAroundTheFirstDifference() {
      HttpHeaders text = HttpHeaders.of("Content-Type", "text/plain");
      String prefix = "line\n".repeat(20);
      MatchResult r = ResponseComparators.text().compare(response(200, text, prefix + "alpha"), response(200, text, prefix + "beta"));
      Difference d = r.differences().get(0);
      assertThat(d.path()).isEmpty();
      assertThat(d.legacyValue()).startsWith("\u2026").endsWith("line\nalpha");
      assertThat(d.candidateValue()).startsWith("\u2026").endsWith("line\nbeta");
    }

    @Test
    void invalidTextIsNeverEqualToItsReplacementCharacters() {
      HttpHeaders text = HttpHeaders.of("Content-Type", "text/plain; charset=utf-8");
      CapturedResponse invalid = CapturedResponse.of(200, text, new byte[] {'a', (byte) 0xFF});
      CapturedResponse replaced = CapturedResponse.of(200, text, "a\uFFFD".getBytes(UTF_8));
      MatchResult r = ResponseComparators.text().compare(invalid, replaced);
      assertThat(r.isMatched()).isFalse();
      assertThat(r.differences().get(0).legacyValue()).startsWith("(not valid UTF-8)");
    }

    @Test
    void anythingElseIsComparedAsBytes() {
      HttpHeaders pdf = HttpHeaders.of("Content-Type", "application/pdf");
      CapturedResponse a = CapturedResponse.of(200, pdf, new byte[] {1, 2, 3, 4});
      CapturedResponse b = CapturedResponse.of(200, pdf, new byte[] {1, 2, 9, 4, 5});
      assertThat(ResponseComparators.body().compare(a, CapturedResponse.of(200, pdf, new byte[] {1, 2, 3, 4})).isMatched()).isTrue();
      assertThat(ResponseComparators.body().compare(a, b).differences())
          .containsExactly(Difference.of(Difference.Axis.BODY, "", "4 bytes, at offset 2: 0304", "5 bytes, at offset 2: 090405"));
      assertThat(ResponseComparators.bytes().compare(a, CapturedResponse.of(200, pdf, null)).differences())
          .containsExactly(Difference.of(Difference.Axis.BODY, "", "4 bytes, at offset 0: 01020304", null));
    }

    @Test
    void noContentTypeMeansBytes() {
      assertThat(ResponseComparators.body()
              .compare(response(200, HttpHeaders.empty(), "{\"a\":1}"), response(200, HttpHeaders.empty(), "{ \"a\":1}"))
              .isMatched())
          .isFalse();
    }

    @Test
    void jsonInANonUnicodeCharsetIsDecodedFirst() {
      CapturedResponse latin = CapturedResponse.of(200, HttpHeaders.of("Content-Type", "application/json; charset=ISO-8859-1"), "{\"k\":\"ü\"}".getBytes(ISO_8859_1));
      CapturedResponse utf8 = CapturedResponse.of(200, HttpHeaders.of("Content-Type", "application/json"), "{\"k\":\"ü\"}".getBytes(UTF_8));
      assertThat(ResponseComparators.json().compare(latin, utf8).isMatched()).isTrue();
      CapturedResponse utf16 = CapturedResponse.of(200, HttpHeaders.of("Content-Type", "application/json"), "{\"k\":\"ü\"}".getBytes(UTF_16BE));
      assertThat(ResponseComparators.json().compare(utf16, utf8).isMatched()).isTrue();
    }
  }

  @Nested
  class Truncation {
    @Test
    void aTruncatedBodyOnEitherSideFailsTheCheckAsBodyTruncated() {
      HttpHeaders json = HttpHeaders.of("Content-Type", "application/json");
      CapturedResponse whole = CapturedResponse.of(200, json, "{\"a\":1}".getBytes(UTF_8));
      CapturedResponse cut = CapturedResponse.of(200, json, "{\"a\":1}".getBytes(UTF_8), true);
      for (ResponseComparator c :
          List.of(ResponseComparators.standard(), ResponseComparators.body(), ResponseComparators.json(), ResponseComparators.text(), ResponseComparators.bytes())) {
        MatchResult legacyCut = c.compare(cut, whole);
        assertThat(legacyCut.outcome()).as(c.toString()).isEqualTo(MatchResult.Outcome.FAILED);
        assertThat(legacyCut.failureCause()).isEqualTo(FailureCause.BODY_TRUNCATED);
        assertThat(legacyCut.failureDetail()).isEqualTo("legacy body truncated by the capture (7 bytes kept)");
        assertThat(c.compare(whole, cut).failureDetail()).isEqualTo("candidate body truncated by the capture (7 bytes kept)");
        assertThat(c.compare(cut, cut).failureDetail()).startsWith("both bodies truncated");
      }
      assertThat(FailureCause.BODY_TRUNCATED.candidateFault()).isFalse();
      assertThat(FailureCause.BODY_TRUNCATED.tag()).isEqualTo("body_truncated");
    }

    @Test
    void truncationDoesNotMatterToStatusAndHeaders() {
      CapturedResponse cut = CapturedResponse.of(200, HttpHeaders.of("A", "1"), new byte[] {1}, true);
      CapturedResponse whole = CapturedResponse.of(200, HttpHeaders.of("A", "1"), new byte[] {2});
      assertThat(ResponseComparators.allOf(ResponseComparators.status(), ResponseComparators.headers()).compare(cut, whole).isMatched()).isTrue();
    }
  }

  @Nested
  class Standard {
    final ResponseComparator standard = ResponseComparators.standard();

    @ParameterizedTest
    @CsvSource({"500,200,LEGACY_5XX", "503,503,LEGACY_5XX", "200,502,CANDIDATE_5XX", "404,599,CANDIDATE_5XX"})
    void serverErrorsFailBeforeAnyComparison(int legacy, int candidate, FailureCause cause) {
      MatchResult r = standard.compare(jsonResponse(legacy, "{}"), jsonResponse(candidate, "not json"));
      assertThat(r.outcome()).isEqualTo(MatchResult.Outcome.FAILED);
      assertThat(r.failureCause()).isEqualTo(cause);
      assertThat(r.differences()).isEmpty();
    }

    @Test
    void clientErrorsAreCompared() {
      assertThat(standard.compare(jsonResponse(404, "{\"e\":1}"), jsonResponse(404, "{\"e\":1}")).isMatched()).isTrue();
      assertThat(paths(standard.compare(jsonResponse(404, "{}"), jsonResponse(400, "{}")))).containsExactly("");
    }

    @Test
    void statusHeadersAndBodyDifferencesAreCombinedInThatOrder() {
      CapturedResponse legacy = response(200, HttpHeaders.of("Content-Type", "application/json", "ETag", "1", "Date", "x"), "{\"a\":1}");
      CapturedResponse candidate = response(201, HttpHeaders.of("Content-Type", "application/json", "ETag", "2", "Date", "y"), "{\"a\":2}");
      MatchResult r = standard.compare(legacy, candidate);
      assertThat(r.differences())
          .containsExactly(
              Difference.of(Difference.Axis.STATUS, "", "200", "201"),
              Difference.of(Difference.Axis.HEADERS, "etag", "1", "2"),
              Difference.of(Difference.Axis.BODY, "/a", "1", "2"));
    }

    @Test
    void theNumberOfDifferencesIsBoundedAndTheRestCounted() {
      StringBuilder a = new StringBuilder("[");
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < 50; i++) {
        a.append(i == 0 ? "" : ",").append(i);
        b.append(i == 0 ? "" : ",").append(i + 1000);
      }
      MatchResult r = standard.compare(jsonResponse(200, a + "]"), jsonResponse(201, b + "]"));
      assertThat(r.differences()).hasSize(MatchResult.DEFAULT_MAX_DIFFERENCES);
      assertThat(r.differences().get(0).axis()).isEqualTo(Difference.Axis.STATUS);
      assertThat(r.droppedDifferences()).isEqualTo(51 - MatchResult.DEFAULT_MAX_DIFFERENCES);

      ResponseComparator three = ResponseComparators.standard(HeaderRules.defaults(), BodyRules.builder().maxDifferences(3).build());
      MatchResult bounded = three.compare(jsonResponse(200, a + "]"), jsonResponse(200, b + "]"));
      assertThat(paths(bounded)).containsExactly("/0", "/1", "/2");
      assertThat(bounded.droppedDifferences()).isEqualTo(47);
    }

    @Test
    void equalResponsesMatch() {
      assertThat(standard.compare(jsonResponse(200, "{\"a\":[1,2]}"), jsonResponse(200, "{ \"a\" : [1, 2.0] }"))).isEqualTo(MatchResult.matched());
    }
  }

  @Nested
  class AllOf {
    @Test
    void combinesDifferencesInOrderAndKeepsDroppedCounts() {
      ResponseComparator one = (l, c) -> MatchResult.builder(1).add(diff("a")).add(diff("b")).build();
      ResponseComparator two = (l, c) -> MatchResult.of(List.of(diff("c")));
      MatchResult r = ResponseComparators.allOf(one, two, ResponseComparators.status()).compare(jsonResponse(200, "{}"), jsonResponse(200, "{}"));
      assertThat(paths(r)).containsExactly("a", "c");
      assertThat(r.droppedDifferences()).isEqualTo(1);
    }

    @Test
    void aFailureWins() {
      ResponseComparator fails = (l, c) -> MatchResult.failed(FailureCause.REPLAY_ERROR, "x");
      ResponseComparator never = (l, c) -> {
        throw new AssertionError("not run after a failure");
      };
      MatchResult r = ResponseComparators.allOf(ResponseComparators.status(), fails, never).compare(jsonResponse(200, "{}"), jsonResponse(201, "{}"));
      assertThat(r).isEqualTo(MatchResult.failed(FailureCause.REPLAY_ERROR, "x"));
    }

    @Test
    void nothingToCompareMatchesAndNullsAreRefused() {
      assertThat(ResponseComparators.allOf().compare(jsonResponse(200, "{}"), jsonResponse(500, "x")).isMatched()).isTrue();
      assertThatThrownBy(() -> ResponseComparators.allOf(ResponseComparators.status(), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1");
    }

    private Difference diff(String path) {
      return Difference.of(Difference.Axis.HEADERS, path, "x", "y");
    }
  }
}
