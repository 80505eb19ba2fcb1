package io.parallelrun.servlet.receive;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.parallelrun.core.check.ConsistencyChecker;
import io.parallelrun.core.check.Replayer;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.metrics.SkipReason;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.readiness.ReadinessReport;
import io.parallelrun.core.record.CheckRecorder;
import io.parallelrun.core.wire.InvalidPayloadException;
import io.parallelrun.core.wire.PayloadCodec;
import io.parallelrun.core.wire.PayloadLimits;
import io.parallelrun.core.wire.PayloadSignature;
import io.parallelrun.core.wire.WireProtocol;
import io.parallelrun.servlet.receive.internal.CheckQueue;
import io.parallelrun.servlet.receive.internal.Problems;
import io.parallelrun.servlet.receive.internal.Problems.LineRejection;
import io.parallelrun.servlet.replay.ReplayGateway;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The candidate's receiver: takes captured exchanges from the legacy side, answers at once, and
 * checks them in the background.
 *
 * <pre>{@code
 * ConsistencyCheckServlet receiver = ConsistencyCheckServlet.builder()
 *     .secret(System.getenv("PARALLEL_RUN_SECRET"))
 *     .replayTo("http://127.0.0.1:8080")      // embedded; a sidecar names the candidate's URL
 *     .meterRegistry(registry)
 *     .policies(policies)
 *     .build();
 * // map it at "/consistency-checks/*"
 * }</pre>
 *
 * <p>{@code POST} to the mapped path takes one payload ({@code application/json}) or a batch
 * ({@code application/x-ndjson}, one payload per line). In this order: {@code 415} for another
 * content type, {@code 401} without a valid {@value WireProtocol#SIGNATURE_HEADER} over the raw
 * body, {@code 413} above the size cap (checked while reading: an oversized body is never held in
 * memory), {@code 400} for a payload that does not parse or validate (a batch: when no line is
 * valid), {@code 429} (or {@code 503} while closing) with {@code Retry-After} when the backlog has
 * no room for any of the payloads, else {@code 202} with
 * {@code {"id": "<check id>"}} or, for a batch, {@code {"accepted": n, "rejected": [{"line": k,
 * "pointer": "...", "detail": "..."}]}}. Errors are {@code application/problem+json} (RFC 9457)
 * with a {@code pointer} to the offending field. {@code GET <path>/report} answers the {@link
 * ReadinessReport} as JSON; other methods get {@code 405}. See {@code docs/receiver.md}.
 *
 * <p>Accepted payloads wait in a queue bounded by count and bytes for a pool of worker threads
 * ({@code parallel-run-checker-N}) that run the {@link ConsistencyChecker}. Every payload received
 * ends in exactly one counter: a check, or {@code parallel.run.skipped} with side {@code candidate}
 * and a reason ({@code invalid_payload}, {@code unauthenticated}, {@code backlog_full}, {@code
 * shutdown}, or the checker's reasons). A POST refused before its lines could be read (401, 413,
 * 415, a body that is not JSON) counts once, as operation {@code unmapped}. A POST answered {@code
 * 429} or {@code 503} was not taken and counts nothing: its sender may send it again (the
 * publisher retries once), and counting it now would count a retried payload twice. Lines of a
 * batch the backlog had no room for, after others were taken, are answered as rejected lines and
 * counted as skipped with reason {@code backlog_full}; the sender does not resend those.
 *
 * <p>Without a secret the servlet refuses to be built, unless {@link
 * Builder#insecureDevelopmentMode(boolean)} is set, which logs a warning. This class is
 * thread-safe; {@link #destroy()} (or {@link #close()}) stops the workers and counts what was still
 * queued as skipped with reason {@code shutdown}.
 */
public final class ConsistencyCheckServlet extends HttpServlet implements AutoCloseable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ConsistencyCheckServlet.class);
  private static final String REPORT_PATH = "/report";
  private static final int INITIAL_BUFFER_BYTES = 256 * 1024;
  /** Bytes of a refused body read and discarded before answering 413, so that the answer is not lost to a reset. */
  private static final long DRAIN_BYTES = 1024 * 1024;

  private final transient ConsistencyChecker checker;
  private final transient PayloadSignature signature;
  private final transient PayloadCodec codec;
  private final transient CheckQueue queue;
  private final transient Clock clock;
  private final transient ReplayGateway ownedGateway;
  private final int maxBodyBytes;
  private final long retryAfterSeconds;
  private final boolean reportEnabled;
  private final transient List<Thread> workers = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final String idPrefix = randomPrefix();
  private final java.util.concurrent.atomic.AtomicLong idSequence = new java.util.concurrent.atomic.AtomicLong();

  private ConsistencyCheckServlet(Builder b, ConsistencyChecker checker, ReplayGateway ownedGateway) {
    this.checker = checker;
    this.ownedGateway = ownedGateway;
    this.signature = b.secret == null ? null : PayloadSignature.withSecret(b.secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), b.signatureTolerance);
    this.codec = PayloadCodec.withLimits(b.limits);
    this.maxBodyBytes = b.limits.maxPayloadBytes();
    this.queue = new CheckQueue(b.maxQueuedPayloads, b.maxQueuedBytes);
    this.clock = b.clock;
    this.retryAfterSeconds = Math.max(1, b.retryAfter.toSeconds());
    this.reportEnabled = b.reportEnabled;
    MeterRegistry registry = checker.recorder().meterRegistry();
    Gauge.builder(MeterNames.QUEUE_SIZE, queue, CheckQueue::size)
        .tag(MeterNames.SIDE, MeterNames.SIDE_CANDIDATE)
        .description("Received payloads waiting to be checked")
        .register(registry);
    Gauge.builder(MeterNames.QUEUE_BYTES, queue, CheckQueue::bytes)
        .tag(MeterNames.SIDE, MeterNames.SIDE_CANDIDATE)
        .description("Bytes of received payloads waiting to be checked")
        .baseUnit("bytes")
        .register(registry);
    for (int i = 1; i <= b.workers; i++) {
      Thread thread = new Thread(this::work, "parallel-run-checker-" + i);
      thread.setDaemon(true);
      workers.add(thread);
    }
    workers.forEach(Thread::start);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The checker the workers run; its recorder holds the meters and statistics. */
  public ConsistencyChecker checker() {
    return checker;
  }

  /** The readiness report as of now. */
  public ReadinessReport report() {
    return ReadinessReport.from(checker.recorder());
  }

  /** Payloads waiting to be checked. */
  public int backlog() {
    return queue.size();
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
    String pathInfo = request.getPathInfo();
    boolean root = pathInfo == null || pathInfo.isEmpty() || pathInfo.equals("/");
    String method = request.getMethod();
    if (root) {
      if ("POST".equals(method)) {
        receive(request, response);
      } else {
        response.setHeader("Allow", "POST");
        leaveUnread(request, response, 0);
        problem(response, 405, "method-not-allowed", "Method not allowed", method + " is not accepted here; POST payloads", null, null);
      }
    } else if (reportEnabled && REPORT_PATH.equals(pathInfo)) {
      if ("GET".equals(method) || "HEAD".equals(method)) {
        byte[] json = report().toJson();
        response.setStatus(200);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(json.length);
        if ("GET".equals(method)) {
          response.getOutputStream().write(json);
        }
      } else {
        response.setHeader("Allow", "GET, HEAD");
        leaveUnread(request, response, 0);
        problem(response, 405, "method-not-allowed", "Method not allowed", method + " is not accepted here; GET the report", null, null);
      }
    } else {
      problem(response, 404, "not-found", "Not found", "nothing at " + pathInfo, null, null);
    }
  }

  private void receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String mediaType = mediaType(request.getContentType());
    boolean batch;
    if (WireProtocol.JSON.equals(mediaType)) {
      batch = false;
    } else if (WireProtocol.NDJSON.equals(mediaType)) {
      batch = true;
    } else {
      checker.skip(null, SkipReason.INVALID_PAYLOAD);
      leaveUnread(request, response, 0);
      problem(response, 415, "unsupported-media-type", "Unsupported media type",
          "send " + WireProtocol.JSON + " (one payload) or " + WireProtocol.NDJSON + " (a batch) in UTF-8, not "
              + (request.getContentType() == null ? "no content type" : request.getContentType()), null, null);
      return;
    }
    String signatureHeader = request.getHeader(WireProtocol.SIGNATURE_HEADER);
    if (signature != null && (signatureHeader == null || signatureHeader.isBlank())) {
      leaveUnread(request, response, 0);
      unauthenticated(response, PayloadSignature.Verification.MISSING);
      return;
    }
    long declared = request.getContentLengthLong();
    if (declared > maxBodyBytes) {
      tooLarge(request, response, declared);
      return;
    }
    byte[] body = readBounded(request.getInputStream(), declared);
    if (body == null) {
      tooLarge(request, response, -1);
      return;
    }
    if (signature != null) {
      PayloadSignature.Verification verification =
          signature.verify(signatureHeader, body, 0, body.length, clock.instant().getEpochSecond());
      if (verification != PayloadSignature.Verification.VALID) {
        unauthenticated(response, verification);
        return;
      }
    }
    if (queue.isFull() || closed.get()) {
      // Overloaded (or closing): answer at once instead of parsing what cannot be queued. Nothing
      // is taken and nothing counted: the sender may send it again (the publisher retries once),
      // and a count now would count a retried payload twice.
      backlogFull(response);
      return;
    }
    if (batch) {
      receiveBatch(body, response);
    } else {
      receiveOne(body, response);
    }
  }

  private void receiveOne(byte[] body, HttpServletResponse response) throws IOException {
    ConsistencyCheckPayload payload;
    try {
      payload = codec.read(body);
    } catch (InvalidPayloadException e) {
      checker.skip(null, SkipReason.INVALID_PAYLOAD);
      if (e.kind() == InvalidPayloadException.Kind.TOO_LARGE) {
        problem(response, 413, "too-large", "Payload too large", e.problem(), e.pointer(), null);
      } else {
        problem(response, 400, e.kind().slug(), "Invalid payload", e.problem(), e.pointer(), null);
      }
      return;
    }
    String checkId = nextCheckId();
    if (!enqueue(new CheckQueue.Job(checkId, payload, body.length))) {
      backlogFull(response); // not taken and not counted: the sender may send it again
      return;
    }
    json(response, 202, "application/json", Problems.accepted(checkId));
  }

  private void receiveBatch(byte[] body, HttpServletResponse response) throws IOException {
    List<CheckQueue.Job> valid = new ArrayList<>();
    List<Integer> validLines = new ArrayList<>();
    List<LineRejection> rejected = new ArrayList<>();
    int line = 0;
    int start = 0;
    while (start < body.length) {
      int end = start;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      line++;
      int contentEnd = end > start && body[end - 1] == '\r' ? end - 1 : end;
      if (!isBlank(body, start, contentEnd)) {
        try {
          ConsistencyCheckPayload payload = codec.read(body, start, contentEnd - start);
          valid.add(new CheckQueue.Job(nextCheckId(), payload, contentEnd - start));
          validLines.add(line);
        } catch (InvalidPayloadException e) {
          rejected.add(new LineRejection(line, e.pointer(), e.kind().slug() + ": " + e.problem()));
        }
      }
      start = end + 1;
    }
    int invalid = rejected.size();
    if (valid.isEmpty()) {
      skipInvalid(invalid);
      if (rejected.isEmpty()) {
        checker.skip(null, SkipReason.INVALID_PAYLOAD);
        problem(response, 400, "empty-batch", "Empty batch", "the batch holds no payload line", "", null);
      } else {
        problem(response, 400, "invalid-batch", "Invalid batch", "no line of the batch is a valid payload; "
            + rejected.size() + " line(s) rejected, first: line " + rejected.get(0).line + ": " + rejected.get(0).detail,
            null, rejected);
      }
      return;
    }
    int accepted = 0;
    while (accepted < valid.size() && enqueue(valid.get(accepted))) {
      accepted++;
    }
    if (accepted == 0) {
      // Nothing taken, nothing counted: the answer asks the sender to send the whole batch again
      // (the publisher retries once), and a count now would count its payloads twice.
      backlogFull(response);
      return;
    }
    skipInvalid(invalid);
    SkipReason refusal = closed.get() ? SkipReason.SHUTDOWN : SkipReason.BACKLOG_FULL;
    for (int i = accepted; i < valid.size(); i++) {
      // answered as rejected lines in a 202: the sender counts them as rejected and does not resend them
      checker.skip(valid.get(i).payload, refusal);
      rejected.add(new LineRejection(validLines.get(i), null, "backlog-full: the candidate's backlog is full"));
    }
    rejected.sort((a, b) -> Integer.compare(a.line, b.line));
    json(response, 202, "application/json", Problems.batch(accepted, rejected));
  }

  private void skipInvalid(int lines) {
    for (int i = 0; i < lines; i++) {
      checker.skip(null, SkipReason.INVALID_PAYLOAD);
    }
  }

  /**
   * A check id: a random per-instance prefix and a sequence number. Unique per instance and not
   * guessable from outside without having seen one; cheaper than a random UUID per payload, which
   * takes a lock on the system's random source.
   */
  private String nextCheckId() {
    return idPrefix + Long.toString(idSequence.incrementAndGet(), 36);
  }

  private static String randomPrefix() {
    byte[] bytes = new byte[12];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "-";
  }

  private boolean enqueue(CheckQueue.Job job) {
    if (closed.get() || !queue.offer(job)) {
      return false;
    }
    if (closed.get() && queue.remove(job)) {
      return false;
    }
    return true;
  }

  private void work() {
    while (!closed.get()) {
      CheckQueue.Job job;
      try {
        job = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (job != null) {
        checker.check(job.checkId, job.payload);
      }
    }
  }

  private static boolean isBlank(byte[] body, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = body[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads the body, or returns {@code null} as soon as it exceeds the cap. The buffer grows with
   * what actually arrives: a large Content-Length alone (the signature is not checked yet) does
   * not make the receiver allocate that much.
   */
  /**
   * Prepares the answer to a POST whose body is not read (or not to its end): reads and discards
   * up to {@link #DRAIN_BYTES} of what is left when that is all of it (or its length is unknown),
   * and closes the connection after the answer. Unread bytes would otherwise be taken for the next
   * request on a reused connection, or make the kernel reset the connection before the client
   * reads the answer. {@code read} is how much counts as read already; -1 drains in any case.
   */
  private static void leaveUnread(HttpServletRequest request, HttpServletResponse response, long read) {
    long declared = request.getContentLengthLong();
    if (read < 0 || declared < 0 || declared - read <= DRAIN_BYTES) {
      try {
        drain(request.getInputStream());
      } catch (IOException | IllegalStateException e) {
        // no body to read (or the client went away): nothing left to protect
      }
    }
    response.setHeader("Connection", "close");
  }

  private static void drain(ServletInputStream in) {
    byte[] sink = new byte[8192];
    long left = DRAIN_BYTES;
    try {
      int n;
      while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
        left -= n;
      }
    } catch (IOException e) {
      // the client went away: nothing left to protect
    }
  }

  private byte[] readBounded(ServletInputStream in, long declared) throws IOException {
    byte[] buffer = new byte[declared >= 0 ? (int) Math.min(declared, INITIAL_BUFFER_BYTES) : 8192];
    int size = 0;
    while (true) {
      if (size == buffer.length) {
        if (size > maxBodyBytes) {
          return null;
        }
        if (declared >= 0 && size == declared) {
          // Declared length reached: expect the end of the stream.
          int extra = in.read();
          if (extra < 0) {
            return buffer;
          }
          return null;
        }
        long grown = Math.max(8192L, size * 2L);
        if (declared >= 0) {
          grown = Math.min(grown, declared);
        }
        buffer = java.util.Arrays.copyOf(buffer, (int) Math.min((long) maxBodyBytes + 1, grown));
      }
      int n = in.read(buffer, size, buffer.length - size);
      if (n < 0) {
        return size == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, size);
      }
      size += n;
      if (size > maxBodyBytes) {
        return null;
      }
    }
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    if (semicolon >= 0) {
      for (String parameter : contentType.substring(semicolon + 1).split(";")) {
        String p = parameter.trim().toLowerCase(Locale.ROOT);
        if (p.startsWith("charset=")) {
          String charset = p.substring(8).replace("\"", "");
          if (!charset.equals("utf-8") && !charset.equals("utf8")) {
            return "unsupported charset";
          }
        }
      }
    }
    return type;
  }

  private void unauthenticated(HttpServletResponse response, PayloadSignature.Verification verification) throws IOException {
    checker.skip(null, SkipReason.UNAUTHENTICATED);
    LOG.debug("Refused a POST: {}", verification.description());
    String slug = "signature-" + verification.name().toLowerCase(Locale.ROOT);
    problem(response, 401, slug, "Unauthorized", verification.description(), null, null);
  }

  /**
   * Answers 413. The rest of a body at most {@link #DRAIN_BYTES} beyond the limit is read and
   * discarded first (see {@link #leaveUnread}); a larger one is not read, and the client may see a
   * reset instead.
   */
  private void tooLarge(HttpServletRequest request, HttpServletResponse response, long declared) throws IOException {
    checker.skip(null, SkipReason.INVALID_PAYLOAD);
    leaveUnread(request, response, declared < 0 ? -1 : maxBodyBytes);
    problem(response, 413, "too-large", "Payload too large",
        "the body is larger than the limit of " + maxBodyBytes + " bytes", null, null);
  }

  private void backlogFull(HttpServletResponse response) throws IOException {
    response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
    if (closed.get()) {
      problem(response, 503, "shutting-down", "Service unavailable", "the receiver is shutting down", null, null);
    } else {
      problem(response, 429, "backlog-full", "Too many requests",
          "the backlog of checks is full; retry after " + retryAfterSeconds + " s", null, null);
    }
  }

  private static void problem(HttpServletResponse response, int status, String slug, String title, String detail,
      String pointer, List<LineRejection> rejected) throws IOException {
    json(response, status, WireProtocol.PROBLEM_JSON, Problems.problem(slug, title, status, detail, pointer, rejected));
  }

  private static void json(HttpServletResponse response, int status, String contentType, byte[] body) throws IOException {
    response.setStatus(status);
    response.setContentType(contentType);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  @Override
  public void destroy() {
    close();
  }

  /**
   * Stops taking payloads, lets the workers finish the check they are running (waiting up to 10
   * seconds), and counts what was still queued as skipped with reason {@code shutdown}.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Thread worker : workers) {
      try {
        worker.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (CheckQueue.Job job : queue.drain()) {
      checker.skip(job.payload, SkipReason.SHUTDOWN);
    }
    if (ownedGateway != null) {
      ownedGateway.close();
    }
  }

  @Override
  public String toString() {
    return "ConsistencyCheckServlet{checker=" + checker + ", workers=" + workers.size() + ", signed=" + (signature != null) + "}";
  }

  /** Builds a {@link ConsistencyCheckServlet}. Not thread-safe. */
  public static final class Builder {
    private String secret;
    private boolean insecure;
    private Duration signatureTolerance = PayloadSignature.DEFAULT_TOLERANCE;
    private ConsistencyChecker checker;
    private String replayBaseUrl;
    private Replayer replayer;
    private MeterRegistry meterRegistry;
    private OperationPolicies policies = OperationPolicies.ofDefaults();
    private OperationRouter router = OperationRouter.empty();
    private PayloadLimits limits = PayloadLimits.defaults();
    private int maxQueuedPayloads = 10_000;
    private long maxQueuedBytes = 256L * 1024 * 1024;
    private int workers = Math.max(4, 4 * Runtime.getRuntime().availableProcessors());
    private Duration retryAfter = Duration.ofSeconds(1);
    private Clock clock = Clock.systemUTC();
    private boolean reportEnabled = true;

    private Builder() {}

    /** The shared secret the legacy side signs with (at least 16 bytes). Required unless insecure development mode. */
    public Builder secret(String value) {
      this.secret = value;
      return this;
    }

    /** Accepts unsigned payloads. For local development only; logged as a warning. */
    public Builder insecureDevelopmentMode(boolean value) {
      this.insecure = value;
      return this;
    }

    /** How far the signature time may be from this clock (default 5 minutes). */
    public Builder signatureTolerance(Duration value) {
      this.signatureTolerance = Objects.requireNonNull(value, "signatureTolerance");
      return this;
    }

    /**
     * A ready checker. Alternatively give {@link #replayTo} (or {@link #replayer}), {@link
     * #meterRegistry}, {@link #policies} and {@link #router}, and the servlet builds one.
     */
    public Builder checker(ConsistencyChecker value) {
      this.checker = Objects.requireNonNull(value, "checker");
      return this;
    }

    /** Replays go to this base URL through a {@link ReplayGateway} the servlet owns and closes. */
    public Builder replayTo(String baseUrl) {
      this.replayBaseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /** Replays go through this replayer (for example a configured {@link ReplayGateway}). */
    public Builder replayer(Replayer value) {
      this.replayer = Objects.requireNonNull(value, "replayer");
      return this;
    }

    public Builder meterRegistry(MeterRegistry value) {
      this.meterRegistry = Objects.requireNonNull(value, "meterRegistry");
      return this;
    }

    public Builder policies(OperationPolicies value) {
      this.policies = Objects.requireNonNull(value, "policies");
      return this;
    }

    /** Route templates for payloads without an operation id. */
    public Builder router(OperationRouter value) {
      this.router = Objects.requireNonNull(value, "router");
      return this;
    }

    /** Limits of the payload format; {@link PayloadLimits#maxPayloadBytes()} caps a POST body, a batch included. */
    public Builder limits(PayloadLimits value) {
      this.limits = Objects.requireNonNull(value, "limits");
      return this;
    }

    /** Most payloads waiting to be checked (default 10,000). */
    public Builder maxQueuedPayloads(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxQueuedPayloads must be positive, was " + value);
      }
      this.maxQueuedPayloads = value;
      return this;
    }

    /** Most bytes of payloads waiting to be checked (default 256 MiB). */
    public Builder maxQueuedBytes(long value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxQueuedBytes must be positive, was " + value);
      }
      this.maxQueuedBytes = value;
      return this;
    }

    /** Worker threads (default 4 per processor, at least 4): replays block them while the candidate answers. */
    public Builder workers(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("workers must be positive, was " + value);
      }
      this.workers = value;
      return this;
    }

    /** The {@code Retry-After} sent with 429 (default 1 s, whole seconds). */
    public Builder retryAfter(Duration value) {
      this.retryAfter = Objects.requireNonNull(value, "retryAfter");
      return this;
    }

    /** The clock signatures are checked against (default UTC system clock). */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Whether {@code GET <path>/report} is served (default true). */
    public Builder reportEnabled(boolean value) {
      this.reportEnabled = value;
      return this;
    }

    /**
     * Builds and starts the workers.
     *
     * @throws IllegalStateException without a secret and without insecure development mode, or
     *     without a checker and without the parts to build one
     */
    public ConsistencyCheckServlet build() {
      if (secret == null || secret.isEmpty()) {
        if (!insecure) {
          throw new IllegalStateException("parallel-run's receiver needs a signing secret; set one, or set "
              + "insecureDevelopmentMode(true) to accept unsigned payloads (never in production)");
        }
        LOG.warn("parallel-run's receiver runs in INSECURE DEVELOPMENT MODE: it accepts unsigned payloads from "
            + "anyone who can reach it and replays them against the candidate. Never use this in production.");
      } else if (insecure) {
        LOG.warn("parallel-run's receiver has a secret and insecure development mode set; the secret wins");
      }
      ReplayGateway owned = null;
      ConsistencyChecker built = checker;
      if (built == null) {
        if (meterRegistry == null) {
          throw new IllegalStateException("give a checker, or a meter registry and a replay target");
        }
        Replayer r = replayer;
        if (r == null) {
          if (replayBaseUrl == null) {
            throw new IllegalStateException("give a checker, or a replay target: replayTo(baseUrl) or replayer(...)");
          }
          owned = ReplayGateway.builder().baseUrl(replayBaseUrl).build();
          r = owned;
        }
        CheckRecorder recorder = CheckRecorder.builder().meterRegistry(meterRegistry).policies(policies).build();
        built = ConsistencyChecker.builder().replayer(r).recorder(recorder).router(router).build();
      }
      return new ConsistencyCheckServlet(this, built, owned);
    }
  }
}
