package io.parallelrun.servlet.capture.internal;

import java.io.PrintWriter;

/**
 * The container's response writer, with every character also copied into a {@link BodyCapture}
 * (which encodes them later with the charset the writer was created with). Every method goes to
 * the container's writer, so buffering, flushing, {@link #checkError()} and closing are the
 * container's own.
 */
final class TeePrintWriter extends PrintWriter {

  private static final String LINE_SEPARATOR = System.lineSeparator();

  private final PrintWriter writer;
  private final Exchange exchange;
  private final BodyCapture capture;

  TeePrintWriter(PrintWriter writer, Exchange exchange, BodyCapture capture) {
    super(writer, false);
    this.writer = writer;
    this.exchange = exchange;
    this.capture = capture;
  }

  PrintWriter delegate() {
    return writer;
  }

  @Override
  public void write(int c) {
    writer.write(c);
    try {
      capture.writeChar(c);
    } catch (RuntimeException e) {
      exchange.captureFailed(e);
    }
  }

  @Override
  public void write(char[] buf, int off, int len) {
    writer.write(buf, off, len);
    try {
      capture.writeChars(buf, off, len);
    } catch (RuntimeException e) {
      exchange.captureFailed(e);
    }
  }

  @Override
  public void write(char[] buf) {
    write(buf, 0, buf.length);
  }

  @Override
  public void write(String s, int off, int len) {
    writer.write(s, off, len);
    try {
      capture.writeChars(s, off, len);
    } catch (RuntimeException e) {
      exchange.captureFailed(e);
    }
  }

  @Override
  public void write(String s) {
    write(s, 0, s.length());
  }

  @Override
  public void println() {
    writer.println();
    try {
      capture.writeChars(LINE_SEPARATOR, 0, LINE_SEPARATOR.length());
    } catch (RuntimeException e) {
      exchange.captureFailed(e);
    }
  }

  @Override
  public void flush() {
    writer.flush();
  }

  @Override
  public void close() {
    writer.close();
  }

  @Override
  public boolean checkError() {
    return writer.checkError();
  }
}
