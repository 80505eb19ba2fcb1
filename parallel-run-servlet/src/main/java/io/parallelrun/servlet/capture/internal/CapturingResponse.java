package io.parallelrun.servlet.capture.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The response as the application sees it while it is captured: every call goes to the
 * container's response unchanged; {@link #getOutputStream()} and {@link #getWriter()} return
 * copying views of the container's own stream and writer (the writer's characters are encoded with
 * the charset in force when {@link #getWriter()} was called, as the container does). Status and
 * headers are not intercepted: they are read from the container's response once it is complete, so
 * methods added by later Servlet versions are captured correctly as well.
 */
public final class CapturingResponse extends HttpServletResponseWrapper {

  private final Exchange exchange;
  private TeeOutputStream stream;
  private TeePrintWriter writer;

  CapturingResponse(HttpServletResponse response, Exchange exchange) {
    super(response);
    this.exchange = exchange;
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    ServletOutputStream real = super.getOutputStream();
    if (stream == null || stream.delegate() != real) {
      stream = new TeeOutputStream(real, exchange, exchange.responseBody(), this);
      sizeByContentLength();
    }
    return stream;
  }

  /** A Content-Length set before the body is written sizes the copy's first chunk; it allocates nothing yet. */
  private void sizeByContentLength() {
    BodyCapture body = exchange.responseBody();
    if (!body.isEmpty()) {
      return;
    }
    try {
      String length = getHeader("Content-Length");
      if (length != null && !length.isEmpty() && length.length() <= 10) {
        body.sizeHint(Long.parseLong(length.trim()));
      }
    } catch (RuntimeException e) {
      // no hint: the copy grows by chunks
    }
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    PrintWriter real = super.getWriter();
    if (writer == null || writer.delegate() != real) {
      Charset charset;
      try {
        String name = getCharacterEncoding();
        charset = name == null ? StandardCharsets.ISO_8859_1 : Charset.forName(name);
      } catch (RuntimeException e) {
        charset = StandardCharsets.ISO_8859_1;
      }
      try {
        exchange.responseBody().useCharset(charset);
      } catch (RuntimeException e) {
        exchange.captureFailed(e);
      }
      writer = new TeePrintWriter(real, exchange, exchange.responseBody());
    }
    return writer;
  }

  @Override
  public void reset() {
    super.reset();
    // only reached when the response was not committed: the container dropped its buffer
    exchange.responseBody().reset();
    stream = null;
    writer = null;
  }

  @Override
  public void resetBuffer() {
    super.resetBuffer();
    exchange.responseBody().reset();
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    super.sendError(sc, msg);
    // the container dropped the uncommitted buffer and writes its own error page later
    exchange.responseBody().reset();
    exchange.containerWritesBody();
  }

  @Override
  public void sendError(int sc) throws IOException {
    super.sendError(sc);
    exchange.responseBody().reset();
    exchange.containerWritesBody();
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    super.sendRedirect(location);
    // the container dropped what was buffered; the redirect itself is read from the response later
    exchange.responseBody().reset();
  }
}
