package io.parallelrun.servlet.replay;

import jakarta.servlet.ServletRequest;
import java.util.Optional;

/**
 * Tells candidate code whether the request it is serving is a replay by parallel-run, so that it
 * can stub side effects: not send the e-mail, not publish the event, not charge the card twice.
 *
 * <pre>{@code
 * if (!ReplayContext.isReplay()) {
 *   mailer.send(confirmation);
 * }
 * }</pre>
 *
 * <p>Requires {@link ReplayMarkerFilter} in front of the candidate's endpoints. {@link #isReplay()}
 * reads the current thread and holds during the filter chain; code that continues a request on
 * another thread (async servlets, reactive handlers) asks {@link #isReplay(ServletRequest)}, which
 * reads a request attribute.
 *
 * <p>This class is thread-safe.
 */
public final class ReplayContext {

  /** The request attribute holding the check id of a replayed request. */
  public static final String CHECK_ID_ATTRIBUTE = "io.parallelrun.replay.checkId";

  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private ReplayContext() {}

  /** Whether the request being served on this thread is a replay. */
  public static boolean isReplay() {
    return CURRENT.get() != null;
  }

  /** The check id of the replay served on this thread, if it is one. */
  public static Optional<String> checkId() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Whether the request is a replay, on any thread. */
  public static boolean isReplay(ServletRequest request) {
    return request.getAttribute(CHECK_ID_ATTRIBUTE) instanceof String;
  }

  /** The check id of the request, if it is a replay. */
  public static Optional<String> checkId(ServletRequest request) {
    Object value = request.getAttribute(CHECK_ID_ATTRIBUTE);
    return value instanceof String ? Optional.of((String) value) : Optional.empty();
  }

  static String enter(String checkId) {
    String previous = CURRENT.get();
    CURRENT.set(checkId);
    return previous;
  }

  static void leave(String previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
