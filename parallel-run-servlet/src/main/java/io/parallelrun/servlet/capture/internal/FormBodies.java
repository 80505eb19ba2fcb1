package io.parallelrun.servlet.capture.internal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rebuilds an {@code application/x-www-form-urlencoded} body that the container consumed while
 * parsing parameters for {@code getParameter*}: the container reads such a body past any wrapper,
 * so its bytes cannot be copied on the way. The rebuilt body holds the same names and values in
 * the same order; only the percent-encoding may differ from what the client sent.
 */
final class FormBodies {
  private FormBodies() {}

  /** The parameters as the container parsed them, copied on the request thread. */
  static Form copy(Map<String, String[]> parameters, String queryString, Charset charset) {
    return new Form(new LinkedHashMap<>(parameters), queryString, charset);
  }

  static final class Form {
    private final Map<String, String[]> parameters;
    private final String queryString;
    private final Charset charset;

    Form(Map<String, String[]> parameters, String queryString, Charset charset) {
      this.parameters = parameters;
      this.queryString = queryString;
      this.charset = charset;
    }

    long sizeInBytes() {
      long total = 64;
      for (Map.Entry<String, String[]> e : parameters.entrySet()) {
        total += 48 + 2L * e.getKey().length();
        for (String v : e.getValue()) {
          total += 40 + 2L * v.length();
        }
      }
      return total;
    }

    /** The body parameters (all parameters minus those of the query string), form-encoded. */
    byte[] encode() {
      Map<String, Integer> fromQuery = new HashMap<>();
      if (queryString != null && !queryString.isEmpty()) {
        for (String pair : queryString.split("&")) {
          if (pair.isEmpty()) {
            continue;
          }
          int eq = pair.indexOf('=');
          String name = eq < 0 ? pair : pair.substring(0, eq);
          try {
            name = URLDecoder.decode(name, charset);
          } catch (IllegalArgumentException e) {
            // keep the raw name
          }
          fromQuery.merge(name, 1, Integer::sum);
        }
      }
      StringBuilder body = new StringBuilder();
      for (Map.Entry<String, String[]> e : parameters.entrySet()) {
        String[] values = e.getValue();
        int skip = Math.min(values.length, fromQuery.getOrDefault(e.getKey(), 0));
        for (int i = skip; i < values.length; i++) {
          if (body.length() > 0) {
            body.append('&');
          }
          body.append(URLEncoder.encode(e.getKey(), charset)).append('=').append(URLEncoder.encode(values[i], charset));
        }
      }
      return body.toString().getBytes(charset);
    }
  }
}
