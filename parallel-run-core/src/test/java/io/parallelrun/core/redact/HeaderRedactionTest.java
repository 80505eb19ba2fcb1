package io.parallelrun.core.redact;

import static io.parallelrun.core.redact.Messages.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.HttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderRedactionTest {

  private static final RedactionMode HASH = RedactionMode.hash(RedactionModeTest.KEY);

  private final CapturedRequest request =
      get("/returns/1", "Accept", "application/json", "x-customer-email", "jane@example.com", "X-Trace", "t1");

  @Test
  void removeDropsTheHeaderCaseInsensitively() {
    CapturedRequest redacted = Redactions.headers(RedactionMode.remove(), "X-Customer-Email").redact(request);
    assertThat(redacted.headers().names()).containsExactly("Accept", "X-Trace");
    assertThat(redacted.target()).isEqualTo("/returns/1");
  }

  @Test
  void maskReplacesTheValueAndKeepsSpellingAndOrder() {
    CapturedRequest redacted = Redactions.headers(RedactionMode.mask(), "X-CUSTOMER-EMAIL").redact(request);
    assertThat(redacted.headers().names()).containsExactly("Accept", "x-customer-email", "X-Trace");
    assertThat(redacted.headers().all("X-Customer-Email")).containsExactly("***");
    assertThat(redacted.headers().first("Accept")).isEqualTo("application/json");
  }

  @Test
  void hashReplacesTheValueWithItsKeyedHash() {
    CapturedRequest redacted = Redactions.headers(HASH, "x-customer-email").redact(request);
    assertThat(redacted.headers().first("x-customer-email")).isEqualTo(HASH.apply("jane@example.com")).startsWith("hmac:");
    CapturedRequest other = get("/", "X-Customer-Email", "john@example.com");
    assertThat(Redactions.headers(HASH, "x-customer-email").redact(other).headers().first("x-customer-email"))
        .isNotEqualTo(redacted.headers().first("x-customer-email"));
  }

  @Test
  void eachValueOfARepeatedHeaderIsRedacted() {
    CapturedResponse response =
        CapturedResponse.of(
            200, HttpHeaders.builder().add("Set-Cookie", "a=1").add("Set-Cookie", "b=2").add("Vary", "Accept").build(), null);
    CapturedResponse masked = Redactions.headers(RedactionMode.mask(), "set-cookie").redact(response);
    assertThat(masked.headers().all("Set-Cookie")).containsExactly("***", "***");
    CapturedResponse hashed = Redactions.headers(HASH, "set-cookie").redact(response);
    assertThat(hashed.headers().all("Set-Cookie")).containsExactly(HASH.apply("a=1"), HASH.apply("b=2"));
    CapturedResponse removed = Redactions.headers(RedactionMode.remove(), "set-cookie").redact(response);
    assertThat(removed.headers().names()).containsExactly("Vary");
    assertThat(removed.status()).isEqualTo(200);
  }

  @Test
  void nothingMatchedGivesTheSameInstance() {
    Redaction redaction = Redactions.headers(RedactionMode.mask(), "Authorization");
    assertThat(redaction.redact(request)).isSameAs(request);
    CapturedResponse response = CapturedResponse.of(204, HttpHeaders.empty(), null);
    assertThat(redaction.redact(response)).isSameAs(response);
  }

  @Test
  void noNamesIsNone() {
    assertThat(Redactions.headers(RedactionMode.mask())).isSameAs(Redactions.none());
  }

  @Test
  void invalidNamesAndModesAreRejected() {
    assertThatThrownBy(() -> Redactions.headers(RedactionMode.mask(), "X Bad"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("header name 'X Bad' is not a valid header name");
    assertThatThrownBy(() -> Redactions.headers(RedactionMode.mask(), "Ok", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("header names: the one at index 1 is null");
    assertThatThrownBy(() -> Redactions.headers(null, "Ok"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("redaction mode must not be null");
  }

  @Test
  void credentialsMaskTheFourCredentialHeadersOnRequestAndResponse() {
    CapturedRequest withCredentials =
        get("/account", "authorization", "Bearer abc", "Proxy-Authorization", "Basic eDp5",
            "Cookie", "session=1", "Accept", "text/html");
    CapturedRequest redacted = Redactions.credentials().redact(withCredentials);
    assertThat(redacted.headers().first("Authorization")).isEqualTo("***");
    assertThat(redacted.headers().first("Proxy-Authorization")).isEqualTo("***");
    assertThat(redacted.headers().first("Cookie")).isEqualTo("***");
    assertThat(redacted.headers().first("Accept")).isEqualTo("text/html");
    assertThat(redacted.headers().names()).containsExactly("authorization", "Proxy-Authorization", "Cookie", "Accept");

    CapturedResponse response =
        CapturedResponse.of(
            200,
            HttpHeaders.builder()
                .add("Set-Cookie", "session=2; HttpOnly")
                .add("set-cookie", "theme=dark")
                .add("Authorization", "Bearer echoed")
                .add("Content-Type", "text/html")
                .build(),
            null);
    CapturedResponse redactedResponse = Redactions.credentials().redact(response);
    assertThat(redactedResponse.headers().all("Set-Cookie")).containsExactly("***", "***");
    assertThat(redactedResponse.headers().first("Authorization")).isEqualTo("***");
    assertThat(redactedResponse.headers().first("Content-Type")).isEqualTo("text/html");
    assertThat(Redactions.CREDENTIAL_HEADERS)
        .isEqualTo(List.of("Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie"));
  }
}
