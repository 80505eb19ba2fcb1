package io.parallelrun.servlet.capture.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request being captured: its wrappers, its body copies and what happened to it. It completes
 * exactly once: when the chain returns for a synchronous request, or when the container reports
 * the asynchronous cycle complete (after a timeout or an error as well).
 */
public final class Exchange implements AsyncListener {

  /** Request attribute holding the exchange while it is captured, for later dispatches. */
  public static final String ATTRIBUTE = Exchange.class.getName();

  final CaptureEngine engine;
  final HttpServletRequest originalRequest;
  final HttpServletResponse originalResponse;
  final OperationPlan plan;
  final double draw;
  final long startNanos;
  final String method;
  final String target;
  final String[] requestHeaders;
  private final BodyCapture requestBody;
  private final BodyCapture responseBody;
  private final CapturingRequest request;
  private final CapturingResponse response;
  private final AtomicBoolean finished = new AtomicBoolean();

  private Throwable captureFailure;
  private boolean containerBody;
  private boolean readListener;
  private boolean requestBodyEnded;
  private boolean listening;
  private volatile boolean asyncProblem;
  private volatile int sizeAtProblem = -1;
  Throwable thrown;

  Exchange(CaptureEngine engine, HttpServletRequest request, HttpServletResponse response, OperationPlan plan,
      double draw, long startNanos, String method, String target, String[] requestHeaders, int maxBodyBytes) {
    this.engine = engine;
    this.originalRequest = request;
    this.originalResponse = response;
    this.plan = plan;
    this.draw = draw;
    this.startNanos = startNanos;
    this.method = method;
    this.target = target;
    this.requestHeaders = requestHeaders;
    this.requestBody = new BodyCapture(maxBodyBytes);
    this.requestBody.sizeHint(request.getContentLengthLong());
    this.responseBody = new BodyCapture(maxBodyBytes);
    this.request = new CapturingRequest(request, this);
    this.response = new CapturingResponse(response, this);
    request.setAttribute(ATTRIBUTE, this);
  }

  public CapturingRequest request() {
    return request;
  }

  public CapturingResponse response() {
    return response;
  }

  BodyCapture requestBody() {
    return requestBody;
  }

  BodyCapture responseBody() {
    return responseBody;
  }

  Throwable captureFailure() {
    return captureFailure;
  }

  boolean containerBody() {
    return containerBody
        || (asyncProblem && responseBody.size() == sizeAtProblem)
        || originalRequest.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_STATUS_CODE) != null;
  }

  boolean readListener() {
    return readListener;
  }

  boolean requestBodyFullyRead() {
    return requestBodyEnded;
  }

  void captureFailed(Throwable failure) {
    if (captureFailure == null) {
      captureFailure = failure;
    }
  }

  /** Notes that the container, not the application, writes (part of) the body: an error page. */
  public void containerWritesBody() {
    containerBody = true;
  }

  void requestReadListenerSet() {
    readListener = true;
  }

  void markRequestBodyEnded() {
    requestBodyEnded = true;
  }

  /** Registers for completion when the application starts an asynchronous cycle. */
  void asyncStarted(AsyncContext context) {
    if (!listening) {
      listening = true;
      try {
        context.addListener(this, originalRequest, originalResponse);
      } catch (RuntimeException e) {
        captureFailed(e);
        listening = false;
      }
    }
  }

  /** Called by the filter when the chain returned or threw. */
  public void chainReturned(Throwable failure) {
    thrown = failure;
    try {
      if (originalRequest.isAsyncStarted()) {
        if (!listening) {
          asyncStarted(originalRequest.getAsyncContext()); // started on the unwrapped request
        }
        if (listening) {
          return; // completes in onComplete
        }
      }
      finish();
    } catch (RuntimeException | Error e) {
      engine.captureError(this, e);
    }
  }

  private void finish() {
    if (finished.compareAndSet(false, true)) {
      engine.complete(this);
    }
  }

  @Override
  public void onComplete(AsyncEvent event) {
    try {
      finish();
    } catch (RuntimeException | Error e) {
      engine.captureError(this, e);
    }
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    problem();
  }

  @Override
  public void onError(AsyncEvent event) {
    problem();
  }

  private void problem() {
    if (!asyncProblem) {
      sizeAtProblem = responseBody.size();
      asyncProblem = true;
    }
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // a new asynchronous cycle: stay registered for its completion
    AsyncContext context = event.getAsyncContext();
    if (context != null) {
      context.addListener(this, originalRequest, originalResponse);
    }
  }
}
