package io.parallelrun.servlet.capture;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationPolicy;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.servlet.capture.internal.CaptureEngine;
import io.parallelrun.servlet.capture.internal.CapturingRequest;
import io.parallelrun.servlet.capture.internal.Exchange;
import io.parallelrun.servlet.publish.ConsistencyCheckPublisher;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy side's servlet filter: copies requests and their responses, without changing what the
 * client gets, and hands the copies to a {@link ConsistencyCheckPublisher}, which sends them to the
 * candidate after the client has its answer.
 *
 * <pre>{@code
 * ParallelRunFilter filter = ParallelRunFilter.builder()
 *     .publisher(ConsistencyCheckPublisher.builder()
 *         .candidateUrl("http://returns-candidate:8080/consistency-checks")
 *         .secret(secret)
 *         .meterRegistry(registry)
 *         .build())
 *     .router(OperationRouter.builder().route("GET /returns/{id}", "getReturn").build())
 *     .policies(OperationPolicies.builder().operation("getReturn", p -> p.sampleRate(0.1)).build())
 *     .build();
 * }</pre>
 *
 * <p><b>Decision before wrapping.</b> For each request (of dispatch type {@code REQUEST}; other
 * dispatches pass through) the filter decides with the configured {@link OperationRouter} and
 * {@link OperationPolicies}, before any wrapper exists: a request carrying the replay marker
 * header {@code Parallel-Run-Replay}, matching an exclusion, with a method the operation does not
 * allow (only GET, HEAD and OPTIONS unless the operation is idempotent) or outside the operation's
 * sample rate (optionally sticky by a header) goes on unwrapped and uncopied and is counted in
 * {@code parallel.run.skipped{operation_id, side=legacy, reason}}. An {@link OperationResolver} may
 * name the operation after the chain (see there).
 *
 * <p><b>Capture.</b> A sampled request's body is copied as the application reads it (a body it
 * leaves unread is read after the chain, up to the cap; a form body the container consumed for
 * {@code getParameter} is rebuilt from the parameters; a multipart body the container consumed, or
 * one above the cap, is skipped with reason {@code multipart}). The response's body is copied from
 * its output stream or writer as it is written; status and headers are read from the response once
 * it is complete (for asynchronous requests when the container reports completion, timeout or
 * error included). Each body copy stops at {@link Builder#maxBodyBytes} and is then marked
 * truncated; the client always gets every byte. A body the container writes itself ({@code
 * sendError} pages, asynchronous timeouts and errors) is not seen by the filter: such a capture
 * has the status and headers and is marked truncated. A request whose handler throws is counted as
 * skipped with reason {@code application_error}.
 *
 * <p><b>Accounting.</b> Every request that reaches the filter ends in exactly one counter: a
 * {@code parallel.run.skipped} reason, or (via the publisher) one {@code parallel.run.published}
 * outcome. Failures inside the library are caught, logged (rate-limited) and counted as skipped
 * with reason {@code capture_error}; the client's request is never affected.
 *
 * <p>Register it for the {@code REQUEST} dispatch (registering it for {@code ASYNC} as well is
 * harmless). It can also be declared in {@code web.xml} with init parameters (see {@link
 * #init(FilterConfig)}).
 *
 * <p>This class is thread-safe; configuration is immutable and the request path takes no lock.
 */
public final class ParallelRunFilter implements Filter {

  /** Init parameter: the candidate's receiver URL. */
  public static final String PARAM_CANDIDATE_URL = "candidate-url";
  /** Init parameter: the shared secret; when absent, the environment variable {@code PARALLEL_RUN_SECRET}. */
  public static final String PARAM_SECRET = "secret";
  /** Init parameter: the default sample rate, 0 to 1. */
  public static final String PARAM_SAMPLE_RATE = "sample-rate";
  /** Init parameter: the per-body capture cap in bytes. */
  public static final String PARAM_MAX_BODY_BYTES = "max-body-bytes";
  /** Init parameter: routes, {@code TEMPLATE=operationId} separated by {@code ;} or line breaks. */
  public static final String PARAM_ROUTES = "routes";

  private static final Logger LOG = LoggerFactory.getLogger(ParallelRunFilter.class);

  private volatile CaptureEngine engine;
  private volatile boolean ownsPublisher;

  /**
   * A filter configured in {@link #init(FilterConfig)} from init parameters, for {@code web.xml};
   * prefer {@link #builder()} in code.
   */
  public ParallelRunFilter() {}

  private ParallelRunFilter(CaptureEngine engine) {
    this.engine = engine;
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Configures a filter created with the no-argument constructor from init parameters: {@value
   * #PARAM_CANDIDATE_URL} and {@value #PARAM_SECRET} (required), {@value #PARAM_SAMPLE_RATE},
   * {@value #PARAM_MAX_BODY_BYTES}, {@value #PARAM_ROUTES}. Meters go to {@link
   * Metrics#globalRegistry}. The filter then owns its publisher and closes it in {@link
   * #destroy()}. A filter built with {@link #builder()} ignores this call.
   *
   * @throws ServletException naming the parameter when the configuration is invalid
   */
  @Override
  public void init(FilterConfig config) throws ServletException {
    if (engine != null) {
      return;
    }
    try {
      String url = config.getInitParameter(PARAM_CANDIDATE_URL);
      String secret = config.getInitParameter(PARAM_SECRET);
      if (secret == null) {
        secret = System.getenv("PARALLEL_RUN_SECRET");
      }
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException("init parameter '" + PARAM_CANDIDATE_URL + "' is required");
      }
      if (secret == null || secret.isBlank()) {
        throw new IllegalArgumentException(
            "init parameter '" + PARAM_SECRET + "' (or the environment variable PARALLEL_RUN_SECRET) is required");
      }
      Builder builder = builder();
      String rate = config.getInitParameter(PARAM_SAMPLE_RATE);
      if (rate != null) {
        double value = Double.parseDouble(rate.trim());
        builder.policies(OperationPolicies.builder().defaults(OperationPolicy.custom().sampleRate(value).build()).build());
      }
      String max = config.getInitParameter(PARAM_MAX_BODY_BYTES);
      if (max != null) {
        builder.maxBodyBytes(Integer.parseInt(max.trim()));
      }
      String routes = config.getInitParameter(PARAM_ROUTES);
      if (routes != null) {
        OperationRouter.Builder router = OperationRouter.builder();
        for (String entry : routes.split("[;\\n]")) {
          if (entry.isBlank()) {
            continue;
          }
          int eq = entry.lastIndexOf('=');
          if (eq < 0) {
            throw new IllegalArgumentException("init parameter '" + PARAM_ROUTES + "': '" + entry.trim()
                + "' is not of the form TEMPLATE=operationId");
          }
          router.route(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        builder.router(router.build());
      }
      ConsistencyCheckPublisher publisher =
          ConsistencyCheckPublisher.builder().candidateUrl(url.trim()).secret(secret).build();
      this.engine = builder.publisher(publisher).build().engine;
      this.ownsPublisher = true;
      LOG.info("parallel-run filter '{}' captures for {}", config.getFilterName(), publisher);
    } catch (RuntimeException e) {
      throw new ServletException("parallel-run filter '" + config.getFilterName() + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    CaptureEngine current = engine;
    if (req.getDispatcherType() != DispatcherType.REQUEST || req instanceof CapturingRequest) {
      Object exchange = req.getAttribute(Exchange.ATTRIBUTE);
      if (!(exchange instanceof Exchange)) {
        chain.doFilter(req, res);
        return;
      }
      // a later dispatch (ASYNC) of a request being captured: an exception here means the
      // container writes an error page the capture cannot see
      try {
        chain.doFilter(req, res);
      } catch (IOException | ServletException | RuntimeException | Error e) {
        ((Exchange) exchange).containerWritesBody();
        throw e;
      }
      return;
    }
    if (current == null
        || !(req instanceof HttpServletRequest)
        || !(res instanceof HttpServletResponse)) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletRequest request = (HttpServletRequest) req;
    Object decision;
    try {
      decision = current.decide(request, (HttpServletResponse) res);
    } catch (RuntimeException | Error e) {
      current.decisionFailed(request, e);
      chain.doFilter(req, res);
      return;
    }
    if (decision instanceof Exchange) {
      Exchange exchange = (Exchange) decision;
      Throwable failure = null;
      try {
        chain.doFilter(exchange.request(), exchange.response());
      } catch (IOException | ServletException | RuntimeException | Error e) {
        failure = e;
        throw e;
      } finally {
        exchange.chainReturned(failure);
      }
      return;
    }
    CaptureEngine.Skip skip = (CaptureEngine.Skip) decision;
    if (!skip.deferred) {
      chain.doFilter(req, res);
      return;
    }
    try {
      chain.doFilter(req, res);
    } finally {
      current.countDeferred(request, skip);
    }
  }

  /** Closes the publisher when this filter created it from init parameters. */
  @Override
  public void destroy() {
    CaptureEngine current = engine;
    if (ownsPublisher && current != null) {
      current.publisher().close();
    }
  }

  /** The publisher the captures go to. */
  public ConsistencyCheckPublisher publisher() {
    CaptureEngine current = engine;
    return current == null ? null : current.publisher();
  }

  /** Builds a {@link ParallelRunFilter}; only {@link #publisher} is required. Not thread-safe. */
  public static final class Builder {
    private ConsistencyCheckPublisher publisher;
    private OperationRouter router = OperationRouter.empty();
    private OperationPolicies policies = OperationPolicies.ofDefaults();
    private OperationResolver resolver;
    private final List<Predicate<HttpServletRequest>> exclusions = new ArrayList<>();
    private int maxBodyBytes = 1024 * 1024;
    private MeterRegistry meterRegistry;

    private Builder() {}

    /** Where captures go (required). The filter does not close it: its owner does. */
    public Builder publisher(ConsistencyCheckPublisher value) {
      this.publisher = Objects.requireNonNull(value, "publisher");
      return this;
    }

    /** Route templates naming operations; default none (every request is {@code unmapped}). */
    public Builder router(OperationRouter value) {
      this.router = Objects.requireNonNull(value, "router");
      return this;
    }

    /** Per-operation policies (sample rate, sticky header, idempotent, in-transit redaction); default all defaults. */
    public Builder policies(OperationPolicies value) {
      this.policies = Objects.requireNonNull(value, "policies");
      return this;
    }

    /** Names the operation after the chain, for frameworks that route during dispatch; default none. */
    public Builder operationResolver(OperationResolver value) {
      this.resolver = Objects.requireNonNull(value, "operationResolver");
      return this;
    }

    /**
     * Requests matching this predicate are never captured (counted as skipped, reason {@code
     * excluded}); may be called several times. The predicate runs on request threads before any
     * wrapping: it must be thread-safe, fast and must not read the body.
     */
    public Builder exclude(Predicate<HttpServletRequest> value) {
      exclusions.add(Objects.requireNonNull(value, "exclusion"));
      return this;
    }

    /** Most bytes copied per body, request and response each; default 1 MiB. */
    public Builder maxBodyBytes(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive, was " + value);
      }
      this.maxBodyBytes = value;
      return this;
    }

    /** Where the filter's meters go; default the publisher's registry. */
    public Builder meterRegistry(MeterRegistry value) {
      this.meterRegistry = Objects.requireNonNull(value, "meterRegistry");
      return this;
    }

    /**
     * Builds the filter.
     *
     * @throws IllegalArgumentException when no publisher was given
     */
    public ParallelRunFilter build() {
      if (publisher == null) {
        throw new IllegalArgumentException("a ParallelRunFilter needs a publisher");
      }
      MeterRegistry registry = meterRegistry != null ? meterRegistry : publisher.meterRegistry();
      return new ParallelRunFilter(
          new CaptureEngine(publisher, router, policies, resolver, List.copyOf(exclusions), maxBodyBytes, registry));
    }
  }
}
