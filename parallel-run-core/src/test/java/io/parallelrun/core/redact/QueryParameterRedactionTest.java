package io.parallelrun.core.redact;

import static io.parallelrun.core.redact.Messages.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parallelrun.core.payload.CapturedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParameterRedactionTest {

  private static final RedactionMode HASH = RedactionMode.hash(RedactionModeTest.KEY);

  private static String redact(Redaction redaction, String target) {
    return redaction.redact(get(target)).target();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/r?email=jane%40example.com&page=2        | /r?page=2",
        "/r?page=2&email=a&email=b&x=1             | /r?page=2&x=1",
        "/r?email=a                                | /r",
        "/r?email                                  | /r",
        "/r?e%6Dail=a&page=2                       | /r?page=2",
        "/r?page=2&email=a#frag                    | /r?page=2#frag",
      })
  void removeDropsThePair(String target, String expected) {
    assertThat(redact(Redactions.queryParameters(RedactionMode.remove(), "email"), target)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/r?email=jane%40example.com&page=2        | /r?email=***&page=2",
        "/r?email=a&page=2&email=b                 | /r?email=***&page=2&email=***",
        "/r?email=&page=2                          | /r?email=***&page=2",
        "/r?email&page=2                           | /r?email&page=2",
        "/r?e%6Dail=a                              | /r?e%6Dail=***",
        "/r?customer+email=a&customer%20email=b    | /r?customer+email=***&customer%20email=***",
      })
  void maskReplacesTheValueOfEachMatchingPair(String target, String expected) {
    Redaction redaction = Redactions.queryParameters(RedactionMode.mask(), "email", "customer email");
    assertThat(redact(redaction, target)).isEqualTo(expected);
  }

  @Test
  void aPlaceholderIsPercentEncodedWhereNeeded() {
    Redaction redaction = Redactions.queryParameters(RedactionMode.mask("<gone & done>"), "token");
    assertThat(redact(redaction, "/r?token=abc&x=1")).isEqualTo("/r?token=%3Cgone%20%26%20done%3E&x=1");
  }

  @Test
  void hashCoversTheDecodedValue() {
    Redaction redaction = Redactions.queryParameters(HASH, "email");
    String expected = "/r?email=" + HASH.apply("jane@example.com") + "&page=2";
    assertThat(redact(redaction, "/r?email=jane%40example.com&page=2")).isEqualTo(expected);
    assertThat(redact(redaction, "/r?email=jane@example.com&page=2")).isEqualTo(expected);
    assertThat(redact(redaction, "/r?email=john%40example.com&page=2")).isNotEqualTo(expected);
    assertThat(HASH.apply("jane@example.com")).matches("hmac:[0-9a-f]{32}");
  }

  @Test
  void encodedNonAsciiNamesAndValuesAreDecodedAsUtf8() {
    Redaction redaction = Redactions.queryParameters(HASH, "straße");
    assertThat(redact(redaction, "/r?stra%C3%9Fe=M%C3%BCller"))
        .isEqualTo("/r?stra%C3%9Fe=" + HASH.apply("Müller"));
  }

  @Test
  void malformedEncodingIsMatchedAndHashedRaw() {
    Redaction redaction = Redactions.queryParameters(HASH, "q%zz");
    assertThat(redact(redaction, "/r?q%zz=%E0%A4")).isEqualTo("/r?q%zz=" + HASH.apply("%E0%A4"));
  }

  @Test
  void namesAreCaseSensitiveAndOtherTargetsStayTheSameInstance() {
    Redaction redaction = Redactions.queryParameters(RedactionMode.mask(), "email");
    CapturedRequest request = get("/r?Email=a&emails=b&x=email");
    assertThat(redaction.redact(request)).isSameAs(request);
    CapturedRequest noQuery = get("/r/email");
    assertThat(redaction.redact(noQuery)).isSameAs(noQuery);
    CapturedRequest alreadyMasked = get("/r?email=***");
    assertThat(redaction.redact(alreadyMasked)).isSameAs(alreadyMasked);
  }

  @Test
  void theRestOfTheTargetIsKeptByteForByte() {
    Redaction redaction = Redactions.queryParameters(RedactionMode.mask(), "token");
    assertThat(redact(redaction, "/a%20b/c?x=1+2&&token=s3cr3t&y=%2F;z"))
        .isEqualTo("/a%20b/c?x=1+2&&token=***&y=%2F;z");
  }

  @Test
  void theResponseIsNotTouched() {
    Redaction redaction = Redactions.queryParameters(RedactionMode.mask(), "email");
    var response = Messages.jsonResponse("{\"email\":\"x\"}");
    assertThat(redaction.redact(response)).isSameAs(response);
  }

  @Test
  void invalidNamesAreRejected() {
    assertThatThrownBy(() -> Redactions.queryParameters(RedactionMode.mask(), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query parameter name '' must be non-empty");
    assertThatThrownBy(() -> Redactions.queryParameters(RedactionMode.mask(), "a=b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not contain '&', '=' or '#'");
  }
}
