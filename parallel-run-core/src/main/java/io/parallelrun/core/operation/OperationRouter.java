package io.parallelrun.core.operation;

/**
 * Maps a request's method and path to an operation id through route templates such as
 * {@code GET /returns/{id}}.
 *
 * <p>Implementation to follow.
 */
public final class OperationRouter {
  /** The operation id of a request that no route matches. */
  public static final String UNMAPPED = "unmapped";

  private OperationRouter() {}
}
