package io.parallelrun.examples.plainservlet;

import io.parallelrun.servlet.replay.ReplayContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The candidate's reimplementation of the same endpoints. {@code GET /returns/{id}} writes the keys
 * in another order (a match); {@code GET /returns/{id}/refund} rounds the amount down to whole
 * euros (a bug: {@code /amount} differs whenever there are cents).
 *
 * <p>Each read is audited, except replays: {@link ReplayContext} tells them apart.
 */
final class CandidateReturnsServlet extends HttpServlet {

  private final AtomicLong audited = new AtomicLong();

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String[] segments = req.getRequestURI().split("/");
    resp.setContentType("application/json;charset=utf-8");
    if (!ReplayContext.isReplay()) {
      audited.incrementAndGet();
    }
    if (segments.length == 3 && "returns".equals(segments[1]) && segments[2].matches("\\d+")) {
      int id = Integer.parseInt(segments[2]);
      resp.getWriter().write("{\"items\":" + Returns.items(id) + ",\"status\":\"" + Returns.status(id) + "\",\"id\":" + id + "}");
    } else if (segments.length == 4 && "returns".equals(segments[1]) && segments[2].matches("\\d+") && "refund".equals(segments[3])) {
      int id = Integer.parseInt(segments[2]);
      resp.getWriter().write("{\"currency\":\"EUR\",\"returnId\":" + id + ",\"amount\":" + Returns.refundCents(id) / 100 + "}");
    } else {
      resp.setStatus(404);
      resp.getWriter().write("{\"error\":\"not found\"}");
    }
  }

  /** Reads audited: requests from clients, never replays. */
  long audited() {
    return audited.get();
  }
}
