package io.parallelrun.core.redact;

import static io.parallelrun.core.redact.Messages.jsonRequest;
import static io.parallelrun.core.redact.Messages.jsonResponse;
import static io.parallelrun.core.redact.Messages.response;
import static io.parallelrun.core.redact.Messages.text;
import static io.parallelrun.core.redact.Messages.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.HttpHeaders;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonRedactionTest {

  private static final RedactionMode HASH = RedactionMode.hash(RedactionModeTest.KEY);

  private static String redact(Redaction redaction, String json) {
    return text(redaction.redact(jsonResponse(json)));
  }

  /** The hash that replaces the JSON value in a body. */
  private static String hashOf(String json) {
    String redacted = redact(Redactions.jsonPointers(HASH, "/v"), "{\"v\":" + json + "}");
    assertThat(redacted).matches("\\{\"v\":\"hmac:[0-9a-f]{32}\"}");
    return redacted.substring(6, redacted.length() - 2);
  }

  @Nested
  class FieldsByName {
    private static final String BODY =
        "{\"id\":7,\"email\":\"jane@example.com\",\"customer\":{\"name\":\"Jane\",\"email\":\"j@x.de\"},"
            + "\"items\":[{\"sku\":\"A\",\"email\":null},{\"sku\":\"B\",\"nested\":[[{\"email\":\"deep\"}]]}]}";

    @Test
    void maskReplacesTheFieldAtAnyDepthAndInsideArrays() {
      assertThat(redact(Redactions.jsonFields(RedactionMode.mask(), "email"), BODY))
          .isEqualTo(
              "{\"id\":7,\"email\":\"***\",\"customer\":{\"name\":\"Jane\",\"email\":\"***\"},"
                  + "\"items\":[{\"sku\":\"A\",\"email\":\"***\"},{\"sku\":\"B\",\"nested\":[[{\"email\":\"***\"}]]}]}");
    }

    @Test
    void removeDropsTheMember() {
      assertThat(redact(Redactions.jsonFields(RedactionMode.remove(), "email"), BODY))
          .isEqualTo(
              "{\"id\":7,\"customer\":{\"name\":\"Jane\"},"
                  + "\"items\":[{\"sku\":\"A\"},{\"sku\":\"B\",\"nested\":[[{}]]}]}");
    }

    @Test
    void hashReplacesEachValueWithItsHash() {
      assertThat(redact(Redactions.jsonFields(HASH, "email"), BODY))
          .isEqualTo(
              "{\"id\":7,\"email\":\"" + HASH.apply("jane@example.com") + "\",\"customer\":{\"name\":\"Jane\",\"email\":\""
                  + HASH.apply("j@x.de") + "\"},\"items\":[{\"sku\":\"A\",\"email\":\"" + hashOf("null")
                  + "\"},{\"sku\":\"B\",\"nested\":[[{\"email\":\"" + HASH.apply("deep") + "\"}]]}]}");
    }

    @Test
    void objectAndArrayValuesAreReplacedWhole() {
      String body = "{\"address\":{\"street\":\"Main 1\",\"zip\":[1,2]},\"phones\":[\"1\",\"2\"],\"keep\":true}";
      assertThat(redact(Redactions.jsonFields(RedactionMode.mask(), "address", "phones"), body))
          .isEqualTo("{\"address\":\"***\",\"phones\":\"***\",\"keep\":true}");
      assertThat(redact(Redactions.jsonFields(RedactionMode.remove(), "address", "phones"), body))
          .isEqualTo("{\"keep\":true}");
      assertThat(redact(Redactions.jsonFields(HASH, "address"), body))
          .matches("\\{\"address\":\"hmac:[0-9a-f]{32}\",\"phones\":\\[\"1\",\"2\"],\"keep\":true}");
    }

    @Test
    void namesAreCaseSensitiveAndValuesAreNotNames() {
      String body = "{\"Email\":\"a\",\"list\":[\"email\"],\"x\":\"email\"}";
      CapturedResponse response = jsonResponse(body);
      assertThat(Redactions.jsonFields(RedactionMode.mask(), "email").redact(response)).isSameAs(response);
    }

    @Test
    void escapedNamesMatchToo() {
      assertThat(redact(Redactions.jsonFields(RedactionMode.mask(), "email"), "{\"em\\u0061il\":\"a\"}"))
          .isEqualTo("{\"email\":\"***\"}");
    }

    @Test
    void requestBodiesAreRedactedToo() {
      CapturedRequest request = jsonRequest("{\"iban\":\"DE89370400440532013000\",\"amount\":12.50}");
      CapturedRequest redacted = Redactions.jsonFields(RedactionMode.mask(), "iban").redact(request);
      assertThat(text(redacted)).isEqualTo("{\"iban\":\"***\",\"amount\":12.50}");
      assertThat(redacted.headers()).isSameAs(request.headers());
      assertThat(redacted.target()).isEqualTo("/returns");
    }
  }

  @Nested
  class Pointers {
    private static final String BODY =
        "{\"customer\":{\"email\":\"a@x\",\"name\":\"A\"},\"items\":[{\"email\":\"b@x\",\"qty\":1},{\"email\":\"c@x\",\"qty\":2}],"
            + "\"email\":\"top@x\"}";

    @Test
    void anExactPointerReachesOneValue() {
      assertThat(redact(Redactions.jsonPointers(RedactionMode.mask(), "/customer/email"), BODY))
          .isEqualTo(
              "{\"customer\":{\"email\":\"***\",\"name\":\"A\"},\"items\":[{\"email\":\"b@x\",\"qty\":1},"
                  + "{\"email\":\"c@x\",\"qty\":2}],\"email\":\"top@x\"}");
    }

    @Test
    void aWildcardStandsForAnyArrayIndex() {
      assertThat(redact(Redactions.jsonPointers(RedactionMode.remove(), "/items/*/email"), BODY))
          .isEqualTo(
              "{\"customer\":{\"email\":\"a@x\",\"name\":\"A\"},\"items\":[{\"qty\":1},{\"qty\":2}],\"email\":\"top@x\"}");
    }

    @Test
    void aWildcardStandsForAnyKey() {
      assertThat(redact(Redactions.jsonPointers(HASH, "/*/email"), BODY))
          .isEqualTo(
              "{\"customer\":{\"email\":\"" + HASH.apply("a@x") + "\",\"name\":\"A\"},\"items\":[{\"email\":\"b@x\",\"qty\":1},"
                  + "{\"email\":\"c@x\",\"qty\":2}],\"email\":\"top@x\"}");
    }

    @Test
    void aNumericSegmentIsAnArrayIndex() {
      assertThat(redact(Redactions.jsonPointers(RedactionMode.mask(), "/items/1/email"), BODY))
          .contains("{\"email\":\"b@x\",\"qty\":1},{\"email\":\"***\",\"qty\":2}");
      assertThat(redact(Redactions.jsonPointers(RedactionMode.remove(), "/items/0"), BODY))
          .contains("\"items\":[{\"email\":\"c@x\",\"qty\":2}]");
      assertThat(redact(Redactions.jsonPointers(RedactionMode.mask(), "/list/*"), "{\"list\":[1,[2],{\"a\":3}],\"n\":0}"))
          .isEqualTo("{\"list\":[\"***\",\"***\",\"***\"],\"n\":0}");
    }

    @Test
    void escapedSegmentsAndOverlappingPointers() {
      String body = "{\"a/b\":{\"c~d\":1,\"e\":2},\"x\":{\"y\":{\"z\":3}}}";
      Redaction redaction =
          Redactions.merge(
              Redactions.jsonPointers(RedactionMode.mask(), "/a~1b/c~0d", "/x/y/z"),
              Redactions.jsonPointers(RedactionMode.remove(), "/x/*/z"));
      assertThat(redact(redaction, body)).isEqualTo("{\"a/b\":{\"c~d\":\"***\",\"e\":2},\"x\":{\"y\":{}}}");
    }

    @Test
    void pointersThatReachNothingLeaveTheSameInstance() {
      CapturedResponse response = jsonResponse(BODY);
      assertThat(Redactions.jsonPointers(RedactionMode.mask(), "/customer/phone", "/items/5/email", "/email/x").redact(response))
          .isSameAs(response);
    }

    @Test
    void invalidPointersAreRejected() {
      assertThatThrownBy(() -> Redactions.jsonPointers(RedactionMode.mask(), "email"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("JSON Pointer 'email' must start with '/'");
      assertThatThrownBy(() -> Redactions.jsonPointers(RedactionMode.mask(), "/a~2"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("JSON Pointer '/a~2' has '~' at offset 2 not followed by 0 or 1");
      assertThatThrownBy(() -> Redactions.jsonPointers(RedactionMode.mask(), ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("points at the whole body");
    }
  }

  @Nested
  class Hashing {
    @Test
    void numbersAreNormalisedBeforeHashing() {
      assertThat(hashOf("1")).isEqualTo(hashOf("1.0")).isEqualTo(hashOf("1e0")).isEqualTo(hashOf("10E-1"));
      assertThat(hashOf("0")).isEqualTo(hashOf("-0.0")).isEqualTo(hashOf("0e5"));
      assertThat(hashOf("1")).isNotEqualTo(hashOf("1.01"));
      assertThat(hashOf("100")).isEqualTo(hashOf("1e2")).isNotEqualTo(hashOf("10"));
    }

    @Test
    void objectsHashAlikeWhateverTheirKeyOrderAndSpacing() {
      assertThat(hashOf("{\"a\":1,\"b\":[1.0,\"x\"]}")).isEqualTo(hashOf("{ \"b\" : [ 1 , \"x\" ] , \"a\" : 1.00 }"));
      assertThat(hashOf("{\"a\":1,\"b\":[1,\"x\"]}")).isNotEqualTo(hashOf("{\"a\":1,\"b\":[\"x\",1]}"));
    }

    @Test
    void typesAreKeptApart() {
      assertThat(hashOf("\"1\"")).isNotEqualTo(hashOf("1"));
      assertThat(hashOf("\"true\"")).isNotEqualTo(hashOf("true"));
      assertThat(hashOf("\"null\"")).isNotEqualTo(hashOf("null"));
      assertThat(hashOf("[1]")).isNotEqualTo(hashOf("1"));
    }

    @Test
    void aJsonStringHashesLikeTheSameHeaderValue() {
      assertThat(hashOf("\"jane@example.com\"")).isEqualTo(HASH.apply("jane@example.com"));
    }

    @Test
    void theHashDependsOnTheKey() {
      RedactionMode other = RedactionMode.hash(RedactionModeTest.OTHER_KEY);
      String body = "{\"v\":{\"a\":1}}";
      assertThat(redact(Redactions.jsonFields(HASH, "v"), body)).isNotEqualTo(redact(Redactions.jsonFields(other, "v"), body));
      assertThat(redact(Redactions.jsonFields(HASH, "v"), body)).isEqualTo(redact(Redactions.jsonFields(HASH, "v"), body));
    }
  }

  @Nested
  class LeftUnchanged {
    private final Redaction redaction = Redactions.jsonFields(RedactionMode.mask(), "email");

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "text/html;charset=utf-8", "application/jsonl", "application/x-ndjson"})
    void bodiesThatAreNotJson(String contentType) {
      CapturedResponse response = response(contentType, "{\"email\":\"a\"}");
      assertThat(redaction.redact(response)).isSameAs(response);
    }

    @Test
    void bodiesWithoutContentType() {
      CapturedResponse response = CapturedResponse.of(200, HttpHeaders.empty(), utf8("{\"email\":\"a\"}"));
      assertThat(redaction.redact(response)).isSameAs(response);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"email\":\"a\"", "{\"email\":\"a\",}", "{email:\"a\"}", "{\"email\":\"a\"} trailing", "not json"})
    void malformedJson(String body) {
      CapturedResponse response = jsonResponse(body);
      assertThat(redaction.redact(response)).isSameAs(response);
    }

    @Test
    void truncatedBodies() {
      CapturedResponse response =
          CapturedResponse.of(200, HttpHeaders.of("Content-Type", "application/json"), utf8("{\"email\":\"a\"}"), true);
      assertThat(redaction.redact(response)).isSameAs(response);
    }

    @Test
    void contentEncodedBodies() {
      CapturedResponse response =
          CapturedResponse.of(
              200,
              HttpHeaders.of("Content-Type", "application/json", "Content-Encoding", "gzip"),
              utf8("{\"email\":\"a\"}"));
      assertThat(redaction.redact(response)).isSameAs(response);
      CapturedResponse identity =
          CapturedResponse.of(
              200,
              HttpHeaders.of("Content-Type", "application/json", "Content-Encoding", "identity"),
              utf8("{\"email\":\"a\"}"));
      assertThat(text(redaction.redact(identity))).isEqualTo("{\"email\":\"***\"}");
    }

    @Test
    void emptyAndMissingBodies() {
      CapturedResponse empty = jsonResponse("");
      assertThat(redaction.redact(empty)).isSameAs(empty);
      CapturedResponse none = CapturedResponse.of(204, HttpHeaders.of("Content-Type", "application/json"), null);
      assertThat(redaction.redact(none)).isSameAs(none);
    }

    @Test
    void valuesOutsideTheRulesKeepTheirMeaningAndNumbersTheirText() {
      String body = "{\"n\":[1.50,-0,1E+3,12345678901234567890123.000001],\"s\":\"caf\\u00e9 \\\"q\\\" \\n\",\"u\":\"日本\",\"b\":false,\"z\":null,\"email\":\"x\"}";
      assertThat(redact(redaction, body))
          .isEqualTo("{\"n\":[1.50,-0,1E+3,12345678901234567890123.000001],\"s\":\"café \\\"q\\\" \\n\",\"u\":\"日本\",\"b\":false,\"z\":null,\"email\":\"***\"}");
    }

    @Test
    void theOutputIsCompact() {
      assertThat(redact(redaction, "{\n  \"email\" : \"a\",\n  \"list\" : [ 1, 2 ]\n}\n")).isEqualTo("{\"email\":\"***\",\"list\":[1,2]}");
    }
  }

  @Nested
  class MediaTypesAndCharsets {
    private final Redaction redaction = Redactions.jsonFields(RedactionMode.mask(), "email");

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "Application/JSON; charset=utf-8", "application/problem+json", "application/vnd.api+json;v=2"})
    void jsonMediaTypes(String contentType) {
      assertThat(text(redaction.redact(response(contentType, "{\"email\":\"a\"}")))).isEqualTo("{\"email\":\"***\"}");
    }

    @Test
    void aBodyInAnotherCharsetStaysInIt() {
      Charset latin1 = StandardCharsets.ISO_8859_1;
      CapturedResponse response =
          CapturedResponse.of(
              200,
              HttpHeaders.of("Content-Type", "application/json; charset=\"ISO-8859-1\""),
              "{\"name\":\"Müller\",\"email\":\"m@x\"}".getBytes(latin1));
      CapturedResponse redacted = redaction.redact(response);
      assertThat(new String(redacted.body(), latin1)).isEqualTo("{\"name\":\"Müller\",\"email\":\"***\"}");
      assertThat(redacted.body()).contains((byte) 0xFC);
    }

    @Test
    void utf16WithItsCharset() {
      CapturedResponse response =
          CapturedResponse.of(
              200,
              HttpHeaders.of("Content-Type", "application/json;charset=UTF-16BE"),
              "{\"email\":\"m@x\"}".getBytes(StandardCharsets.UTF_16BE));
      assertThat(new String(redaction.redact(response).body(), StandardCharsets.UTF_16BE)).isEqualTo("{\"email\":\"***\"}");
    }

    @Test
    void bytesInvalidInTheDeclaredCharsetAreLeftAlone() {
      CapturedResponse response =
          CapturedResponse.of(
              200, HttpHeaders.of("Content-Type", "application/json;charset=US-ASCII"), "{\"email\":\"ü\"}".getBytes(StandardCharsets.UTF_8));
      assertThat(redaction.redact(response)).isSameAs(response);
    }
  }
}
