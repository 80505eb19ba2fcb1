package io.parallelrun.servlet.publish.internal;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer a publisher thread reuses from batch to batch, so that serialising does
 * not allocate a new array per POST. Not thread-safe: one per worker.
 */
public final class BatchBuffer extends OutputStream {

  private byte[] buf;
  private int size;

  public BatchBuffer(int initialCapacity) {
    buf = new byte[Math.max(256, initialCapacity)];
  }

  @Override
  public void write(int b) {
    ensure(size + 1);
    buf[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(size + len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  private void ensure(int capacity) {
    if (capacity > buf.length) {
      if (capacity < 0) {
        throw new OutOfMemoryError("batch buffer above 2 GiB");
      }
      buf = Arrays.copyOf(buf, Math.max(capacity, buf.length * 2));
    }
  }

  public byte[] array() {
    return buf;
  }

  public int size() {
    return size;
  }

  /** Drops everything after {@code newSize}. */
  public void truncate(int newSize) {
    size = newSize;
  }

  /** Moves the bytes from {@code from} to the end to the start of the buffer. */
  public void keepFrom(int from) {
    System.arraycopy(buf, from, buf, 0, size - from);
    size -= from;
  }

  /**
   * Empties the buffer; shrinks it when a rare large batch made it more than four times larger
   * than a full batch usually needs ({@code usualCapacity}), and otherwise keeps it, so that full
   * batches do not grow a new array each time.
   */
  public void reset(int usualCapacity) {
    size = 0;
    if (buf.length > 4 * usualCapacity) {
      buf = new byte[usualCapacity];
    }
  }

  /** Replaces the array, for when a transport may still be reading the old one. */
  public void detach(int usualCapacity) {
    buf = new byte[Math.max(256, usualCapacity)];
    size = 0;
  }
}
