package io.parallelrun.core.check;

import io.parallelrun.core.payload.CapturedRequest;
import java.time.Duration;

/**
 * Sends a captured request to the candidate again and returns what it answered. This is the SPI
 * between the {@link ConsistencyChecker} and the transport; the servlet module's {@code
 * ReplayGateway} implements it with the JDK HTTP client against one configured base URL.
 *
 * <p>Implementations must be thread-safe: the checker calls them from several worker threads at
 * once. They report transport problems and timeouts as {@link ReplayResult}s rather than throwing;
 * an exception that escapes anyway is counted as a skipped check with reason {@code check_error}.
 */
@FunctionalInterface
public interface Replayer {

  /**
   * Replays one request.
   *
   * @param checkId the id of the check, sent along so the candidate can tell a replay from real
   *     traffic
   * @param request the request as the legacy application received it
   * @param timeout how long the candidate may take to answer, including reading the body
   * @return the candidate's answer, a timeout or a transport error; never {@code null}
   */
  ReplayResult replay(String checkId, CapturedRequest request, Duration timeout);
}
