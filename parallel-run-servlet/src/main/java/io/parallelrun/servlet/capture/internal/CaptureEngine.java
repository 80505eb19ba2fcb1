package io.parallelrun.servlet.capture.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.parallelrun.core.metrics.SkipReason;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationPolicy;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.core.wire.WireProtocol;
import io.parallelrun.servlet.capture.OperationResolver;
import io.parallelrun.servlet.publish.ConsistencyCheckPublisher;
import io.parallelrun.servlet.publish.internal.RateLimitedLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter's engine: decides before wrapping, completes each capture once and hands it to the
 * publisher. Immutable configuration; thread-safe and lock-free on the request path.
 */
public final class CaptureEngine {

  private static final Logger LOG = LoggerFactory.getLogger("io.parallelrun.servlet.capture.ParallelRunFilter");

  /** A decision not to capture; preallocated, so that skipping allocates nothing. */
  public static final class Skip {
    public final SkipReason reason;
    /** Whether the operation id is known only after the chain (it comes from the resolver). */
    public final boolean deferred;

    private Skip(SkipReason reason, boolean deferred) {
      this.reason = reason;
      this.deferred = deferred;
    }
  }

  private static final Skip[][] SKIPS = new Skip[SkipReason.values().length][2];

  static {
    for (SkipReason reason : SkipReason.values()) {
      SKIPS[reason.ordinal()][0] = new Skip(reason, false);
      SKIPS[reason.ordinal()][1] = new Skip(reason, true);
    }
  }

