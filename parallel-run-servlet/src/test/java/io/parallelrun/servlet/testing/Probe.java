package io.parallelrun.servlet.testing;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A server that must never be contacted: it records every request it gets and answers 200. */
public final class Probe extends HttpServlet implements AutoCloseable {

  public final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
  private final Jetty jetty;

  public Probe() {
    this.jetty = Jetty.start(this, null);
  }

  public int port() {
    return jetty.port();
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    requests.add(req.getMethod() + " " + req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString()));
    resp.setStatus(200);
    resp.getWriter().write("probe");
  }

  @Override
  public void close() {
    jetty.close();
  }
}
