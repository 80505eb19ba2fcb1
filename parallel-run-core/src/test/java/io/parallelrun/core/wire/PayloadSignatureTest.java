package io.parallelrun.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parallelrun.core.wire.PayloadSignature.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class PayloadSignatureTest {

  private static final long NOW = 1_795_000_000L;
  private final PayloadSignature signature = PayloadSignature.withSecret("0123456789abcdef-secret");
  private final byte[] body = "{\"request\":{}}".getBytes(StandardCharsets.UTF_8);

  @Test
  void acceptsWhatItSigned() {
    String header = signature.sign(body, NOW);

    assertThat(header).matches("t=" + NOW + ",v1=[0-9a-f]{64}");
    assertThat(signature.verify(header, body, NOW)).isEqualTo(Verification.VALID);
    assertThat(signature.verify(header, body, NOW + 299)).isEqualTo(Verification.VALID);
    assertThat(signature.verify(header, body, NOW - 299)).isEqualTo(Verification.VALID);
  }

  @Test
  void knownVector() {
    // HMAC-SHA256(key="0123456789abcdef-secret", "1795000000.{\"request\":{}}"), computed independently with openssl
    assertThat(signature.sign(body, NOW)).isEqualTo("t=1795000000,v1=" + OpenSsl.HMAC);
  }

  @Test
  void rejectsAModifiedBody() {
    String header = signature.sign(body, NOW);
    byte[] modified = body.clone();
    modified[3] ^= 1;

    assertThat(signature.verify(header, modified, NOW)).isEqualTo(Verification.MISMATCH);
  }

  @Test
  void rejectsAnotherSecret() {
    String header = PayloadSignature.withSecret("another-secret-of-16+").sign(body, NOW);
    assertThat(signature.verify(header, body, NOW)).isEqualTo(Verification.MISMATCH);
  }

  @Test
  void rejectsStaleAndFutureTimestamps() {
    String header = signature.sign(body, NOW);
    assertThat(signature.verify(header, body, NOW + 301)).isEqualTo(Verification.STALE);
    assertThat(signature.verify(header, body, NOW - 301)).isEqualTo(Verification.STALE);
  }

  @Test
  void acceptsUpperCaseHexButNoOtherDigits() {
    String header = signature.sign(body, NOW);
    assertThat(signature.verify(header.toUpperCase(Locale.ROOT).replace("T=", "t=").replace("V1=", "v1="), body, NOW))
        .isEqualTo(Verification.VALID);

    // Character.digit reads fullwidth and Arabic-Indic digits too; a signature has one ASCII spelling.
    int at = header.indexOf("v1=") + 3;
    for (char digit = '0'; digit <= '9'; digit++) {
      int index = header.indexOf(digit, at);
      if (index < 0) {
        continue;
      }
      for (char lookalike : new char[] {(char) ('\uFF10' + digit - '0'), (char) ('\u0660' + digit - '0')}) {
        String spoofed = header.substring(0, index) + lookalike + header.substring(index + 1);
        assertThat(signature.verify(spoofed, body, NOW)).as(spoofed).isEqualTo(Verification.MALFORMED);
      }
    }
  }

  @Test
  void extremeClocksAreStaleNotAnOverflow() {
    String header = signature.sign(body, 0);
    assertThat(signature.verify(header, body, Long.MIN_VALUE)).isEqualTo(Verification.STALE);
    assertThat(signature.verify(header, body, Long.MAX_VALUE)).isEqualTo(Verification.STALE);
    assertThat(signature.verify(signature.sign(body, 999_999_999_999L), body, Long.MIN_VALUE + 1))
        .isEqualTo(Verification.STALE);

    PayloadSignature forever =
        PayloadSignature.withSecret("0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(Long.MAX_VALUE));
    assertThat(forever.verify(header, body, Long.MAX_VALUE)).isEqualTo(Verification.VALID);
    assertThat(forever.verify(header, body, -1)).isEqualTo(Verification.VALID);
  }

  @Test
  void signatureOverASliceMatchesTheSlice() {
    byte[] framed = ("xx" + new String(body, StandardCharsets.UTF_8) + "yy").getBytes(StandardCharsets.UTF_8);
    String header = signature.sign(framed, 2, body.length, NOW);
    assertThat(signature.verify(header, body, NOW)).isEqualTo(Verification.VALID);
  }

  @Test
  void acceptsAnyOfSeveralSignatures() {
    String old = PayloadSignature.withSecret("old-secret-0123456789").sign(body, NOW);
    String current = signature.sign(body, NOW);
    String both = current.replace(",v1=", ",v1=" + old.substring(old.indexOf("v1=") + 3) + ",v1=");
    assertThat(signature.verify(both, body, NOW)).isEqualTo(Verification.VALID);
  }

  @Test
  void classifiesMissingAndMalformedHeaders() {
    String hex = "a".repeat(64);
    assertThat(signature.verify(null, body, NOW)).isEqualTo(Verification.MISSING);
    assertThat(signature.verify(" ", body, NOW)).isEqualTo(Verification.MISSING);
    assertThat(signature.verify("v1=" + hex, body, NOW)).isEqualTo(Verification.MALFORMED);
    assertThat(signature.verify("t=" + NOW, body, NOW)).isEqualTo(Verification.MALFORMED);
    assertThat(signature.verify("t=abc,v1=" + hex, body, NOW)).isEqualTo(Verification.MALFORMED);
    assertThat(signature.verify("t=" + NOW + ",v1=xyz", body, NOW)).isEqualTo(Verification.MALFORMED);
    assertThat(signature.verify("t=" + NOW + ",t=" + NOW + ",v1=" + hex, body, NOW)).isEqualTo(Verification.MALFORMED);
    assertThat(signature.verify("garbage", body, NOW)).isEqualTo(Verification.MALFORMED);
    assertThat(signature.verify("t=" + NOW + ",v1=" + hex, body, NOW)).isEqualTo(Verification.MISMATCH);
  }

  @Test
  void refusesShortSecretsAndNegativeTolerance() {
    assertThatThrownBy(() -> PayloadSignature.withSecret("short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 16 bytes");
    assertThatThrownBy(() -> PayloadSignature.withSecret(new byte[32], Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tolerance");
  }

  private static final class OpenSsl {
    static final String HMAC = "64d606ee38f335449aa4d63841bcc6432c7b17839cf9881caf665363f94b58fe";
  }
}
