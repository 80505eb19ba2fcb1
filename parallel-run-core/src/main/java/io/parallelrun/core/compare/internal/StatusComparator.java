package io.parallelrun.core.compare.internal;

import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.compare.ResponseComparator;
import io.parallelrun.core.payload.CapturedResponse;

/** Equal status codes match; otherwise one difference with an empty path. Thread-safe. */
public final class StatusComparator implements ResponseComparator {

  public static final StatusComparator INSTANCE = new StatusComparator();

  private StatusComparator() {}

  @Override
  public MatchResult compare(CapturedResponse legacy, CapturedResponse candidate) {
    if (legacy.status() == candidate.status()) {
      return MatchResult.matched();
    }
    return MatchResult.of(
        java.util.List.of(
            Difference.of(
                Difference.Axis.STATUS, "", Integer.toString(legacy.status()), Integer.toString(candidate.status()))));
  }

  @Override
  public String toString() {
    return "status";
  }
}