  private final ConsistencyCheckPublisher publisher;
  private final OperationRouter router;
  private final OperationPolicies policies;
  private final OperationResolver resolver;
  private final List<Predicate<HttpServletRequest>> exclusions;
  private final int maxBodyBytes;
  private final CaptureMeters meters;
  private final ConcurrentHashMap<String, OperationPlan> plans = new ConcurrentHashMap<>();
  private final OperationPlan unknown;
  private final OperationPlan unmapped;
  private final RateLimitedLog log = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);

  public CaptureEngine(ConsistencyCheckPublisher publisher, OperationRouter router, OperationPolicies policies,
      OperationResolver resolver, List<Predicate<HttpServletRequest>> exclusions, int maxBodyBytes,
      MeterRegistry registry) {
    this.publisher = publisher;
    this.router = router;
    this.policies = policies;
    this.resolver = resolver;
    this.exclusions = List.copyOf(exclusions);
    this.maxBodyBytes = maxBodyBytes;
    Set<String> known = new LinkedHashSet<>(policies.named().keySet());
    router.routes().forEach(route -> known.add(route.operationId()));
    for (String operationId : known) {
      plans.put(operationId, OperationPlan.of(operationId, policies.forOperation(operationId)));
    }
    this.unmapped = OperationPlan.of(OperationRouter.UNMAPPED, policies.forOperation(OperationRouter.UNMAPPED));
    plans.put(OperationRouter.UNMAPPED, unmapped);
    this.unknown = resolver == null
        ? unmapped
        : OperationPlan.tentative(OperationRouter.UNMAPPED, policies.defaults(), policies.named().values());
    this.meters = new CaptureMeters(registry, known);
  }

  public ConsistencyCheckPublisher publisher() {
    return publisher;
  }

  /**
   * Decides before wrapping: returns a {@link Skip} (already counted unless {@link Skip#deferred})
   * or an {@link Exchange} whose wrappers the chain gets. Allocates only when it captures.
   */
  public Object decide(HttpServletRequest request, HttpServletResponse response) {
    String method = request.getMethod();
    String path = pathInContext(request);
    String routed = router.operationFor(method, path);
    OperationPlan plan = OperationRouter.UNMAPPED.equals(routed) ? unknown : planFor(routed);
    if (request.getHeader(WireProtocol.REPLAY_HEADER) != null) {
      return skip(plan, SkipReason.REPLAY);
    }
    for (int i = 0, n = exclusions.size(); i < n; i++) {
      if (exclusions.get(i).test(request)) {
        return skip(plan, SkipReason.EXCLUDED);
      }
    }
    if (!plan.allowsMethod(method)) {
      return skip(plan, SkipReason.NON_IDEMPOTENT);
    }
    double draw = Double.NaN;
    if (plan.sampleRate < 1.0) {
      draw = plan.sampleRate <= 0.0 ? 1.0 : Sampler.draw(request, plan.stickyHeader);
      if (!plan.samples(draw)) {
        return skip(plan, SkipReason.NOT_SAMPLED);
      }
    }
    long start = System.nanoTime();
    String query = request.getQueryString();
    String uri = request.getRequestURI();
    String target = query == null ? uri : uri + '?' + query;
    return new Exchange(this, request, response, plan, draw, start, method, target, requestHeaders(request), maxBodyBytes);
  }

  private Skip skip(OperationPlan plan, SkipReason reason) {
    if (plan == unknown && resolver != null) {
      return SKIPS[reason.ordinal()][1];
    }
    meters.skipped(plan.operationId, reason);
    return SKIPS[reason.ordinal()][0];
  }

  /** Counts a skip whose operation id the resolver gives, after the chain. */
  public void countDeferred(HttpServletRequest request, Skip skip) {
    try {
      meters.skipped(resolve(request, OperationRouter.UNMAPPED), skip.reason);
    } catch (RuntimeException | Error e) {
      log.warn("deferred", "parallel-run could not resolve the operation of a skipped request: " + e, e);
      meters.skipped(OperationRouter.UNMAPPED, skip.reason);
    }
  }

  /** Counts a request for which deciding or wrapping failed; the request went on unwrapped. */
  public void decisionFailed(HttpServletRequest request, Throwable failure) {
    log.warn("decide-" + failure.getClass().getName(),
        "parallel-run could not decide whether to capture " + request.getMethod() + " " + request.getRequestURI()
            + "; the request was served without capture: " + failure, failure);
    meters.skipped(OperationRouter.UNMAPPED, SkipReason.CAPTURE_ERROR);
  }

  private static String pathInContext(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return context == null || context.isEmpty() || !uri.startsWith(context) ? uri : uri.substring(context.length());
  }

  private OperationPlan planFor(String operationId) {
    OperationPlan plan = plans.get(operationId);
    if (plan == null) {
      if (plans.size() >= CaptureMeters.MAX_OPERATIONS) {
        return unmapped;
      }
      plan = plans.computeIfAbsent(operationId, id -> OperationPlan.of(id, policies.forOperation(id)));
    }
    return plan;
  }

  private String resolve(HttpServletRequest request, String routed) {
    if (resolver == null) {
      return routed;
    }
    String resolved = resolver.resolve(request, routed);
    if (resolved == null || resolved.equals(routed)) {
      return routed;
    }
    if (!plans.containsKey(resolved) && !OperationPolicies.isValidOperationId(resolved)) {
      log.warn("resolver-id", "parallel-run's operation resolver returned '" + resolved
          + "', which is not a valid operation id (" + OperationPolicies.OPERATION_ID_RULE + "); counted as "
          + OperationRouter.UNMAPPED);
      return OperationRouter.UNMAPPED;
    }
    return resolved;
  }

  private static String[] requestHeaders(HttpServletRequest request) {
    List<String> pairs = new ArrayList<>(32);
    Enumeration<String> names = request.getHeaderNames();
    while (names != null && names.hasMoreElements()) {
      String name = names.nextElement();
      Enumeration<String> values = request.getHeaders(name);
      while (values != null && values.hasMoreElements()) {
        pairs.add(name);
        pairs.add(values.nextElement());
      }
    }
    return pairs.toArray(new String[0]);
  }

  private static String[] responseHeaders(HttpServletResponse response) {
    Collection<String> names = response.getHeaderNames();
    List<String> pairs = new ArrayList<>(names.size() * 2 + 2);
    List<String> seen = new ArrayList<>(names.size());
    for (String name : names) {
      boolean repeated = false;
      for (String s : seen) {
        repeated |= s.equalsIgnoreCase(name);
      }
      if (repeated) {
        continue;
      }
      seen.add(name);
      for (String value : response.getHeaders(name)) {
        pairs.add(name);
        pairs.add(value);
      }
    }
    return pairs.toArray(new String[0]);
  }

  /** Completes a capture: final operation, request body, response as sent; hands it over. */
  void complete(Exchange exchange) {
    long latency = System.nanoTime() - exchange.startNanos;
    HttpServletRequest request = exchange.originalRequest;
    String operationId = resolve(request, exchange.plan.operationId);
    OperationPlan plan = operationId.equals(exchange.plan.operationId) && exchange.plan != unknown
        ? exchange.plan
        : planFor(operationId);
    operationId = plan.operationId;
    if (plan != exchange.plan) {
      if (!plan.allowsMethod(exchange.method)) {
        meters.skipped(operationId, SkipReason.NON_IDEMPOTENT);
        return;
      }
      if (plan.sampleRate < 1.0) {
        double draw = !Double.isNaN(exchange.draw) && plan.sameStickiness(exchange.plan)
            ? exchange.draw
            : Sampler.draw(request, plan.stickyHeader);
        if (!plan.samples(draw)) {
          meters.skipped(operationId, SkipReason.NOT_SAMPLED);
          return;
        }
      }
    }
    if (exchange.thrown != null && !request.isAsyncStarted()) {
      meters.skipped(operationId, SkipReason.APPLICATION_ERROR);
      return;
    }
    CapturingRequest wrapper = exchange.request();
    BodyCapture requestBody = exchange.requestBody();
    String contentType = request.getContentType();
    String mediaType = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    long contentLength = request.getContentLengthLong();
    boolean declaresBody = contentLength > 0 || request.getHeader("Transfer-Encoding") != null;
    boolean isForm = mediaType.startsWith("application/x-www-form-urlencoded");
    if (declaresBody) {
      drain(exchange, wrapper, requestBody, isForm);
      if (contentLength > requestBody.size() && !requestBody.truncated()
          && !(isForm && wrapper.parametersRead() && requestBody.isEmpty())) {
        requestBody.markTruncated(); // fewer bytes than declared: the copy is incomplete
      }
    }
    if (exchange.captureFailure() != null) {
      captureError(exchange, exchange.captureFailure());
      return;
    }
    if (mediaType.startsWith("multipart/")
        && (requestBody.truncated() || (wrapper.partsRead() && requestBody.isEmpty() && declaresBody))) {
      meters.skipped(operationId, SkipReason.MULTIPART);
      return;
    }
    FormBodies.Form form = null;
    if (isForm && wrapper.parametersRead()
        && requestBody.isEmpty() && declaresBody) {
      form = FormBodies.copy(request.getParameterMap(), request.getQueryString(), formCharset(request));
    }
    HttpServletResponse response = exchange.originalResponse;
    int status = response.getStatus();
    boolean bodyless = "HEAD".equals(exchange.method) || status == 204 || status == 304 || status < 200;
    boolean incomplete = exchange.containerBody();
    BodyCapture responseBody = exchange.responseBody();
    if (!bodyless && !incomplete && !responseBody.truncated()) {
      // a length the container announced that differs from what passed through the wrappers means
      // the container wrote (part of) the body itself
      String length = response.getHeader("Content-Length");
      if (length != null && !length.equals(Integer.toString(responseBody.size()))) {
        incomplete = true;
      }
    }
    CapturedExchange captured = new CapturedExchange(meters, operationId, exchange.method, exchange.target,
        exchange.requestHeaders, requestBody, declaresBody || contentLength == 0, form, status,
        responseHeaders(response), responseBody, !bodyless, incomplete,
        System.currentTimeMillis(), latency, plan.policy.inTransitRedaction());
    publisher.offer(captured);
  }

  /**
   * Reads what the application left unread of the request body, up to the cap, when that cannot
   * change what the client gets: not in non-blocking mode, not while an asynchronous handler may
   * still read, not when the client waits for {@code 100 Continue}.
   */
  private void drain(Exchange exchange, CapturingRequest wrapper, BodyCapture body, boolean form) {
    if (exchange.requestBodyFullyRead() || body.truncated() || exchange.readListener() || wrapper.partsRead()
        || (form && wrapper.parametersRead() && !wrapper.streamOrReaderUsed())) {
      return;
    }
    HttpServletRequest request = exchange.originalRequest;
    if (!wrapper.inputTouched() && "100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
      body.markTruncated(); // reading now would send 100 Continue to a client the application did not answer so
      return;
    }
    try {
      TeeInputStream in = wrapper.teeStream();
      byte[] scratch = new byte[(int) Math.min(8192, Math.max(1, maxBodyBytes - body.size() + 1L))];
      while (!body.truncated()) {
        int n = in.read(scratch, 0, scratch.length);
        if (n < 0) {
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      body.markTruncated(); // the rest could not be read; never compare it as whole
    }
  }

  private static Charset formCharset(HttpServletRequest request) {
    String name = request.getCharacterEncoding();
    if (name != null) {
      try {
        return Charset.forName(name);
      } catch (RuntimeException e) {
        // fall through
      }
    }
    return StandardCharsets.UTF_8;
  }

  private static String pathOf(String target) {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /** Counts and logs a failure inside the library; the client's request is not affected. */
  void captureError(Exchange exchange, Throwable failure) {
    log.warn("capture-" + failure.getClass().getName(),
        "parallel-run could not capture " + exchange.method + " " + pathOf(exchange.target) + " (operation "
            + exchange.plan.operationId + "); the client's request was not affected: " + failure, failure);
    meters.skipped(exchange.plan.operationId, SkipReason.CAPTURE_ERROR);
  }
}
