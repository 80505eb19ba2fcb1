package io.parallelrun.core.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies request bodies sent to the candidate's receiver.
 *
 * <p>The header {@value WireProtocol#SIGNATURE_HEADER} holds {@code t=<unix seconds>,v1=<hex>}
 * where the hex is HMAC-SHA256 with the shared secret over {@code t + "." + body}. Verification
 * compares in constant time and accepts timestamps within a tolerance (default five minutes) of
 * the verifier's clock, in either direction. Several {@code v1} entries are allowed (any one may
 * match), which lets a sender sign with an old and a new secret during rotation.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class PayloadSignature {

  /** Shortest secret accepted, in bytes. */
  public static final int MIN_SECRET_BYTES = 16;

  /** Default tolerance between the signing time and the verifier's clock. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String ALGORITHM = "HmacSHA256";
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** The outcome of a verification. */
  public enum Verification {
    VALID("the signature is valid"),
    MISSING("the " + WireProtocol.SIGNATURE_HEADER + " header is missing"),
    MALFORMED("the " + WireProtocol.SIGNATURE_HEADER + " header is not of the form t=<unix seconds>,v1=<hex HMAC-SHA256>"),
    STALE("the signature timestamp is outside the accepted tolerance"),
    MISMATCH("the signature does not match the body");

    private final String description;

    Verification(String description) {
      this.description = description;
    }

    /** A sentence saying what was found. */
    public String description() {
      return description;
    }
  }

  private final SecretKeySpec key;
  private final long toleranceSeconds;
  /** Initialised with the key once; each signature works on a clone (cheaper than a new Mac), or a new Mac. */
  private final Mac prototype;

  private PayloadSignature(byte[] secret, Duration tolerance) {
    this.key = new SecretKeySpec(secret, ALGORITHM);
    this.toleranceSeconds = tolerance.getSeconds();
    this.prototype = cloneable(newMac());
  }

  /**
   * Creates a signer and verifier for a secret, with the default tolerance.
   *
   * @throws IllegalArgumentException when the secret is shorter than {@link #MIN_SECRET_BYTES}
   */
  public static PayloadSignature withSecret(String secret) {
    Objects.requireNonNull(secret, "secret");
    return withSecret(secret.getBytes(StandardCharsets.UTF_8), DEFAULT_TOLERANCE);
  }

  /**
   * Creates a signer and verifier for a secret.
   *
   * @throws IllegalArgumentException when the secret is shorter than {@link #MIN_SECRET_BYTES} or
   *     the tolerance is negative
   */
  public static PayloadSignature withSecret(byte[] secret, Duration tolerance) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(tolerance, "tolerance");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "the signing secret must be at least " + MIN_SECRET_BYTES + " bytes long, was " + secret.length);
    }
    if (tolerance.isNegative()) {
      throw new IllegalArgumentException("the signature tolerance must not be negative, was " + tolerance);
    }
    return new PayloadSignature(secret.clone(), tolerance);
  }

  /** Signs the whole body at the given time; returns the header value. */
  public String sign(byte[] body, long epochSeconds) {
    return sign(body, 0, body.length, epochSeconds);
  }

  /** Signs {@code length} bytes of {@code body} from {@code offset} at the given time; returns the header value. */
  public String sign(byte[] body, int offset, int length, long epochSeconds) {
    return "t=" + epochSeconds + ",v1=" + hex(mac(epochSeconds, body, offset, length));
  }

  /** Verifies the header value against the whole body at the verifier's current time. */
  public Verification verify(String headerValue, byte[] body, long nowEpochSeconds) {
    return verify(headerValue, body, 0, body.length, nowEpochSeconds);
  }

  /**
   * Verifies a header value against {@code length} bytes of {@code body} from {@code offset}.
   *
   * @param headerValue the value of {@value WireProtocol#SIGNATURE_HEADER}, or {@code null}
   * @param nowEpochSeconds the verifier's current time
   */
  public Verification verify(String headerValue, byte[] body, int offset, int length, long nowEpochSeconds) {
    if (headerValue == null || headerValue.isBlank()) {
      return Verification.MISSING;
    }
    long timestamp = -1;
    int signatures = 0;
    byte[][] candidates = new byte[4][];
    for (String part : headerValue.split(",", 16)) {
      String item = part.trim();
      if (item.startsWith("t=")) {
        if (timestamp >= 0) {
          return Verification.MALFORMED;
        }
        timestamp = parseSeconds(item.substring(2));
        if (timestamp < 0) {
          return Verification.MALFORMED;
        }
      } else if (item.startsWith("v1=")) {
        byte[] decoded = unhex(item.substring(3));
        if (decoded == null || signatures == candidates.length) {
          return Verification.MALFORMED;
        }
        candidates[signatures++] = decoded;
      } else if (!item.isEmpty() && item.indexOf('=') < 1) {
        return Verification.MALFORMED;
      }
      // Other key=value items (future schemes) are ignored.
    }
    if (timestamp < 0 || signatures == 0) {
      return Verification.MALFORMED;
    }
    if (!withinTolerance(timestamp, nowEpochSeconds)) {
      return Verification.STALE;
    }
    byte[] expected = mac(timestamp, body, offset, length);
    boolean match = false;
    for (int i = 0; i < signatures; i++) {
      match |= MessageDigest.isEqual(expected, candidates[i]);
    }
    return match ? Verification.VALID : Verification.MISMATCH;
  }

  private byte[] mac(long epochSeconds, byte[] body, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, body.length);
    Mac mac = null;
    if (prototype != null) {
      try {
        mac = (Mac) prototype.clone();
      } catch (CloneNotSupportedException e) {
        mac = null;
      }
    }
    if (mac == null) {
      mac = newMac();
    }
    byte[] prefix = new byte[21];
    int n = 0;
    for (String digits = Long.toString(epochSeconds); n < digits.length(); n++) {
      prefix[n] = (byte) digits.charAt(n);
    }
    prefix[n++] = '.';
    mac.update(prefix, 0, n);
    mac.update(body, offset, length);
    return mac.doFinal();
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
  }

  /**
   * Whether {@code |now - timestamp| <= tolerance}, without overflow: for a clock near {@link
   * Long#MIN_VALUE} the plain difference wraps around, and {@code Math.abs(Long.MIN_VALUE)} is
   * negative.
   */
  private boolean withinTolerance(long timestamp, long nowEpochSeconds) {
    long distance;
    try {
      distance = Math.subtractExact(nowEpochSeconds, timestamp);
    } catch (ArithmeticException e) {
      return false;
    }
    return distance >= -toleranceSeconds && distance <= toleranceSeconds;
  }

  /** The Mac when its provider can clone it, else {@code null}. */
  private static Mac cloneable(Mac mac) {
    try {
      mac.clone();
      return mac;
    } catch (CloneNotSupportedException e) {
      return null;
    }
  }

  private static long parseSeconds(String s) {
    if (s.isEmpty() || s.length() > 12) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[bytes[i] & 0xF];
    }
    return new String(out);
  }

  private static byte[] unhex(String s) {
    if (s.length() != 64) {
      return null;
    }
    byte[] out = new byte[32];
    for (int i = 0; i < 32; i++) {
      int hi = hexDigit(s.charAt(2 * i));
      int lo = hexDigit(s.charAt(2 * i + 1));
      if (hi < 0 || lo < 0) {
        return null;
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  /**
   * The value of an ASCII hex digit, or -1. Not {@link Character#digit}: that also accepts
   * fullwidth and other Unicode digits, so one signature would have many spellings.
   */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
