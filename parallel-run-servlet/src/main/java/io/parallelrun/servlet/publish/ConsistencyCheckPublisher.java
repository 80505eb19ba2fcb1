package io.parallelrun.servlet.publish;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.parallelrun.core.metrics.MeterNames;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.redact.Redaction;
import io.parallelrun.core.redact.Redactions;
import io.parallelrun.core.wire.PayloadSignature;
import io.parallelrun.core.wire.WireProtocol;
import io.parallelrun.servlet.publish.internal.BoundedQueue;
import io.parallelrun.servlet.publish.internal.HttpTransport;
import io.parallelrun.servlet.publish.internal.PublishCounters;
import io.parallelrun.servlet.publish.internal.PublisherWorker;
import io.parallelrun.servlet.publish.internal.RateLimitedLog;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends captured exchanges to the candidate, asynchronously, off the request threads.
 *
 * <pre>{@code
 * ConsistencyCheckPublisher publisher = ConsistencyCheckPublisher.builder()
 *     .candidateUrl("http://returns-candidate:8080/consistency-checks")
 *     .secret(System.getenv("PARALLEL_RUN_SECRET"))
 *     .meterRegistry(registry)
 *     .build();
 * }</pre>
 *
 * <p>{@link #offer} puts a capture into a queue bounded by count and by bytes and returns at once;
 * when the queue is full the capture is dropped and counted, the caller never waits. Worker
 * threads named {@code parallel-run-publisher-N} (daemons) build each payload, apply its in-transit
 * redaction, serialise it and send it through the {@link Transport}: by default signed POSTs of
 * {@code application/x-ndjson} batches to the candidate's receiver, flushed by count, bytes or a
 * short delay; or one {@code application/json} POST per payload with {@link
 * Builder#batching(boolean) batching(false)}.
 *
 * <p>Every payload offered ends in exactly one {@code parallel.run.published} counter: {@code
 * accepted}, {@code rejected}, {@code error} or {@code dropped} (queue full, or not sent when
 * {@link #close()} gave up). Gauges {@code parallel.run.queue.size} and {@code
 * parallel.run.queue.bytes} (tag {@code side=legacy}) show the queue.
 *
 * <p>This class is thread-safe; {@link #offer} is lock-free. Build one per application and
 * {@link #close()} it on shutdown.
 */
public final class ConsistencyCheckPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsistencyCheckPublisher.class);

  private final BoundedQueue<PayloadSource> queue;
  private final Transport transport;
  private final MeterRegistry registry;
  private final PublishCounters counters;
  private final List<PublisherWorker> workers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Duration closeTimeout;
  private final int wakeThreshold;
  private final long wakeBytes;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final RateLimitedLog log = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
  private final String description;

  private ConsistencyCheckPublisher(Builder b, Transport transport) {
    this.transport = transport;
    this.registry = b.meterRegistry;
    this.closeTimeout = b.closeTimeout;
    this.queue = new BoundedQueue<>(b.maxQueuePayloads, b.maxQueueBytes, PayloadSource::sizeInBytes);
    this.counters = new PublishCounters(registry);
    this.wakeThreshold = b.batching ? b.batchMaxPayloads : 1;
    this.wakeBytes = b.batching ? Math.min(b.batchMaxBytes, b.maxPostBytes) : 1;
    Gauge.builder(MeterNames.QUEUE_SIZE, queue, BoundedQueue::size)
        .tag(MeterNames.SIDE, MeterNames.SIDE_LEGACY)
        .description("Captured payloads waiting to be sent to the candidate")
        .register(registry);
    Gauge.builder(MeterNames.QUEUE_BYTES, queue, BoundedQueue::bytes)
        .tag(MeterNames.SIDE, MeterNames.SIDE_LEGACY)
        .description("Bytes of captured payloads waiting to be sent to the candidate")
        .baseUnit("bytes")
        .register(registry);
    PublisherWorker.Settings settings =
        new PublisherWorker.Settings(
            b.batching, b.batchMaxPayloads, b.batchMaxBytes, b.batchDelay.toNanos(), b.maxPostBytes);
    RateLimitedLog workerLog = new RateLimitedLog(LoggerFactory.getLogger(PublisherWorker.class), 1, TimeUnit.MINUTES);
    for (int i = 1; i <= b.workers; i++) {
      PublisherWorker worker = new PublisherWorker(queue, transport, counters, settings, workerLog);
      Thread thread = new Thread(worker, b.threadNamePrefix + "-" + i);
      thread.setDaemon(true);
      workers.add(worker);
      threads.add(thread);
    }
    this.description = "ConsistencyCheckPublisher{transport=" + transport + ", batching=" + b.batching
        + ", maxQueuePayloads=" + b.maxQueuePayloads + ", maxQueueBytes=" + b.maxQueueBytes + "}";
    threads.forEach(Thread::start);
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Queues a capture for sending, without blocking. When the queue has no room for it (by count or
   * by bytes) or the publisher is closed, the capture is dropped, counted as {@code dropped}, and
   * this method returns {@code false}.
   */
  public boolean offer(PayloadSource source) {
    Objects.requireNonNull(source, "source");
    if (closed.get()) {
      counters.dropped.increment();
      return false;
    }
    if (!queue.offer(source)) {
      counters.dropped.increment();
      log.warn("full", () -> "parallel-run's publisher queue is full (" + queue.size() + " payloads, " + queue.bytes()
          + " bytes): dropping captures; the candidate is slower than the traffic or unreachable");
      return false;
    }
    if (closed.get() && queue.remove(source)) {
      counters.dropped.increment();
      return false;
    }
    if (queue.size() >= wakeThreshold || queue.bytes() >= wakeBytes) {
      for (PublisherWorker worker : workers) {
        worker.wake();
      }
    }
    return true;
  }

  /** Queues an already built payload, with the given in-transit redaction; see {@link #offer}. */
  public boolean publish(ConsistencyCheckPayload payload, Redaction redaction) {
    return offer(PayloadSource.of(Objects.requireNonNull(payload, "payload"), Objects.requireNonNull(redaction, "redaction")));
  }

  /** Queues an already built payload without redaction; see {@link #offer}. */
  public boolean publish(ConsistencyCheckPayload payload) {
    return publish(payload, Redactions.none());
  }

  /** Payloads waiting in the queue. */
  public int queueSize() {
    return queue.size();
  }

  /** Bytes of the payloads waiting in the queue. */
  public long queueBytes() {
    return queue.bytes();
  }

  /** The bound of {@link #queueBytes()}. */
  public long maxQueueBytes() {
    return queue.maxBytes();
  }

  /** The registry this publisher's meters are in. */
  public MeterRegistry meterRegistry() {
    return registry;
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Stops accepting captures, sends what is queued for at most the configured close timeout, then
   * counts whatever is left as {@code dropped} and stops the threads. Idempotent; blocks for at
   * most about the close timeout plus one second.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + closeTimeout.toNanos();
    workers.forEach(w -> w.close(deadline));
    boolean interrupted = false;
    for (Thread thread : threads) {
      try {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          TimeUnit.NANOSECONDS.timedJoin(thread, left);
        }
        if (thread.isAlive()) {
          thread.interrupt();
          thread.join(1000);
        }
      } catch (InterruptedException e) {
        interrupted = true;
        thread.interrupt();
      }
    }
    int left = 0;
    while (queue.poll() != null) {
      left++;
    }
    if (left > 0) {
      counters.dropped.increment(left);
      LOG.warn("parallel-run's publisher closed with {} payload(s) unsent; counted as dropped", left);
    }
    try {
      transport.close();
    } catch (Exception e) {
      LOG.warn("parallel-run's transport failed to close", e);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return description;
  }

  /**
   * Builds a {@link ConsistencyCheckPublisher}: either {@link #candidateUrl} and {@link #secret}
   * for the HTTP transport, or a {@link #transport}. Every other option has a default. Not
   * thread-safe.
   */
  public static final class Builder {
    private URI candidateUrl;
    private String secret;
    private Transport transport;
    private MeterRegistry meterRegistry = Metrics.globalRegistry;
    private int maxQueuePayloads = 10_000;
    private long maxQueueBytes = 64L * 1024 * 1024;
    private boolean batching = true;
    private int batchMaxPayloads = 200;
    private int batchMaxBytes = 1024 * 1024;
    private Duration batchDelay = Duration.ofMillis(100);
    private int maxPostBytes = 10 * 1024 * 1024;
    private int workers = 1;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration requestTimeout = Duration.ofSeconds(5);
    private Duration maxRetryAfter = Duration.ofSeconds(2);
    private Duration closeTimeout = Duration.ofSeconds(5);
    private String threadNamePrefix = "parallel-run-publisher";

    private Builder() {}

    /**
     * The candidate's receiver, for example {@code http://candidate:8080/consistency-checks}; a URL
     * without a path gets {@value WireProtocol#DEFAULT_PATH}.
     */
    public Builder candidateUrl(String url) {
      return candidateUrl(URI.create(Objects.requireNonNull(url, "candidateUrl")));
    }

    /** See {@link #candidateUrl(String)}. */
    public Builder candidateUrl(URI url) {
      Objects.requireNonNull(url, "candidateUrl");
      if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
        throw new IllegalArgumentException("candidateUrl must be an http or https URL, was " + url);
      }
      if (url.getRawPath() == null || url.getRawPath().isEmpty() || "/".equals(url.getRawPath())) {
        url = url.resolve(WireProtocol.DEFAULT_PATH);
      }
      this.candidateUrl = url;
      return this;
    }

    /** The secret shared with the candidate, at least 16 bytes, used to sign every POST. */
    public Builder secret(String value) {
      this.secret = Objects.requireNonNull(value, "secret");
      return this;
    }

    /** A transport replacing the HTTP one; {@link #candidateUrl} and {@link #secret} are then not used. */
    public Builder transport(Transport value) {
      this.transport = Objects.requireNonNull(value, "transport");
      return this;
    }

    /** Where the meters go; default {@link Metrics#globalRegistry} (which records nothing until a registry is added to it). */
    public Builder meterRegistry(MeterRegistry value) {
      this.meterRegistry = Objects.requireNonNull(value, "meterRegistry");
      return this;
    }

    /** Most payloads waiting; default 10,000. */
    public Builder maxQueuePayloads(int value) {
      this.maxQueuePayloads = positive("maxQueuePayloads", value);
      return this;
    }

    /** Most bytes of payloads waiting; default 64 MiB. */
    public Builder maxQueueBytes(long value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxQueueBytes must be positive, was " + value);
      }
      this.maxQueueBytes = value;
      return this;
    }

    /** Batches of NDJSON (default {@code true}) or one {@code application/json} POST per payload. */
    public Builder batching(boolean value) {
      this.batching = value;
      return this;
    }

    /** A batch is sent once it holds this many payloads; default 200. */
    public Builder batchMaxPayloads(int value) {
      this.batchMaxPayloads = positive("batchMaxPayloads", value);
      return this;
    }

    /** A batch is sent once it holds this many bytes; default 1 MiB. */
    public Builder batchMaxBytes(int value) {
      this.batchMaxBytes = positive("batchMaxBytes", value);
      return this;
    }

    /** A batch is sent at the latest this long after its first payload; default 100 ms. */
    public Builder batchDelay(Duration value) {
      this.batchDelay = positive("batchDelay", value);
      return this;
    }

    /** Largest POST body the receiver takes; default 10 MiB, the receiver's default. A larger payload is counted rejected. */
    public Builder maxPostBytes(int value) {
      this.maxPostBytes = positive("maxPostBytes", value);
      return this;
    }

    /** Number of publisher threads; default 1. */
    public Builder workers(int value) {
      this.workers = positive("workers", value);
      return this;
    }

    /** HTTP connect timeout; default 2 s. */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = positive("connectTimeout", value);
      return this;
    }

    /** Deadline for one POST and its answer; default 5 s. */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = positive("requestTimeout", value);
      return this;
    }

    /**
     * Longest {@code Retry-After} honoured for the single retry after a 429 or 503; default 2 s.
     * When the receiver asks for longer, the payloads count as errors without a retry.
     */
    public Builder maxRetryAfter(Duration value) {
      Objects.requireNonNull(value, "maxRetryAfter");
      if (value.isNegative()) {
        throw new IllegalArgumentException("maxRetryAfter must not be negative, was " + value);
      }
      this.maxRetryAfter = value;
      return this;
    }

    /** How long {@link #close()} keeps sending; default 5 s. */
    public Builder closeTimeout(Duration value) {
      Objects.requireNonNull(value, "closeTimeout");
      if (value.isNegative()) {
        throw new IllegalArgumentException("closeTimeout must not be negative, was " + value);
      }
      this.closeTimeout = value;
      return this;
    }

    /** Prefix of the thread names; default {@code parallel-run-publisher}. */
    public Builder threadNamePrefix(String value) {
      this.threadNamePrefix = Objects.requireNonNull(value, "threadNamePrefix");
      return this;
    }

    /**
     * Builds and starts the publisher.
     *
     * @throws IllegalArgumentException when neither a transport nor a candidate URL with a secret
     *     of at least 16 bytes is configured
     */
    public ConsistencyCheckPublisher build() {
      Transport chosen = transport;
      if (chosen == null) {
        if (candidateUrl == null) {
          throw new IllegalArgumentException("a ConsistencyCheckPublisher needs a candidateUrl (or a transport)");
        }
        if (secret == null) {
          throw new IllegalArgumentException("a ConsistencyCheckPublisher needs the secret shared with the candidate");
        }
        chosen = new HttpTransport(candidateUrl, PayloadSignature.withSecret(secret), connectTimeout, requestTimeout,
            maxRetryAfter, threadNamePrefix);
      }
      if (batchMaxBytes > maxPostBytes) {
        batchMaxBytes = maxPostBytes;
      }
      return new ConsistencyCheckPublisher(this, chosen);
    }

    private static int positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
