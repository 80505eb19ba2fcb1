package io.parallelrun.servlet.capture.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Enumeration;
import java.util.Map;

/**
 * The request as the application sees it while it is captured: identical to the container's,
 * except that the body read through {@link #getInputStream()} or {@link #getReader()} is copied,
 * and that {@link #startAsync()} keeps the wrappers (so what an asynchronous handler writes is
 * copied too) and registers the capture's completion listener.
 *
 * <p>Parameters and parts are the container's own: reading them is only noted, so that a form body
 * the container consumed can be rebuilt and a multipart body the container consumed is skipped.
 */
public final class CapturingRequest extends HttpServletRequestWrapper {

  private enum Input { NONE, STREAM, READER }

  private final Exchange exchange;
  private Input input = Input.NONE;
  private TeeInputStream stream;
  private BufferedReader reader;
  private boolean parametersRead;
  private boolean partsRead;

  CapturingRequest(HttpServletRequest request, Exchange exchange) {
    super(request);
    this.exchange = exchange;
  }

  /** The capture this request belongs to. */
  public Exchange exchange() {
    return exchange;
  }

  boolean inputTouched() {
    return input != Input.NONE || parametersRead || partsRead;
  }

  boolean streamOrReaderUsed() {
    return input != Input.NONE;
  }

  boolean parametersRead() {
    return parametersRead;
  }

  boolean partsRead() {
    return partsRead;
  }

  /** The copying stream, creating it when the application never asked for the body. */
  TeeInputStream teeStream() throws IOException {
    if (stream == null) {
      stream = new TeeInputStream(super.getInputStream(), exchange, exchange.requestBody());
    }
    return stream;
  }

  @Override
  public ServletInputStream getInputStream() throws IOException {
    if (input == Input.READER) {
      throw new IllegalStateException("getReader() has already been called for this request");
    }
    ServletInputStream real = super.getInputStream();
    if (stream == null || stream.delegate() != real) {
      stream = new TeeInputStream(real, exchange, exchange.requestBody());
    }
    input = Input.STREAM;
    return stream;
  }

  @Override
  public BufferedReader getReader() throws IOException {
    if (input == Input.STREAM) {
      throw new IllegalStateException("getInputStream() has already been called for this request");
    }
    if (reader == null) {
      Charset charset = readerCharset();
      ServletInputStream real = super.getInputStream();
      if (stream == null || stream.delegate() != real) {
        stream = new TeeInputStream(real, exchange, exchange.requestBody());
      }
      reader = new BufferedReader(new InputStreamReader(stream, charset));
      input = Input.READER;
    }
    return reader;
  }

  private Charset readerCharset() throws UnsupportedEncodingException {
    String name = getCharacterEncoding();
    if (name == null) {
      return StandardCharsets.ISO_8859_1;
    }
    try {
      return Charset.forName(name);
    } catch (RuntimeException e) {
      throw new UnsupportedEncodingException(name);
    }
  }

  @Override
  public String getParameter(String name) {
    parametersRead = true;
    return super.getParameter(name);
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    parametersRead = true;
    return super.getParameterMap();
  }

  @Override
  public Enumeration<String> getParameterNames() {
    parametersRead = true;
    return super.getParameterNames();
  }

  @Override
  public String[] getParameterValues(String name) {
    parametersRead = true;
    return super.getParameterValues(name);
  }

  @Override
  public Collection<Part> getParts() throws IOException, ServletException {
    partsRead = true;
    return super.getParts();
  }

  @Override
  public Part getPart(String name) throws IOException, ServletException {
    partsRead = true;
    return super.getPart(name);
  }

  @Override
  public AsyncContext startAsync() {
    AsyncContext context = super.startAsync(this, exchange.response());
    exchange.asyncStarted(context);
    return context;
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
    AsyncContext context = super.startAsync(request, response);
    exchange.asyncStarted(context);
    return context;
  }
}
