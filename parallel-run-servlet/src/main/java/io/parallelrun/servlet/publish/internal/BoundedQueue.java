package io.parallelrun.servlet.publish.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * A lock-free queue bounded both by the number of elements and by their total size in bytes.
 *
 * <p>{@link #offer} reserves room with compare-and-set before the element becomes visible, so
 * neither bound is ever exceeded, not even for an instant; when there is no room it returns
 * {@code false} at once and never blocks. Thread-safe for any number of producers and consumers.
 */
public final class BoundedQueue<T> {

  private final ConcurrentLinkedQueue<T> elements = new ConcurrentLinkedQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private final int maxCount;
  private final long maxBytes;
  private final ToLongFunction<T> sizer;

  public BoundedQueue(int maxCount, long maxBytes, ToLongFunction<T> sizer) {
    this.maxCount = maxCount;
    this.maxBytes = maxBytes;
    this.sizer = sizer;
  }

  /** Adds the element if both bounds leave room; never blocks. */
  public boolean offer(T element) {
    long size = sizer.applyAsLong(element);
    if (size > maxBytes) {
      return false;
    }
    while (true) {
      long current = bytes.get();
      if (current + size > maxBytes) {
        return false;
      }
      if (bytes.compareAndSet(current, current + size)) {
        break;
      }
    }
    while (true) {
      int current = count.get();
      if (current >= maxCount) {
        bytes.addAndGet(-size);
        return false;
      }
      if (count.compareAndSet(current, current + 1)) {
        break;
      }
    }
    elements.offer(element);
    return true;
  }

  /** Removes and returns the head, or {@code null} when empty. */
  public T poll() {
    T element = elements.poll();
    if (element != null) {
      release(element);
    }
    return element;
  }

  /** Removes this very element if it is still queued; used when an offer races with closing. */
  public boolean remove(T element) {
    if (elements.remove(element)) {
      release(element);
      return true;
    }
    return false;
  }

  private void release(T element) {
    bytes.addAndGet(-sizer.applyAsLong(element));
    count.decrementAndGet();
  }

  /** Elements queued or being added. */
  public int size() {
    return count.get();
  }

  /** Bytes queued or being added. */
  public long bytes() {
    return bytes.get();
  }

  public boolean isEmpty() {
    return elements.isEmpty();
  }

  public int maxCount() {
    return maxCount;
  }

  public long maxBytes() {
    return maxBytes;
  }
}
