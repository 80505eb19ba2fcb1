package io.parallelrun.core.redact;

import static io.parallelrun.core.redact.Messages.text;
import static io.parallelrun.core.redact.Messages.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.payload.HttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergedRedactionTest {

  private static final RedactionMode HASH = RedactionMode.hash(RedactionModeTest.KEY);

  private final CapturedRequest request =
      CapturedRequest.of(
          "POST",
          "/returns?email=jane%40x.de&page=1",
          HttpHeaders.of("Authorization", "Bearer t", "Content-Type", "application/json", "X-Customer", "c-1"),
          utf8("{\"email\":\"jane@x.de\",\"address\":{\"street\":\"Main 1\",\"city\":\"Berlin\"},\"items\":[{\"price\":1.0}]}"),
          false);

  private final CapturedResponse response =
      CapturedResponse.of(
          201,
          HttpHeaders.of("Set-Cookie", "s=1", "Content-Type", "application/json"),
          utf8("{\"id\":1,\"email\":\"jane@x.de\",\"address\":{\"street\":\"Main 1\",\"city\":\"Berlin\"}}"));

  private final Redaction merged =
      Redactions.merge(
          Redactions.credentials(),
          Redactions.headers(HASH, "X-Customer"),
          Redactions.queryParameters(RedactionMode.remove(), "email"),
          Redactions.jsonFields(HASH, "email"),
          Redactions.jsonPointers(RedactionMode.remove(), "/address/street"),
          Redactions.jsonPointers(RedactionMode.mask(), "/items/*/price"));

  @Test
  void appliesEveryRuleToTheRequest() {
    CapturedRequest redacted = merged.redact(request);
    assertThat(redacted.target()).isEqualTo("/returns?page=1");
    assertThat(redacted.headers().first("Authorization")).isEqualTo("***");
    assertThat(redacted.headers().first("X-Customer")).isEqualTo(HASH.apply("c-1"));
    assertThat(redacted.headers().first("Content-Type")).isEqualTo("application/json");
    assertThat(text(redacted))
        .isEqualTo(
            "{\"email\":\"" + HASH.apply("jane@x.de") + "\",\"address\":{\"city\":\"Berlin\"},\"items\":[{\"price\":\"***\"}]}");
    assertThat(redacted.method()).isEqualTo("POST");
    assertThat(redacted.truncated()).isFalse();
  }

  @Test
  void appliesEveryRuleToTheResponse() {
    CapturedResponse redacted = merged.redact(response);
    assertThat(redacted.status()).isEqualTo(201);
    assertThat(redacted.headers().first("Set-Cookie")).isEqualTo("***");
    assertThat(text(redacted))
        .isEqualTo("{\"id\":1,\"email\":\"" + HASH.apply("jane@x.de") + "\",\"address\":{\"city\":\"Berlin\"}}");
  }

  @Test
  void rulesMergeIntoOneRedactionThatRewritesEachBodyOnce() {
    assertThat(merged).isInstanceOf(RuleRedaction.class);
    assertThat(merged.toString())
        .contains("headers={Authorization=mask(***), Cookie=mask(***), Proxy-Authorization=mask(***), Set-Cookie=mask(***), X-Customer=hash}")
        .contains("queryParameters={email=remove}")
        .contains("jsonFields={email=hash}")
        .contains("jsonPointers={/address/street=remove, /items/*/price=mask(***)}");
  }

  @Test
  void whenRulesMeetOnOneValueTheStrongestWinsInsteadOfBeingAppliedInTurn() {
    String body = "{\"v\":\"secret\",\"w\":{\"x\":1}}";
    CapturedResponse response = Messages.jsonResponse(body);
    // Applied in turn, the mask would be hashed; merged, the mask wins over the hash.
    Redaction maskThenHash = Redactions.merge(Redactions.jsonFields(RedactionMode.mask(), "v"), Redactions.jsonFields(HASH, "v"));
    Redaction hashThenMask = Redactions.merge(Redactions.jsonFields(HASH, "v"), Redactions.jsonFields(RedactionMode.mask(), "v"));
    assertThat(text(maskThenHash.redact(response))).isEqualTo("{\"v\":\"***\",\"w\":{\"x\":1}}");
    assertThat(text(hashThenMask.redact(response))).isEqualTo("{\"v\":\"***\",\"w\":{\"x\":1}}");
    // A field rule and a pointer on the same value: remove wins over mask.
    Redaction fieldAndPointer =
        Redactions.merge(Redactions.jsonFields(RedactionMode.mask(), "x"), Redactions.jsonPointers(RedactionMode.remove(), "/w/x"));
    assertThat(text(fieldAndPointer.redact(response))).isEqualTo("{\"v\":\"secret\",\"w\":{}}");
    // Two masks on one header: the first placeholder.
    Redaction twoMasks =
        Redactions.merge(Redactions.headers(RedactionMode.mask("[a]"), "X-A"), Redactions.headers(RedactionMode.mask("[b]"), "x-a"));
    assertThat(twoMasks.redact(Messages.get("/", "X-A", "v")).headers().first("X-A")).isEqualTo("[a]");
  }

  @Test
  void customRedactionsRunInOrderBetweenMergedRules() {
    Redaction addsHeader =
        new Redaction() {
          @Override
          public CapturedRequest redact(CapturedRequest r) {
            return r.withHeaders(r.headers().toBuilder().add("X-Added", "plain").build());
          }

          @Override
          public CapturedResponse redact(CapturedResponse r) {
            return r;
          }
        };
    Redaction before = Redactions.merge(Redactions.headers(RedactionMode.mask(), "X-Added"), addsHeader);
    Redaction after = Redactions.merge(addsHeader, Redactions.headers(RedactionMode.mask(), "X-Added"));
    assertThat(before.redact(request).headers().first("X-Added")).isEqualTo("plain");
    assertThat(after.redact(request).headers().first("X-Added")).isEqualTo("***");
    assertThat(Redactions.merge(after, Redactions.credentials()).redact(request).headers().first("Authorization")).isEqualTo("***");
  }

  @Test
  void mergingNothingOrNoneIsNoneAndOneIsItself() {
    assertThat(Redactions.merge()).isSameAs(Redactions.none());
    assertThat(Redactions.merge(Redactions.none(), Redactions.none())).isSameAs(Redactions.none());
    assertThat(Redactions.merge(List.of(Redactions.credentials(), Redactions.none()))).isSameAs(Redactions.credentials());
    assertThat(Redactions.none().redact(request)).isSameAs(request);
    assertThat(Redactions.none().redact(response)).isSameAs(response);
  }

  @Test
  void nullsAreRejected() {
    assertThatThrownBy(() -> Redactions.merge(Redactions.none(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("redaction at index 1 is null");
    assertThatThrownBy(() -> Redactions.merge((Redaction[]) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("redactions must not be null");
  }

  @Test
  void aPayloadIsRedactedOnBothSidesAndKeptWhenNothingChanged() {
    ConsistencyCheckPayload payload =
        ConsistencyCheckPayload.builder().request(request).response(response).operationId("createReturn").requestId("r-1").build();
    ConsistencyCheckPayload redacted = merged.redact(payload);
    assertThat(redacted.operationId()).isEqualTo("createReturn");
    assertThat(redacted.requestId()).isEqualTo("r-1");
    assertThat(redacted.request().headers().first("Authorization")).isEqualTo("***");
    assertThat(redacted.response().headers().first("Set-Cookie")).isEqualTo("***");

    Redaction unrelated = Redactions.merge(Redactions.headers(RedactionMode.mask(), "X-None"), Redactions.jsonFields(RedactionMode.mask(), "none"));
    assertThat(unrelated.redact(payload)).isSameAs(payload);
  }

  @Test
  void theCandidateRedactsItsResponseLikeTheLegacyOneSoBothStayComparable() {
    Redaction inTransit = Redactions.merge(Redactions.jsonFields(HASH, "email"), Redactions.headers(HASH, "X-Customer"));
    CapturedResponse legacy = Messages.jsonResponse("{\"email\":\"a@x\",\"n\":1}");
    CapturedResponse sameCandidate = Messages.jsonResponse("{\"n\":1,\"email\":\"a@x\"}");
    CapturedResponse otherCandidate = Messages.jsonResponse("{\"n\":1,\"email\":\"b@x\"}");
    String legacyEmail = text(inTransit.redact(legacy)).replaceAll(".*\"email\":\"([^\"]+)\".*", "$1");
    assertThat(text(inTransit.redact(sameCandidate))).contains(legacyEmail);
    assertThat(text(inTransit.redact(otherCandidate))).doesNotContain(legacyEmail);
  }
}
