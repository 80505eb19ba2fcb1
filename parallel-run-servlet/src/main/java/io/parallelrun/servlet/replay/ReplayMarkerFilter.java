package io.parallelrun.servlet.replay;

import io.parallelrun.core.wire.WireProtocol;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks replayed requests for {@link ReplayContext}. Put it in front of the candidate's endpoints.
 *
 * <p>A request counts as a replay when it carries {@value WireProtocol#REPLAY_HEADER} with a check
 * id that is trusted. By default (the public constructor, usable from {@code web.xml}) only check
 * ids that a {@link ReplayGateway} in this JVM is replaying at that moment are trusted: a client
 * cannot switch off side effects by sending the header itself. When the receiver runs in another
 * process (a sidecar replaying into this application), use {@link #trustingHeader()}, and make
 * sure clients cannot reach the application with that header (strip it at the edge proxy).
 *
 * <p>This class is thread-safe.
 */
public final class ReplayMarkerFilter implements Filter {

  private static final Logger LOG = LoggerFactory.getLogger(ReplayMarkerFilter.class);

  private final Predicate<String> trusted;
  private final String description;

  /** Trusts check ids that a gateway in this JVM is replaying right now. */
  public ReplayMarkerFilter() {
    this(ReplayGateway::anyReplaying, "gateways in this JVM");
  }

  private ReplayMarkerFilter(Predicate<String> trusted, String description) {
    this.trusted = trusted;
    this.description = description;
  }

  /** Trusts check ids that this gateway is replaying right now. */
  public static ReplayMarkerFilter forGateway(ReplayGateway gateway) {
    return new ReplayMarkerFilter(gateway::isReplaying, gateway.toString());
  }

  /**
   * Trusts the header whatever it holds: for a candidate checked by a receiver in another process.
   * Clients must not be able to send the header.
   */
  public static ReplayMarkerFilter trustingHeader() {
    return new ReplayMarkerFilter(id -> true, "any header");
  }

  @Override
  public void init(FilterConfig filterConfig) {
    // nothing to configure
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String checkId = request instanceof HttpServletRequest
        ? ((HttpServletRequest) request).getHeader(WireProtocol.REPLAY_HEADER)
        : null;
    if (checkId == null || checkId.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    if (!trusted.test(checkId)) {
      LOG.debug("A request carried {} with an id no replay is using; served as ordinary traffic", WireProtocol.REPLAY_HEADER);
      chain.doFilter(request, response);
      return;
    }
    request.setAttribute(ReplayContext.CHECK_ID_ATTRIBUTE, checkId);
    String previous = ReplayContext.enter(checkId);
    try {
      chain.doFilter(request, response);
    } finally {
      ReplayContext.leave(previous);
    }
  }

  @Override
  public void destroy() {
    // nothing to release
  }

  @Override
  public String toString() {
    return "ReplayMarkerFilter{trusting " + description + "}";
  }
}
