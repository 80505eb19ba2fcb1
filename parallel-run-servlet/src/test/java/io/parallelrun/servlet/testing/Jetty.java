package io.parallelrun.servlet.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An embedded Jetty 12 (ee10) on a random loopback port. */
public final class Jetty implements AutoCloseable {

  private final Server server;
  private final ServerConnector connector;

  private Jetty(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** Starts a server with one servlet at {@code /*} and, when not null, a filter in front of it. */
  public static Jetty start(HttpServlet servlet, Filter filter) {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder(servlet);
    holder.setAsyncSupported(true);
    holder.getRegistration().setMultipartConfig(new MultipartConfigElement(System.getProperty("java.io.tmpdir")));
    context.addServlet(holder, "/*");
    if (filter != null) {
      FilterHolder filterHolder = new FilterHolder(filter);
      filterHolder.setAsyncSupported(true);
      context.addFilter(filterHolder, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    }
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return new Jetty(server, connector);
  }

  public int port() {
    return connector.getLocalPort();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
