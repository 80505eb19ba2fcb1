package io.parallelrun.core.compare.internal;

import io.parallelrun.core.compare.FailureCause;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.payload.CapturedResponse;

/** Helpers shared by the body comparators. */
final class Bodies {
  static final byte[] EMPTY = new byte[0];

  private Bodies() {}

  static byte[] orEmpty(byte[] body) {
    return body == null ? EMPTY : body;
  }

  /**
   * A {@link FailureCause#BODY_TRUNCATED} failure when either body was cut at the capture cap,
   * else {@code null}: a truncated body is never compared as if it were whole.
   */
  static MatchResult truncation(CapturedResponse legacy, CapturedResponse candidate) {
    if (!legacy.truncated() && !candidate.truncated()) {
      return null;
    }
    String detail;
    if (legacy.truncated() && candidate.truncated()) {
      detail = "both bodies truncated by the capture (legacy " + length(legacy) + " bytes, candidate "
          + length(candidate) + " bytes kept)";
    } else if (legacy.truncated()) {
      detail = "legacy body truncated by the capture (" + length(legacy) + " bytes kept)";
    } else {
      detail = "candidate body truncated by the capture (" + length(candidate) + " bytes kept)";
    }
    return MatchResult.failed(FailureCause.BODY_TRUNCATED, detail);
  }

  private static int length(CapturedResponse response) {
    return response.body() == null ? 0 : response.body().length;
  }
}
