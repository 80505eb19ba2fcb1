package io.parallelrun.benchmarks.filter;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A reusable response for benchmarks whose output stream discards the bytes (counting them), as a
 * container's would once written to the socket. Methods the filter does not call fail loudly.
 */
public final class StubResponse extends HttpServletResponseWrapper {

  private static final HttpServletResponse UNSUPPORTED = (HttpServletResponse) Proxy.newProxyInstance(
      StubResponse.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
      (proxy, method, args) -> {
        throw new UnsupportedOperationException("StubResponse." + method.getName());
      });

  private final List<String> names = new ArrayList<>();
  private final List<String> values = new ArrayList<>();
  private final Sink out = new Sink();
  private int status = 200;
  private boolean committed;

  public StubResponse() {
    super(UNSUPPORTED);
  }

  /** Forgets the previous response. */
  public void recycle() {
    names.clear();
    values.clear();
    status = 200;
    committed = false;
  }

  /** Bytes written since the stub was made. */
  public long written() {
    return out.count;
  }

  @Override
  public ServletOutputStream getOutputStream() {
    return out;
  }

  @Override
  public PrintWriter getWriter() {
    throw new UnsupportedOperationException("StubResponse.getWriter");
  }

  @Override
  public void setStatus(int sc) {
    status = sc;
  }

  @Override
  public int getStatus() {
    return status;
  }

  @Override
  public void setContentType(String type) {
    setHeader("Content-Type", type);
  }

  @Override
  public String getContentType() {
    return getHeader("Content-Type");
  }

  @Override
  public String getCharacterEncoding() {
    return "UTF-8";
  }

  @Override
  public void setContentLength(int len) {
    setHeader("Content-Length", Integer.toString(len));
  }

  @Override
  public void setContentLengthLong(long len) {
    setHeader("Content-Length", Long.toString(len));
  }

  @Override
  public void setHeader(String name, String value) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        values.set(i, value);
        return;
      }
    }
    addHeader(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    names.add(name);
    values.add(value);
  }

  @Override
  public boolean containsHeader(String name) {
    return getHeader(name) != null;
  }

  @Override
  public String getHeader(String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return values.get(i);
      }
    }
    return null;
  }

  @Override
  public Collection<String> getHeaderNames() {
    return names;
  }

  @Override
  public Collection<String> getHeaders(String name) {
    List<String> found = new ArrayList<>(1);
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        found.add(values.get(i));
      }
    }
    return found;
  }

  @Override
  public boolean isCommitted() {
    return committed;
  }

  @Override
  public void flushBuffer() {
    committed = true;
  }

  private static final class Sink extends ServletOutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      throw new UnsupportedOperationException("StubResponse.setWriteListener");
    }
  }
}
