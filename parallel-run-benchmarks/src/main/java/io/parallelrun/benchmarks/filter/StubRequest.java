package io.parallelrun.benchmarks.filter;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

/**
 * A reusable GET request for benchmarks: the methods the filter calls are plain fields; any other
 * method fails loudly, so a benchmark never measures a stub it did not mean to.
 */
public final class StubRequest extends HttpServletRequestWrapper {

  private static final HttpServletRequest UNSUPPORTED = (HttpServletRequest) Proxy.newProxyInstance(
      StubRequest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
      (proxy, method, args) -> {
        throw new UnsupportedOperationException("StubRequest." + method.getName());
      });

  private final String uri;
  private final String[] headerNames;
  private final String[] headerValues;
  private final Map<String, Object> attributes = new HashMap<>();

  /** A GET of {@code uri} with these header name/value pairs. */
  public StubRequest(String uri, String... headerPairs) {
    super(UNSUPPORTED);
    this.uri = uri;
    this.headerNames = new String[headerPairs.length / 2];
    this.headerValues = new String[headerPairs.length / 2];
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      headerNames[i / 2] = headerPairs[i];
      headerValues[i / 2] = headerPairs[i + 1];
    }
  }

  /** Forgets the attributes of the previous request. */
  public void recycle() {
    attributes.clear();
  }

  @Override
  public DispatcherType getDispatcherType() {
    return DispatcherType.REQUEST;
  }

  @Override
  public String getMethod() {
    return "GET";
  }

  @Override
  public String getRequestURI() {
    return uri;
  }

  @Override
  public String getContextPath() {
    return "";
  }

  @Override
  public String getServletPath() {
    return uri;
  }

  @Override
  public String getPathInfo() {
    return null;
  }

  @Override
  public String getQueryString() {
    return null;
  }

  @Override
  public String getHeader(String name) {
    for (int i = 0; i < headerNames.length; i++) {
      if (headerNames[i].equalsIgnoreCase(name)) {
        return headerValues[i];
      }
    }
    return null;
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    return new ArrayEnumeration(headerNames);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    String value = getHeader(name);
    return value == null ? Collections.emptyEnumeration() : new ArrayEnumeration(new String[] {value});
  }

  @Override
  public Object getAttribute(String name) {
    return attributes.get(name);
  }

  @Override
  public void setAttribute(String name, Object o) {
    attributes.put(name, o);
  }

  @Override
  public void removeAttribute(String name) {
    attributes.remove(name);
  }

  @Override
  public boolean isAsyncStarted() {
    return false;
  }

  @Override
  public String getContentType() {
    return null;
  }

  @Override
  public int getContentLength() {
    return -1;
  }

  @Override
  public long getContentLengthLong() {
    return -1;
  }

  @Override
  public String getCharacterEncoding() {
    return null;
  }

  private static final class ArrayEnumeration implements Enumeration<String> {
    private final String[] values;
    private int next;

    ArrayEnumeration(String[] values) {
      this.values = values;
    }

    @Override
    public boolean hasMoreElements() {
      return next < values.length;
    }

    @Override
    public String nextElement() {
      return values[next++];
    }
  }
}
