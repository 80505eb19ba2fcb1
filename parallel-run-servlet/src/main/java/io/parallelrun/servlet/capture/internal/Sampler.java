package io.parallelrun.servlet.capture.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sampling draws: a number in [0, 1) per request, compared with an operation's sample rate. With
 * a sticky header the draw is a hash of that header's value, so the same value (a customer id) is
 * always in or always out; otherwise, or when the header is absent, it is random.
 */
final class Sampler {
  private Sampler() {}

  /** A draw for this request; allocation-free. */
  static double draw(HttpServletRequest request, String stickyHeader) {
    if (stickyHeader != null) {
      String value = request.getHeader(stickyHeader);
      if (value != null) {
        return hashToUnit(value);
      }
    }
    return ThreadLocalRandom.current().nextDouble();
  }

  /** A well-mixed 64-bit hash of the characters, mapped to [0, 1). */
  static double hashToUnit(String value) {
    long h = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < value.length(); i++) {
      h ^= value.charAt(i);
      h *= 0xBF58476D1CE4E5B9L;
      h ^= h >>> 31;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return (h >>> 11) * 0x1.0p-53;
  }
}
