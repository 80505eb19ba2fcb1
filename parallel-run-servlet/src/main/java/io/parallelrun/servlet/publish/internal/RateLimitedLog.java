package io.parallelrun.servlet.publish.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Logs a warning at most once per interval and key, so that a broken configuration or a dead
 * candidate cannot flood the application's log; the next message says how many were suppressed.
 *
 * <p>Thread-safe and lock-free.
 */
public final class RateLimitedLog {

  private static final int MAX_KEYS = 256;

  private final Logger logger;
  private final long intervalNanos;
  private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

  private static final class Slot {
    final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong suppressed = new AtomicLong();
  }

  public RateLimitedLog(Logger logger, long interval, TimeUnit unit) {
    this.logger = logger;
    this.intervalNanos = unit.toNanos(interval);
  }

  /**
   * Logs a warning for this key unless one was logged within the interval; builds the message only
   * when it is logged, for call sites on request threads.
   */
  public void warn(String key, Supplier<String> message) {
    Slot slot = slot(key);
    if (reserve(slot)) {
      log(slot, message.get(), null);
    }
  }

  /** Logs a warning for this key unless one was logged within the interval. */
  public void warn(String key, String message, Throwable cause) {
    Slot slot = slot(key);
    if (reserve(slot)) {
      log(slot, message, cause);
    }
  }

  private Slot slot(String key) {
    Slot slot = slots.get(key);
    if (slot == null) {
      if (slots.size() >= MAX_KEYS) {
        key = "(other)";
      }
      slot = slots.computeIfAbsent(key, k -> new Slot());
    }
    return slot;
  }

  /** Whether this call may log; counts it as suppressed when not. */
  private boolean reserve(Slot slot) {
    long now = System.nanoTime();
    long allowed = slot.nextAllowed.get();
    if ((allowed != Long.MIN_VALUE && now - allowed < 0) || !slot.nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
      slot.suppressed.incrementAndGet();
      return false;
    }
    return true;
  }

  private void log(Slot slot, String message, Throwable cause) {
    long suppressed = slot.suppressed.getAndSet(0);
    String text = suppressed == 0 ? message : message + " (" + suppressed + " similar messages suppressed)";
    if (cause == null) {
      logger.warn(text);
    } else {
      logger.warn(text, cause);
    }
  }

  /** Logs a warning for this key unless one was logged within the interval. */
  public void warn(String key, String message) {
    warn(key, message, null);
  }
}
