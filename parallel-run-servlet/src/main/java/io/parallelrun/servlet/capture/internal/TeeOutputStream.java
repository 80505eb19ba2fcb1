package io.parallelrun.servlet.capture.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The response body as the application writes it, copied into a {@link BodyCapture} after each
 * write reached the container's stream. Flushing, closing, {@link #isReady} and {@link
 * #setWriteListener} go straight to the container, so streaming and non-blocking writes behave
 * exactly as without the copy; the copy never buffers what the client receives.
 */
final class TeeOutputStream extends ServletOutputStream {

  private final ServletOutputStream out;
  private final Exchange exchange;
  private final BodyCapture capture;
  private final CapturingResponse response;

  TeeOutputStream(ServletOutputStream out, Exchange exchange, BodyCapture capture, CapturingResponse response) {
    this.out = out;
    this.exchange = exchange;
    this.capture = capture;
    this.response = response;
  }

  ServletOutputStream delegate() {
    return out;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    try {
      capture.write(b);
    } catch (RuntimeException e) {
      exchange.captureFailed(e);
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    try {
      capture.write(b, off, len);
    } catch (RuntimeException e) {
      exchange.captureFailed(e);
    }
  }

  @Override
  public void write(byte[] b) throws IOException {
    write(b, 0, b.length);
  }

  // The print methods go to the container's own implementation (which may encode with the
  // response's charset), and the copy encodes the same text with that charset.

  @Override
  public void print(String s) throws IOException {
    out.print(s);
    copyText(String.valueOf(s));
  }

  @Override
  public void print(boolean b) throws IOException {
    out.print(b);
    copyText(String.valueOf(b));
  }

  @Override
  public void print(char c) throws IOException {
    out.print(c);
    copyText(String.valueOf(c));
  }

  @Override
  public void print(int i) throws IOException {
    out.print(i);
    copyText(String.valueOf(i));
  }

  @Override
  public void print(long l) throws IOException {
    out.print(l);
    copyText(String.valueOf(l));
  }

  @Override
  public void print(float f) throws IOException {
    out.print(f);
    copyText(String.valueOf(f));
  }

  @Override
  public void print(double d) throws IOException {
    out.print(d);
    copyText(String.valueOf(d));
  }

  @Override
  public void println() throws IOException {
    out.println();
    copyText("\r\n");
  }

  @Override
  public void println(String s) throws IOException {
    out.println(s);
    copyText(s + "\r\n");
  }

  @Override
  public void println(boolean b) throws IOException {
    out.println(b);
    copyText(b + "\r\n");
  }

  @Override
  public void println(char c) throws IOException {
    out.println(c);
    copyText(c + "\r\n");
  }

  @Override
  public void println(int i) throws IOException {
    out.println(i);
    copyText(i + "\r\n");
  }

  @Override
  public void println(long l) throws IOException {
    out.println(l);
    copyText(l + "\r\n");
  }

  @Override
  public void println(float f) throws IOException {
    out.println(f);
    copyText(f + "\r\n");
  }

  @Override
  public void println(double d) throws IOException {
    out.println(d);
    copyText(d + "\r\n");
  }

  private void copyText(String s) {
    try {
      Charset charset;
      try {
        String name = response.getCharacterEncoding();
        charset = name == null ? StandardCharsets.ISO_8859_1 : Charset.forName(name);
      } catch (RuntimeException e) {
        charset = StandardCharsets.ISO_8859_1;
      }
      byte[] encoded = s.getBytes(charset);
      capture.write(encoded, 0, encoded.length);
    } catch (RuntimeException e) {
      exchange.captureFailed(e);
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  @Override
  public boolean isReady() {
    return out.isReady();
  }

  @Override
  public void setWriteListener(WriteListener listener) {
    out.setWriteListener(listener);
  }
}
