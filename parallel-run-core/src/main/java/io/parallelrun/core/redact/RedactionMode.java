package io.parallelrun.core.redact;

/**
 * What a redaction rule does to a value: {@link #remove()} it, {@link #mask()} it with a fixed
 * placeholder, or {@link #hash(byte[]) hash} it with a keyed HMAC-SHA256 so that equal values stay
 * equal (and a difference is still detected) without the value being kept.
 *
 * <p>Implementation to follow.
 */
public final class RedactionMode {
  private RedactionMode() {}
}
