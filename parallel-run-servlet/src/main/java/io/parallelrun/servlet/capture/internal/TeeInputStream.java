package io.parallelrun.servlet.capture.internal;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * The request body as the application reads it, copied into a {@link BodyCapture} on the way.
 * Every call goes to the container's stream first, so blocking and non-blocking reads
 * ({@link #setReadListener}, {@link #isReady}) behave exactly as without the copy.
 */
final class TeeInputStream extends ServletInputStream {

  private final ServletInputStream in;
  private final Exchange exchange;
  private final BodyCapture capture;

  TeeInputStream(ServletInputStream in, Exchange exchange, BodyCapture capture) {
    this.in = in;
    this.exchange = exchange;
    this.capture = capture;
  }

  ServletInputStream delegate() {
    return in;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      try {
        capture.write(b);
      } catch (RuntimeException e) {
        exchange.captureFailed(e);
      }
    } else {
      exchange.markRequestBodyEnded();
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    copy(b, off, n);
    return n;
  }

  @Override
  public int read(byte[] b) throws IOException {
    return read(b, 0, b.length);
  }

  @Override
  public int readLine(byte[] b, int off, int len) throws IOException {
    int n = in.readLine(b, off, len);
    copy(b, off, n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // read instead of skipping, so that the skipped bytes are copied too
    if (n <= 0) {
      return 0;
    }
    byte[] scratch = new byte[(int) Math.min(n, 8192)];
    long skipped = 0;
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r <= 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  private void copy(byte[] b, int off, int n) {
    if (n > 0) {
      try {
        capture.write(b, off, n);
      } catch (RuntimeException e) {
        exchange.captureFailed(e);
      }
    } else if (n < 0) {
      exchange.markRequestBodyEnded();
    }
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  @Override
  public boolean isFinished() {
    return in.isFinished();
  }

  @Override
  public boolean isReady() {
    return in.isReady();
  }

  @Override
  public void setReadListener(ReadListener listener) {
    exchange.requestReadListenerSet();
    in.setReadListener(listener);
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
