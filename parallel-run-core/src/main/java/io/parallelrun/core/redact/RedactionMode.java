package io.parallelrun.core.redact;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a redaction rule does to a value: {@link #remove()} it, {@link #mask()} it with a fixed
 * placeholder, or {@link #hash(byte[]) hash} it with a keyed HMAC-SHA256 so that equal values stay
 * equal (and a difference is still detected) without the value being kept.
 *
 * <p>A hash is written as {@code hmac:} followed by the first 16 bytes of the HMAC-SHA256 in
 * lower-case hex (32 characters). What is hashed:
 *
 * <ul>
 *   <li>a header value, a query parameter value (percent-decoded when it decodes) and a JSON
 *       string: its characters as UTF-8, so the same text hashes alike wherever it appears;
 *   <li>any other JSON value: a canonical form in which numbers are normalised ({@code 1}, {@code
 *       1.0} and {@code 1e0} hash alike), object keys are sorted and whitespace is dropped, so two
 *       bodies that the JSON comparison finds equal hash alike. The string {@code "1"} and the
 *       number {@code 1} hash differently.
 * </ul>
 *
 * <p>The key is configuration: keep it secret and the same on the legacy and the candidate side,
 * or hashed values will not compare equal. {@link #toString()} never shows it.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RedactionMode {

  /** The placeholder {@link #mask()} writes. */
  public static final String DEFAULT_PLACEHOLDER = "***";

  /** The minimum length of a hash key, in bytes. */
  public static final int MIN_KEY_BYTES = 16;

  /** The three kinds of redaction, from the weakest to the strongest. */
  public enum Kind {
    /** Replaced by a keyed hash: equal values stay equal. */
    HASH,
    /** Replaced by a fixed placeholder. */
    MASK,
    /** Removed altogether. */
    REMOVE
  }

  private static final String ALGORITHM = "HmacSHA256";
  private static final byte TEXT = 's';
  private static final byte JSON = 'j';
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final RedactionMode REMOVE = new RedactionMode(Kind.REMOVE, null, null, null);
  private static final RedactionMode MASK = new RedactionMode(Kind.MASK, DEFAULT_PLACEHOLDER, null, null);

  private final Kind kind;
  private final String placeholder;
  private final SecretKeySpec key;
  /** An initialised Mac that is only ever cloned, never updated; {@code null} when not cloneable. */
  private final Mac prototype;

  private RedactionMode(Kind kind, String placeholder, SecretKeySpec key, Mac prototype) {
    this.kind = kind;
    this.placeholder = placeholder;
    this.key = key;
    this.prototype = prototype;
  }

  /** Removes the value: the header, the query parameter, the JSON field or array element. */
  public static RedactionMode remove() {
    return REMOVE;
  }

  /** Replaces the value with {@value #DEFAULT_PLACEHOLDER}. */
  public static RedactionMode mask() {
    return MASK;
  }

  /**
   * Replaces the value with the given placeholder.
   *
   * @throws IllegalArgumentException when the placeholder is null or holds a control character
   *     (it must be valid in a header)
   */
  public static RedactionMode mask(String placeholder) {
    if (placeholder == null) {
      throw new IllegalArgumentException("mask placeholder must not be null");
    }
    for (int i = 0; i < placeholder.length(); i++) {
      char c = placeholder.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(
            "mask placeholder must not contain control characters, found U+" + String.format("%04X", (int) c) + " at offset " + i);
      }
    }
    return placeholder.equals(DEFAULT_PLACEHOLDER) ? MASK : new RedactionMode(Kind.MASK, placeholder, null, null);
  }

  /**
   * Replaces the value with its keyed HMAC-SHA256, written as {@code hmac:} and 32 hex digits.
   *
   * @param key the secret key, at least {@value #MIN_KEY_BYTES} bytes; copied
   * @throws IllegalArgumentException when the key is null or too short
   */
  public static RedactionMode hash(byte[] key) {
    if (key == null) {
      throw new IllegalArgumentException("hash key must not be null");
    }
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "hash key must be at least " + MIN_KEY_BYTES + " bytes, was " + key.length + " bytes");
    }
    SecretKeySpec spec = new SecretKeySpec(key.clone(), ALGORITHM);
    Mac mac = newMac(spec);
    Mac prototype;
    try {
      mac.clone();
      prototype = mac;
    } catch (CloneNotSupportedException e) {
      prototype = null;
    }
    return new RedactionMode(Kind.HASH, null, spec, prototype);
  }

  /** What this mode does. */
  public Kind kind() {
    return kind;
  }

  /** The placeholder of a {@link Kind#MASK mask}, or {@code null} for the other kinds. */
  public String placeholder() {
    return placeholder;
  }

  /**
   * The replacement of a text value (a header value, a query parameter value, a JSON string):
   * {@code null} for {@link Kind#REMOVE remove}, the placeholder for a mask, the hash for a hash.
   *
   * @throws IllegalArgumentException when the value is null
   */
  public String apply(String value) {
    if (value == null) {
      throw new IllegalArgumentException("the value to redact must not be null");
    }
    switch (kind) {
      case REMOVE:
        return null;
      case MASK:
        return placeholder;
      default:
        return digest(TEXT, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The hash of a JSON value other than a string, given in canonical form as UTF-8. */
  String hashCanonicalJson(byte[] canonical) {
    return digest(JSON, canonical);
  }

  /** Whether this mode wins over {@code other} when both apply to the same value: the stronger kind wins. */
  boolean strongerThan(RedactionMode other) {
    return kind.compareTo(other.kind) > 0;
  }

  /** The stronger of two modes, either possibly {@code null}; the first on a tie. */
  static RedactionMode stronger(RedactionMode first, RedactionMode second) {
    if (first == null) {
      return second;
    }
    if (second == null) {
      return first;
    }
    return second.strongerThan(first) ? second : first;
  }

  private String digest(byte type, byte[] data) {
    Mac mac = mac();
    mac.update(type);
    byte[] hmac = mac.doFinal(data);
    char[] out = new char[5 + 32];
    "hmac:".getChars(0, 5, out, 0);
    for (int i = 0; i < 16; i++) {
      out[5 + 2 * i] = HEX[(hmac[i] >> 4) & 0xf];
      out[6 + 2 * i] = HEX[hmac[i] & 0xf];
    }
    return new String(out);
  }

  private Mac mac() {
    if (prototype != null) {
      try {
        return (Mac) prototype.clone();
      } catch (CloneNotSupportedException e) {
        // checked when the mode was built; fall through
      }
    }
    return newMac(key);
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** {@code remove}, {@code mask(placeholder)} or {@code hash}; never shows the key. */
  @Override
  public String toString() {
    switch (kind) {
      case REMOVE:
        return "remove";
      case MASK:
        return "mask(" + placeholder + ")";
      default:
        return "hash";
    }
  }
}
