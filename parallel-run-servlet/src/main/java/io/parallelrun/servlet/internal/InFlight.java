package io.parallelrun.servlet.internal;

import java.net.http.HttpTimeoutException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The exchanges a JDK HTTP client is making right now, by key, with their deadlines. A daemon
 * watchdog aborts answer bodies still arriving after their deadline (the client's request timeout
 * stops at the headers). The replay gateway keys by check id, and {@link #contains} tells the
 * replay marker filter whether a marked request really comes from that gateway; the publisher's
 * transport keys its POSTs by a sequence number.
 */
public final class InFlight implements AutoCloseable {

  private static final long TICK_NANOS = 20_000_000L;

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final Thread watchdog;
  private volatile boolean closed;

  public InFlight(String threadName) {
    this.watchdog = new Thread(this::watch, threadName);
    watchdog.setDaemon(true);
    watchdog.start();
  }

  public void add(String checkId, BoundedBody body, long deadlineNanos) {
    entries.put(checkId, new Entry(body, deadlineNanos));
  }

  public void remove(String checkId) {
    entries.remove(checkId);
  }

  public boolean contains(String checkId) {
    return checkId != null && entries.containsKey(checkId);
  }

  public int size() {
    return entries.size();
  }

  private void watch() {
    while (!closed) {
      LockSupport.parkNanos(TICK_NANOS);
      long now = System.nanoTime();
      entries.forEach((id, entry) -> {
        if (now - entry.deadlineNanos > 0) {
          entry.body.abort(new HttpTimeoutException("the answer's body did not arrive in time"));
        }
      });
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(watchdog);
  }

  private static final class Entry {
    final BoundedBody body;
    final long deadlineNanos;

    Entry(BoundedBody body, long deadlineNanos) {
      this.body = body;
      this.deadlineNanos = deadlineNanos;
    }
  }
}
