package io.parallelrun.core.compare.internal;

import io.parallelrun.core.compare.FailureCause;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.compare.ResponseComparator;
import io.parallelrun.core.payload.CapturedResponse;
import java.util.Arrays;
import java.util.List;

/**
 * Runs comparators in order and combines their results: differences in order, up to a bound, the
 * rest counted as dropped. A failure wins, so the first failed result ends the run. Optionally
 * fails server errors first ({@link FailureCause#LEGACY_5XX} before {@link
 * FailureCause#CANDIDATE_5XX}) without comparing anything. Immutable and thread-safe when its
 * parts are.
 */
public final class CombinedComparator implements ResponseComparator {

  private final ResponseComparator[] parts;
  private final int maxDifferences;
  private final boolean failServerErrors;
  private final String description;

  public CombinedComparator(List<ResponseComparator> parts, int maxDifferences, boolean failServerErrors, String description) {
    this.parts = parts.toArray(new ResponseComparator[0]);
    for (int i = 0; i < this.parts.length; i++) {
      if (this.parts[i] == null) {
        throw new IllegalArgumentException("comparator " + i + " is null");
      }
    }
    this.maxDifferences = maxDifferences;
    this.failServerErrors = failServerErrors;
    this.description = description;
  }

  @Override
  public MatchResult compare(CapturedResponse legacy, CapturedResponse candidate) {
    if (failServerErrors) {
      if (legacy.isServerError()) {
        return MatchResult.failed(FailureCause.LEGACY_5XX, "legacy answered " + legacy.status());
      }
      if (candidate.isServerError()) {
        return MatchResult.failed(FailureCause.CANDIDATE_5XX, "candidate answered " + candidate.status());
      }
    }
    MatchResult.Builder out = null;
    MatchResult only = null;
    for (ResponseComparator part : parts) {
      MatchResult result = part.compare(legacy, candidate);
      if (result == null) {
        throw new IllegalStateException("comparator " + part + " returned null");
      }
      if (result.outcome() == MatchResult.Outcome.FAILED) {
        return result;
      }
      if (result.isMatched()) {
        continue;
      }
      if (only == null && out == null) {
        only = result;
        continue;
      }
      if (out == null) {
        out = MatchResult.builder(maxDifferences).merge(only);
      }
      out.merge(result);
    }
    if (out != null) {
      return out.build();
    }
    if (only != null && only.differences().size() > maxDifferences) {
      return MatchResult.builder(maxDifferences).merge(only).build();
    }
    return only != null ? only : MatchResult.matched();
  }

  @Override
  public String toString() {
    return description + Arrays.toString(parts);
  }
}
