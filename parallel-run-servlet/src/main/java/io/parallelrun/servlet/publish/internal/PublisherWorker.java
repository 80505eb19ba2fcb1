package io.parallelrun.servlet.publish.internal;

import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.wire.PayloadCodec;
import io.parallelrun.core.wire.WireProtocol;
import io.parallelrun.servlet.publish.PayloadSource;
import io.parallelrun.servlet.publish.Transport;
import io.parallelrun.servlet.publish.TransportResult;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publisher thread: takes payload sources from the queue, builds, redacts and serialises
 * them, collects them into a batch (or sends each alone) and hands the bytes to the transport.
 * Each payload it takes ends in exactly one published outcome.
 */
public final class PublisherWorker implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(PublisherWorker.class);
  private static final long MAX_ERROR_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long MAX_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long MIN_ERROR_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** What the worker needs from its publisher; immutable. */
  public static final class Settings {
    final boolean batching;
    final int batchMaxPayloads;
    final int batchMaxBytes;
    final long batchDelayNanos;
    final int maxPostBytes;

    public Settings(boolean batching, int batchMaxPayloads, int batchMaxBytes, long batchDelayNanos, int maxPostBytes) {
      this.batching = batching;
      this.batchMaxPayloads = batchMaxPayloads;
      this.batchMaxBytes = batchMaxBytes;
      this.batchDelayNanos = batchDelayNanos;
      this.maxPostBytes = maxPostBytes;
    }
  }

  private final BoundedQueue<PayloadSource> queue;
  private final Transport transport;
  private final PublishCounters counters;
  private final Settings settings;
  private final PayloadCodec codec = PayloadCodec.standard();
  private final RateLimitedLog log;
  private final BatchBuffer buffer;
  private final int usualCapacity;

  private volatile boolean closing;
  private volatile boolean idle;
  private volatile long drainDeadline;
  private volatile Thread thread;

  private int pending;
  private int taken;
  private long batchStarted;
  private long errorBackoff;

  public PublisherWorker(
      BoundedQueue<PayloadSource> queue, Transport transport, PublishCounters counters, Settings settings,
      RateLimitedLog log) {
    this.queue = queue;
    this.transport = transport;
    this.counters = counters;
    this.settings = settings;
    this.log = log;
    this.usualCapacity = Math.min(settings.batchMaxBytes + 64 * 1024, settings.maxPostBytes);
    this.buffer = new BatchBuffer(Math.min(usualCapacity, 256 * 1024));
  }

  /** Asks the worker to send what is queued until the deadline and then stop. */
  public void close(long deadlineNanos) {
    drainDeadline = deadlineNanos;
    closing = true;
    wake();
  }

  /**
   * Wakes the worker if it is waiting for work. Cheap when it is not: request threads call this
   * with every capture once the queue holds a batch, and an unpark each time, while the worker is
   * busy anyway, took the lock of its parker from all of them.
   */
  public void wake() {
    Thread t = thread;
    if (t != null && (idle || closing)) {
      LockSupport.unpark(t);
    }
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    try {
      loop();
    } catch (InterruptedException e) {
      // closing: the current batch was counted as dropped
    } catch (Throwable t) {
      LOG.error("parallel-run publisher thread {} failed; payloads it held are counted as dropped", thread.getName(), t);
      counters.dropped.increment(pending);
      pending = 0;
    }
  }

  private void loop() throws InterruptedException {
    while (true) {
      if (closing && System.nanoTime() - drainDeadline > 0) {
        dropPending();
        return;
      }
      PayloadSource source = queue.poll();
      if (source == null) {
        if (pending > 0 && (closing || System.nanoTime() - batchStarted >= settings.batchDelayNanos)) {
          flush();
          continue;
        }
        if (closing) {
          return;
        }
        long wait = pending > 0 ? settings.batchDelayNanos - (System.nanoTime() - batchStarted) : settings.batchDelayNanos;
        idle = true;
        if (queue.isEmpty()) { // checked after idle is set: an offer from now on unparks
          LockSupport.parkNanos(this, Math.max(Math.min(wait, MAX_IDLE_NANOS), 1_000_000L));
        }
        idle = false;
        if (Thread.interrupted()) {
          dropPending();
          throw new InterruptedException();
        }
        continue;
      }
      add(source);
      if ((++taken & 3) == 0) {
        // Give way to request threads waiting for this core. Java thread priorities do nothing on
        // Linux, and the scheduler lets a running thread keep its core for a slice of a millisecond
        // or two: serialising a batch of 200 captures without a pause is about that long, and
        // request threads woken meanwhile waited for it (part 2 of docs/performance.md: p99).
        Thread.yield();
      }
      if (!settings.batching || pending >= settings.batchMaxPayloads || buffer.size() >= settings.batchMaxBytes) {
        flush();
      }
    }
  }

  private void add(PayloadSource source) throws InterruptedException {
    int mark = buffer.size();
    try {
      ConsistencyCheckPayload payload = source.toPayload();
      payload = source.redaction().redact(payload);
      codec.write(payload, buffer);
      if (settings.batching) {
        buffer.write('\n');
      }
    } catch (Exception | StackOverflowError e) {
      buffer.truncate(mark);
      counters.error.increment();
      log.warn("serialise", "parallel-run could not build or serialise a captured payload: " + e, e);
      return;
    }
    int size = buffer.size() - mark;
    if (size > settings.maxPostBytes) {
      buffer.truncate(mark);
      counters.rejected.increment();
      log.warn("too-large", "parallel-run did not send a payload of " + size
          + " bytes: it is larger than the receiver's limit of " + settings.maxPostBytes + " bytes per POST");
      return;
    }
    if (pending > 0 && buffer.size() > settings.maxPostBytes) {
      // the new payload does not fit into this POST: send the batch without it first
      byte[] carry = java.util.Arrays.copyOfRange(buffer.array(), mark, buffer.size());
      buffer.truncate(mark);
      flush();
      buffer.write(carry, 0, carry.length);
    }
    if (pending == 0) {
      batchStarted = System.nanoTime();
    }
    pending++;
  }

  private void flush() throws InterruptedException {
    int count = pending;
    if (count == 0) {
      return;
    }
    String contentType = settings.batching ? WireProtocol.NDJSON : WireProtocol.JSON + ";charset=UTF-8";
    TransportResult result;
    try {
      result = transport.send(buffer.array(), buffer.size(), contentType, count);
    } catch (InterruptedException e) {
      dropPending();
      throw e;
    } catch (RuntimeException e) {
      result = TransportResult.error(count, "the transport failed: " + e);
    }
    if (result == null || result.total() != count) {
      log.warn("transport-count", "parallel-run's transport accounted for " + (result == null ? 0 : result.total())
          + " of " + count + " payloads; the rest are counted as errors");
      result = result == null ? TransportResult.error(count, "no result") : fill(result, count);
    }
    counters.accepted.increment(result.accepted());
    counters.rejected.increment(result.rejected());
    counters.error.increment(result.errors());
    pending = 0;
    if (result.errors() > 0) {
      log.warn("error", "parallel-run could not deliver " + result.errors() + " payload(s): " + result.detail());
      buffer.detach(Math.min(usualCapacity, 256 * 1024)); // a cancelled exchange may still read the old array
      backOff();
    } else {
      buffer.reset(usualCapacity);
      errorBackoff = 0;
      if (result.rejected() > 0) {
        log.warn("rejected", "the candidate rejected " + result.rejected() + " payload(s): " + result.detail());
      }
    }
  }

  private static TransportResult fill(TransportResult result, int count) {
    int accepted = Math.min(result.accepted(), count);
    int rejected = Math.min(result.rejected(), count - accepted);
    return TransportResult.of(accepted, rejected, count - accepted - rejected, result.detail());
  }

  /** Waits a little after a failed delivery, so that a dead candidate does not cost a busy loop. */
  private void backOff() throws InterruptedException {
    errorBackoff = errorBackoff == 0 ? MIN_ERROR_BACKOFF_NANOS : Math.min(errorBackoff * 2, MAX_ERROR_BACKOFF_NANOS);
    if (closing) {
      return;
    }
    LockSupport.parkNanos(this, errorBackoff);
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }

  private void dropPending() {
    counters.dropped.increment(pending);
    pending = 0;
    buffer.reset(usualCapacity);
  }
}
