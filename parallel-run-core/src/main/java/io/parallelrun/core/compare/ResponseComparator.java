package io.parallelrun.core.compare;

import io.parallelrun.core.payload.CapturedResponse;

/**
 * Compares the legacy response with the candidate's answer to the replayed request. This is the
 * extension point for operations whose responses need their own comparison (PDFs, images, domain
 * rules); {@link ResponseComparators} builds and composes the standard ones.
 *
 * <p>The candidate side calls a comparator only when neither response is a server error (those
 * are {@link MatchResult.Outcome#FAILED} before any comparison), and may call it from several
 * threads at once: implementations must be thread-safe. An exception thrown by a comparator is
 * caught, logged and counted as a skipped check with reason {@code check_error} (it says nothing
 * about the candidate, so it does not lower the match rate); it never reaches the request that was
 * compared.
 */
@FunctionalInterface
public interface ResponseComparator {

  /**
   * Compares two responses.
   *
   * @param legacy the response the legacy application sent to its client
   * @param candidate the candidate's response to the replay of the same request
   * @return the verdict, never {@code null}
   */
  MatchResult compare(CapturedResponse legacy, CapturedResponse candidate);
}
