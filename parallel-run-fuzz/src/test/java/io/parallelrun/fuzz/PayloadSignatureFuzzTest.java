package io.parallelrun.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.parallelrun.core.wire.PayloadSignature;
import io.parallelrun.core.wire.PayloadSignature.Verification;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fuzz target for {@link PayloadSignature#verify}: header values built from a correct signature by
 * fuzzer-chosen edits (or made up entirely), arbitrary bodies, clocks and tolerances. Verification
 * never throws, and it says {@link Verification#VALID} exactly when an independent reading of the
 * header (ASCII digits, ASCII hex, the timestamp within the tolerance, computed without overflow)
 * finds a correct HMAC.
 */
class PayloadSignatureFuzzTest {

  @FuzzTest
  void verifyAgreesWithAReference(FuzzedDataProvider data) {
    byte[] secret = data.consumeBytes(data.consumeInt(16, 40));
    if (secret.length < 16) {
      return;
    }
    long toleranceSeconds = data.consumeBoolean() ? 300 : data.consumeLong(0, Long.MAX_VALUE / 1_000_000_000L);
    PayloadSignature signature = PayloadSignature.withSecret(secret, Duration.ofSeconds(toleranceSeconds));
    long signedAt = data.consumeBoolean() ? 1_700_000_000L : data.consumeLong(0, 999_999_999_999L);
    long now =
        switch (data.consumeInt(0, 3)) {
          case 0 -> signedAt;
          case 1 -> signedAt + data.consumeInt(-400, 400);
          case 2 -> data.pickValue(new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, -1, 0});
          default -> data.consumeLong();
        };
    byte[] body = data.consumeBytes(data.consumeInt(0, 300));

    String header = header(data, signature.sign(body, signedAt));
    byte[] verifiedBody = data.consumeBoolean() ? body : data.consumeRemainingAsBytes();

    Verification verdict = signature.verify(header, verifiedBody, now);
    boolean expected = referenceAccepts(secret, toleranceSeconds, header, verifiedBody, now);
    assertThat(verdict == Verification.VALID)
        .as("verify(%s) at %d with tolerance %d was %s", header, now, toleranceSeconds, verdict)
        .isEqualTo(expected);
  }

  /** Either a header made up by the fuzzer, or the correct one after a few edits. */
  private static String header(FuzzedDataProvider data, String correct) {
    if (data.consumeBoolean()) {
      return data.consumeString(200);
    }
    StringBuilder header = new StringBuilder(correct);
    int edits = data.consumeInt(0, 4);
    for (int i = 0; i < edits && header.length() > 0; i++) {
      int at = data.consumeInt(0, header.length() - 1);
      switch (data.consumeInt(0, 6)) {
        case 0 -> header.setCharAt(at, data.consumeChar());
        case 1 -> header.setCharAt(at, Character.toUpperCase(header.charAt(at)));
        case 2 -> header.setCharAt(at, sameDigitValue(header.charAt(at), data.consumeInt(0, 0xFFFF)));
        case 3 -> header.insert(at, data.pickValue(new String[] {" ", ",", "=", "v1=", "t=", ",v0=abc", "\t", "-"}));
        case 4 -> header.deleteCharAt(at);
        case 5 -> header.append(data.pickValue(new String[] {",v1=", ",t=", ",x=y", ",", ",v1=" + "0".repeat(64)}));
        default -> header.insert(0, data.consumeString(8));
      }
    }
    return header.toString();
  }

  /**
   * A character whose {@link Character#digit} value in base 16 equals that of {@code c}, searched
   * from {@code start}: an ASCII digit's Unicode look-alikes (fullwidth, Arabic-Indic, ...).
   */
  private static char sameDigitValue(char c, int start) {
    int value = Character.digit(c, 16);
    if (value < 0) {
      return c;
    }
    for (int i = 0; i <= 0xFFFF; i++) {
      char candidate = (char) ((start + i) & 0xFFFF);
      if (Character.digit(candidate, 16) == value) {
        return candidate;
      }
    }
    return c;
  }

  /** The documented rule, read independently of the implementation. */
  static boolean referenceAccepts(byte[] secret, long toleranceSeconds, String header, byte[] body, long now) {
    if (header == null || header.isBlank()) {
      return false;
    }
    // At most 16 items; the last one keeps the rest of the header, commas included.
    String[] parts = header.split(",", 16);
    Long timestamp = null;
    List<String> signatures = new ArrayList<>();
    for (String part : parts) {
      String item = part.trim();
      if (item.startsWith("t=")) {
        String digits = item.substring(2);
        if (timestamp != null || digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(PayloadSignatureFuzzTest::asciiDigit)) {
          return false;
        }
        timestamp = Long.parseLong(digits);
      } else if (item.startsWith("v1=")) {
        String hex = item.substring(3);
        if (hex.length() != 64 || !hex.chars().allMatch(PayloadSignatureFuzzTest::asciiHex) || signatures.size() == 4) {
          return false;
        }
        signatures.add(hex.toLowerCase(Locale.ROOT));
      } else if (!item.isEmpty() && item.indexOf('=') < 1) {
        return false;
      }
    }
    if (timestamp == null || signatures.isEmpty()) {
      return false;
    }
    // |now - timestamp| <= tolerance, in exact arithmetic.
    BigInteger distance = BigInteger.valueOf(now).subtract(BigInteger.valueOf(timestamp)).abs();
    if (distance.compareTo(BigInteger.valueOf(toleranceSeconds)) > 0) {
      return false;
    }
    return signatures.contains(hmacHex(secret, timestamp, body));
  }

  private static boolean asciiDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean asciiHex(int c) {
    return asciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static String hmacHex(byte[] secret, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      byte[] digest = mac.doFinal(body);
      StringBuilder hex = new StringBuilder();
      for (byte b : digest) {
        hex.append(String.format("%02x", b & 0xFF));
      }
      return hex.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
