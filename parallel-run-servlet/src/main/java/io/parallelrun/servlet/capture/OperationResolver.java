package io.parallelrun.servlet.capture;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Names a captured request's operation after the application handled it, for frameworks that know
 * the route only during dispatch (Spring MVC sets its best matching pattern as a request attribute
 * then, which is after the filter started).
 *
 * <p>The filter decides before wrapping with what it knows (a configured route gives that
 * operation's policy; an unknown operation gets a tentative decision that captures whatever some
 * operation might capture), then calls the resolver once the response is complete and applies the
 * final operation's policy: a request its policy would not have captured is counted as skipped
 * ({@code non_idempotent} or {@code not_sampled}) under the final operation id. A sample rate of the
 * final operation higher than the default and every other operation's cannot be honoured, since
 * the requests left out before wrapping are gone.
 *
 * <p>Implementations are called concurrently from request threads and must be thread-safe, fast
 * and must not throw (a failure is counted as {@code capture_error}).
 */
@FunctionalInterface
public interface OperationResolver {

  /**
   * Returns the request's operation id, or {@code null} to keep {@code routedOperationId}. The id
   * becomes a metric tag: it must match {@link io.parallelrun.core.operation.OperationPolicies#OPERATION_ID}
   * (1 to 128 printable ASCII characters: letters, digits, spaces and {@code _ . : - / { } *}; anything
   * else is counted as {@code unmapped}), and it names a route, such as {@code GET /returns/{id}},
   * never a raw path.
   *
   * @param request the request, with the attributes the framework set while handling it
   * @param routedOperationId the id from the configured routes, or {@code unmapped}
   */
  String resolve(HttpServletRequest request, String routedOperationId);
}
