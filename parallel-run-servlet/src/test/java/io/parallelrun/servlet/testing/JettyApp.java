package io.parallelrun.servlet.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An embedded Jetty 12 (ee10) on a random loopback port with several servlets and filters. */
public final class JettyApp implements AutoCloseable {

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server, 1, 1);
  private final ServletContextHandler context = new ServletContextHandler();

  public JettyApp() {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    context.setContextPath("/");
    server.setHandler(context);
  }

  public JettyApp servlet(String pathSpec, HttpServlet servlet) {
    ServletHolder holder = new ServletHolder(servlet);
    holder.setAsyncSupported(true);
    context.addServlet(holder, pathSpec);
    return this;
  }

  public JettyApp filter(String pathSpec, Filter filter) {
    FilterHolder holder = new FilterHolder(filter);
    holder.setAsyncSupported(true);
    context.addFilter(holder, pathSpec, EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    return this;
  }

  public JettyApp start() {
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return this;
  }

  public int port() {
    return connector.getLocalPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public String url(String path) {
    return baseUrl() + path;
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
