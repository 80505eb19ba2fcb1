package io.parallelrun.examples.plainservlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A Jetty server on localhost whose port is known before its servlets are added. */
final class JettyServer implements AutoCloseable {

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);
  private final ServletContextHandler context = new ServletContextHandler();

  /** Binds the port (0 picks a free one) without serving yet. */
  JettyServer(int port) {
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    context.setContextPath("/");
    server.setHandler(context);
    try {
      connector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port, e);
    }
  }

  int port() {
    return connector.getLocalPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  JettyServer filter(String pattern, Filter filter) {
    FilterHolder holder = new FilterHolder(filter);
    holder.setAsyncSupported(true);
    context.addFilter(holder, pattern, EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    return this;
  }

  JettyServer servlet(String pattern, HttpServlet servlet) {
    ServletHolder holder = new ServletHolder(servlet);
    holder.setAsyncSupported(true);
    context.addServlet(holder, pattern);
    return this;
  }

  JettyServer start() {
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not start on port " + port(), e);
    }
    return this;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }
}
