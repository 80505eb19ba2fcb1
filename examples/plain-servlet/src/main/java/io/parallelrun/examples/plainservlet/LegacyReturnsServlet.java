package io.parallelrun.examples.plainservlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The legacy application's endpoints, written by hand as old servlet code often is:
 * {@code GET /returns/{id}} and {@code GET /returns/{id}/refund}.
 */
final class LegacyReturnsServlet extends HttpServlet {

  private static final Pattern RETURN = Pattern.compile("/returns/(\\d+)");
  private static final Pattern REFUND = Pattern.compile("/returns/(\\d+)/refund");

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getRequestURI();
    Matcher ret = RETURN.matcher(path);
    Matcher refund = REFUND.matcher(path);
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    if (ret.matches()) {
      int id = Integer.parseInt(ret.group(1));
      resp.getWriter().write("{\"id\":" + id + ",\"status\":\"" + Returns.status(id) + "\",\"items\":" + Returns.items(id) + "}");
    } else if (refund.matches()) {
      int id = Integer.parseInt(refund.group(1));
      resp.getWriter().write("{\"returnId\":" + id + ",\"amount\":" + Returns.refundCents(id) / 100.0 + ",\"currency\":\"EUR\"}");
    } else {
      resp.setStatus(404);
      resp.getWriter().write("{\"error\":\"not found\"}");
    }
  }
}
