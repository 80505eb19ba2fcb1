package io.parallelrun.spring;

import io.parallelrun.core.check.ReplayResult;
import io.parallelrun.core.check.Replayer;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.servlet.replay.ReplayGateway;
import java.time.Duration;
import java.util.function.Function;
import org.springframework.core.env.Environment;

/**
 * Replays against this application's own embedded server. The port is known only once the server
 * listens (Spring Boot then sets {@code local.server.port}), after the receiver was built, so the
 * {@link ReplayGateway} is built on the first replay and kept. Thread-safe.
 */
final class LocalServerReplayer implements Replayer, AutoCloseable {

  private final Environment environment;
  private final Function<String, ReplayGateway> gateways;
  private final Object lock = new Object();
  private volatile ReplayGateway gateway;
  private volatile boolean closed;

  LocalServerReplayer(Environment environment, Function<String, ReplayGateway> gateways) {
    this.environment = environment;
    this.gateways = gateways;
  }

  @Override
  public ReplayResult replay(String checkId, CapturedRequest request, Duration timeout) {
    ReplayGateway current = gateway;
    if (current == null) {
      String baseUrl = baseUrl(environment);
      if (baseUrl == null) {
        return ReplayResult.error(0, "the local server's port is not known yet (local.server.port is not set); "
            + "set parallel-run.candidate.replay-base-url when the application has no embedded server");
      }
      synchronized (lock) {
        current = gateway;
        if (current == null) {
          if (closed) {
            return ReplayResult.error(0, "the application is shutting down");
          }
          current = gateways.apply(baseUrl);
          gateway = current;
        }
      }
    }
    return current.replay(checkId, request, timeout);
  }

  /** The gateway once the first replay built it, else {@code null}. */
  ReplayGateway gateway() {
    return gateway;
  }

  /**
   * The URL of this application's embedded server: {@code http} or {@code https} (with {@code
   * server.ssl.enabled}), {@code server.address} or 127.0.0.1, {@code local.server.port}, {@code
   * server.servlet.context-path}; {@code null} while the port is unknown.
   */
  static String baseUrl(Environment environment) {
    String port = environment.getProperty("local.server.port");
    if (port == null || port.isBlank() || "0".equals(port.trim()) || "-1".equals(port.trim())) {
      return null;
    }
    boolean ssl = environment.getProperty("server.ssl.enabled", Boolean.class, false);
    String address = environment.getProperty("server.address");
    String host = address == null || address.isBlank() || "0.0.0.0".equals(address.trim()) || "::".equals(address.trim())
        ? "127.0.0.1"
        : address.trim();
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    String contextPath = environment.getProperty("server.servlet.context-path", "");
    contextPath = contextPath.trim();
    if (contextPath.endsWith("/")) {
      contextPath = contextPath.substring(0, contextPath.length() - 1);
    }
    return (ssl ? "https" : "http") + "://" + host + ":" + port.trim() + contextPath;
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (gateway != null) {
        gateway.close();
      }
    }
  }

  @Override
  public String toString() {
    ReplayGateway current = gateway;
    return current != null ? current.toString() : "LocalServerReplayer{the embedded server, once it listens}";
  }
}
