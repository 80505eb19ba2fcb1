package io.parallelrun.servlet.capture;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * The transparency corpus: response shapes a legacy application produces, each with the request
 * that triggers it and what its capture must look like.
 */
final class Shapes {
  private Shapes() {}

  /** Test cap per body: small, so that "large" stays fast. */
  static final int CAP = 64 * 1024;

  enum Expect {
    /** Status, headers and body captured exactly as sent. */
    EXACT,
    /** The response body is cut at the cap and marked truncated. */
    RESPONSE_TRUNCATED,
    /** No body on the wire (HEAD, 204, 304): captured without body. */
    NO_BODY,
    /** The container writes the body (sendError, async timeout or error): status captured, body marked truncated. */
    CONTAINER_BODY,
    /** A form body consumed by getParameter: rebuilt with the same parameters. */
    FORM,
    /** The request body is larger than the cap: cut and marked truncated. */
    REQUEST_TRUNCATED,
    SKIPPED_APPLICATION_ERROR,
    SKIPPED_MULTIPART,
    SKIPPED_REPLAY,
    SKIPPED_NON_IDEMPOTENT
  }

  interface Handler {
    void handle(HttpServletRequest req, HttpServletResponse resp) throws Exception;
  }

  static final class Shape {
    final String name;
    final String method;
    final String path;
    final String contentType;
    final byte[] body;
    final boolean chunkedRequest;
    final Map<String, String> headers;
    final Handler handler;
    final Expect expect;

    Shape(String name, String method, String path, String contentType, byte[] body, boolean chunkedRequest,
        Map<String, String> headers, Handler handler, Expect expect) {
      this.name = name;
      this.method = method;
      this.path = path;
      this.contentType = contentType;
      this.body = body;
      this.chunkedRequest = chunkedRequest;
      this.headers = headers;
      this.handler = handler;
      this.expect = expect;
    }

    /** The raw request, carrying a test id so the capture can be found. */
    byte[] request(String testId) {
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      head.append("Host: 127.0.0.1\r\n");
      head.append("Connection: close\r\n");
      head.append("X-Test-Id: ").append(testId).append("\r\n");
      head.append("Accept-Language: de-DE\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      if (contentType != null) {
        head.append("Content-Type: ").append(contentType).append("\r\n");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (body != null) {
        if (chunkedRequest) {
          head.append("Transfer-Encoding: chunked\r\n\r\n");
          out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
          int half = body.length / 2;
          chunk(out, body, 0, half);
          chunk(out, body, half, body.length - half);
          out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else {
          head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
          out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
          out.writeBytes(body);
        }
      } else {
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      }
      return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, byte[] body, int off, int len) {
      out.writeBytes((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body, off, len);
      out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final Map<String, Shape> SHAPES = new LinkedHashMap<>();

  static List<Shape> all() {
    return new ArrayList<>(SHAPES.values());
  }

  static Shape named(String name) {
    return SHAPES.get(name);
  }

  private static void get(String name, Handler handler, Expect expect) {
    add(name, "GET", null, null, false, Map.of(), handler, expect);
  }

  private static void add(String name, String method, String contentType, byte[] body, boolean chunked,
      Map<String, String> headers, Handler handler, Expect expect) {
    String path = (expect == Expect.SKIPPED_NON_IDEMPOTENT ? "/write/" : "/shape/") + name + "?q=1&lang=de%20DE";
    SHAPES.put(name, new Shape(name, method, path, contentType, body, chunked, headers, handler, expect));
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + i / 7);
    }
    return b;
  }

  static String text(int n) {
    StringBuilder sb = new StringBuilder(n);
    while (sb.length() < n) {
      sb.append("Grüße, ça va? \u20ac ").append(sb.length()).append('\n');
    }
    return sb.substring(0, n);
  }

  private static void echoBodyInfo(HttpServletResponse resp, byte[] read) throws IOException {
    resp.setContentType("text/plain;charset=UTF-8");
    resp.getWriter().print("read " + read.length + " bytes, hash " + Arrays.hashCode(read));
  }

  static {
    get("stream-fixed-length", (req, resp) -> {
      byte[] data = bytes(5000);
      resp.setContentType("application/octet-stream");
      resp.setContentLength(data.length);
      resp.getOutputStream().write(data);
    }, Expect.EXACT);
    get("stream-chunked-flushes", (req, resp) -> {
      resp.setContentType("application/json");
      ServletOutputStream out = resp.getOutputStream();
      out.write("[1,".getBytes(StandardCharsets.UTF_8));
      out.flush();
      out.write("2,".getBytes(StandardCharsets.UTF_8));
      out.flush();
      out.write("3]".getBytes(StandardCharsets.UTF_8));
    }, Expect.EXACT);
    get("stream-single-bytes-and-print", (req, resp) -> {
      resp.setContentType("text/plain;charset=ISO-8859-1");
      ServletOutputStream out = resp.getOutputStream();
      out.write('a');
      out.print("bc");
      out.println(42);
      out.print(true);
      out.println();
    }, Expect.EXACT);
    get("writer-utf8", (req, resp) -> {
      resp.setContentType("application/json;charset=UTF-8");
      resp.getWriter().write("{\"name\":\"Jürgen 😀 Ωmega\",\"price\":\"12 €\"}");
    }, Expect.EXACT);
    get("writer-iso-8859-1-unmappable", (req, resp) -> {
      resp.setContentType("text/plain;charset=ISO-8859-1");
      PrintWriter w = resp.getWriter();
      w.print("café ");
      w.print("costs 5 € (not in Latin-1)");
    }, Expect.EXACT);
    get("writer-default-charset", (req, resp) -> {
      resp.setContentType("text/html");
      resp.getWriter().print("<p>plain ascii</p>");
    }, Expect.EXACT);
    get("writer-set-character-encoding-utf16", (req, resp) -> {
      resp.setContentType("text/plain");
      resp.setCharacterEncoding("UTF-16");
      resp.getWriter().print("sixteen bits: ß 😀");
    }, Expect.EXACT);
    get("writer-println-printf-flush", (req, resp) -> {
      resp.setContentType("text/plain;charset=UTF-8");
      PrintWriter w = resp.getWriter();
      w.println("line one");
      w.flush();
      w.printf("%s=%d%n", "answer", 42);
      w.append('x').append("yz");
      w.write(new char[] {'1', '2', '3'}, 1, 2);
    }, Expect.EXACT);
    get("empty-200", (req, resp) -> resp.setStatus(200), Expect.EXACT);
    get("empty-with-content-type", (req, resp) -> {
      resp.setContentType("application/json");
      resp.setContentLength(0);
    }, Expect.EXACT);
    get("large-stream-above-cap", (req, resp) -> {
      byte[] data = bytes(3 * CAP + 123);
      resp.setContentType("application/pdf");
      ServletOutputStream out = resp.getOutputStream();
      for (int i = 0; i < data.length; i += 10_000) {
        out.write(data, i, Math.min(10_000, data.length - i));
      }
    }, Expect.RESPONSE_TRUNCATED);
    get("large-writer-above-cap", (req, resp) -> {
      resp.setContentType("text/plain;charset=UTF-8");
      resp.getWriter().write(text(2 * CAP + 77));
    }, Expect.RESPONSE_TRUNCATED);
    add("head", "HEAD", null, null, false, Map.of(), (req, resp) -> {
      resp.setContentType("text/plain;charset=UTF-8");
      resp.getWriter().write("a body that HEAD does not send");
    }, Expect.NO_BODY);
    get("status-204", (req, resp) -> {
      resp.setStatus(204);
      resp.setHeader("X-Done", "yes");
    }, Expect.NO_BODY);
    get("status-304", (req, resp) -> {
      resp.setStatus(304);
      resp.setHeader("ETag", "\"v1\"");
    }, Expect.NO_BODY);
    get("redirect-send-redirect", (req, resp) -> resp.sendRedirect("/elsewhere?x=1"), Expect.EXACT);
    get("redirect-manual-301", (req, resp) -> {
      resp.setStatus(301);
      resp.setHeader("Location", "http://127.0.0.1/moved");
    }, Expect.EXACT);
    get("send-error-404", (req, resp) -> resp.sendError(404), Expect.CONTAINER_BODY);
    get("send-error-500-with-message", (req, resp) -> resp.sendError(500, "broken on purpose"), Expect.CONTAINER_BODY);
    get("send-error-after-uncommitted-body", (req, resp) -> {
      resp.getOutputStream().write("discarded".getBytes(StandardCharsets.UTF_8));
      resp.sendError(409, "conflict");
    }, Expect.CONTAINER_BODY);
    get("exception-runtime", (req, resp) -> {
      throw new IllegalStateException("application failure");
    }, Expect.SKIPPED_APPLICATION_ERROR);
    get("exception-servlet", (req, resp) -> {
      throw new ServletException("servlet failure");
    }, Expect.SKIPPED_APPLICATION_ERROR);
    get("repeated-headers-and-status-201", (req, resp) -> {
      resp.setStatus(201);
      resp.addHeader("X-Multi", "one");
      resp.addHeader("X-Multi", "two");
      resp.addHeader("Cache-Control", "no-store");
      resp.setContentType("application/json");
      resp.getWriter().print("{}");
    }, Expect.EXACT);
    get("flush-buffer-midway", (req, resp) -> {
      resp.setContentType("text/plain;charset=UTF-8");
      PrintWriter w = resp.getWriter();
      w.print("before flush;");
      resp.flushBuffer();
      w.print("after flush");
    }, Expect.EXACT);
    get("reset-then-writer", (req, resp) -> {
      resp.setHeader("X-Dropped", "yes");
      resp.getOutputStream().write("dropped".getBytes(StandardCharsets.UTF_8));
      resp.reset();
      resp.setContentType("text/plain;charset=UTF-8");
      resp.getWriter().print("kept after reset");
    }, Expect.EXACT);
    get("reset-buffer", (req, resp) -> {
      resp.setContentType("text/plain;charset=UTF-8");
      PrintWriter w = resp.getWriter();
      w.print("dropped");
      resp.resetBuffer();
      w.print("kept");
    }, Expect.EXACT);
    get("gzip-by-app", (req, resp) -> {
      resp.setContentType("application/json");
      resp.setHeader("Content-Encoding", "gzip");
      GZIPOutputStream gz = new GZIPOutputStream(resp.getOutputStream());
      gz.write("{\"compressed\":true,\"text\":\"hello hello hello hello\"}".getBytes(StandardCharsets.UTF_8));
      gz.finish();
    }, Expect.EXACT);
    get("async-complete-other-thread", (req, resp) -> {
      AsyncContext ctx = req.startAsync();
      ctx.start(() -> {
        try {
          ctx.getResponse().setContentType("application/json");
          ctx.getResponse().getWriter().write("{\"async\":true}");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        ctx.complete();
      });
    }, Expect.EXACT);
    get("async-dispatch", (req, resp) -> {
      if (req.getDispatcherType() == DispatcherType.REQUEST) {
        AsyncContext ctx = req.startAsync();
        ctx.start(ctx::dispatch);
      } else {
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write("written in the ASYNC dispatch");
      }
    }, Expect.EXACT);
    get("async-timeout-unhandled", (req, resp) -> {
      AsyncContext ctx = req.startAsync();
      ctx.setTimeout(200);
    }, Expect.CONTAINER_BODY);
    get("async-timeout-handled", (req, resp) -> {
      AsyncContext ctx = req.startAsync();
      ctx.setTimeout(200);
      ctx.addListener(new AsyncListener() {
        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
          HttpServletResponse r = (HttpServletResponse) event.getAsyncContext().getResponse();
          r.setStatus(504);
          r.setContentType("text/plain;charset=UTF-8");
          r.getWriter().write("gave up waiting");
          event.getAsyncContext().complete();
        }

        @Override
        public void onComplete(AsyncEvent event) {}

        @Override
        public void onError(AsyncEvent event) {}

        @Override
        public void onStartAsync(AsyncEvent event) {}
      });
    }, Expect.EXACT);
    get("async-error-in-dispatch", (req, resp) -> {
      if (req.getDispatcherType() == DispatcherType.REQUEST) {
        AsyncContext ctx = req.startAsync();
        ctx.dispatch();
      } else {
        throw new IllegalStateException("failure in the ASYNC dispatch");
      }
    }, Expect.CONTAINER_BODY);
    get("non-blocking-write-listener", (req, resp) -> {
      AsyncContext ctx = req.startAsync();
      resp.setContentType("application/octet-stream");
      ServletOutputStream out = resp.getOutputStream();
      byte[] data = bytes(2 * CAP);
      out.setWriteListener(new WriteListener() {
        int pos;

        @Override
        public void onWritePossible() throws IOException {
          while (out.isReady()) {
            if (pos >= data.length) {
              ctx.complete();
              return;
            }
            int n = Math.min(8192, data.length - pos);
            out.write(data, pos, n);
            pos += n;
          }
        }

        @Override
        public void onError(Throwable t) {
          ctx.complete();
        }
      });
    }, Expect.RESPONSE_TRUNCATED);
    add("non-blocking-read-listener", "POST", "application/octet-stream", bytes(40_000), false, Map.of(), (req, resp) -> {
      AsyncContext ctx = req.startAsync();
      ServletInputStream in = req.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      in.setReadListener(new ReadListener() {
        @Override
        public void onDataAvailable() throws IOException {
          byte[] buf = new byte[4096];
          int n;
          while (in.isReady() && (n = in.read(buf)) != -1) {
            got.write(buf, 0, n);
          }
        }

        @Override
        public void onAllDataRead() throws IOException {
          echoBodyInfo(resp, got.toByteArray());
          ctx.complete();
        }

        @Override
        public void onError(Throwable t) {
          ctx.complete();
        }
      });
    }, Expect.EXACT);
    add("request-body-read", "POST", "application/json;charset=UTF-8",
        "{\"order\":42,\"note\":\"Grüße\"}".getBytes(StandardCharsets.UTF_8), false, Map.of(),
        (req, resp) -> echoBodyInfo(resp, req.getInputStream().readAllBytes()), Expect.EXACT);
    add("request-body-partly-read", "PUT", "application/octet-stream", bytes(20_000), false, Map.of(), (req, resp) -> {
      byte[] first = new byte[100];
      int n = req.getInputStream().read(first);
      echoBodyInfo(resp, Arrays.copyOf(first, Math.max(n, 0)));
    }, Expect.EXACT);
    add("request-body-unread", "POST", "application/octet-stream", bytes(10_000), false, Map.of(),
        (req, resp) -> echoBodyInfo(resp, new byte[0]), Expect.EXACT);
    add("request-body-chunked-read-with-reader", "POST", "text/plain;charset=UTF-8",
        text(3000).getBytes(StandardCharsets.UTF_8), true, Map.of(), (req, resp) -> {
          StringBuilder sb = new StringBuilder();
          char[] buf = new char[700];
          int n;
          while ((n = req.getReader().read(buf)) != -1) {
            sb.append(buf, 0, n);
          }
          echoBodyInfo(resp, sb.toString().getBytes(StandardCharsets.UTF_8));
        }, Expect.EXACT);
    add("request-body-above-cap-read", "POST", "application/octet-stream", bytes(CAP + 5000), false, Map.of(),
        (req, resp) -> echoBodyInfo(resp, req.getInputStream().readAllBytes()), Expect.REQUEST_TRUNCATED);
    add("form-post-get-parameter", "POST", "application/x-www-form-urlencoded;charset=UTF-8",
        "a=1&b=h%C3%A9llo+world&a=2&empty=".getBytes(StandardCharsets.US_ASCII), false, Map.of(), (req, resp) -> {
          resp.setContentType("text/plain;charset=UTF-8");
          Map<String, List<String>> sorted = new TreeMap<>();
          req.getParameterMap().forEach((k, v) -> sorted.put(k, Arrays.asList(v)));
          resp.getWriter().print(sorted);
        }, Expect.FORM);
    add("form-post-unread", "POST", "application/x-www-form-urlencoded", "x=1&y=2".getBytes(StandardCharsets.US_ASCII),
        false, Map.of(), (req, resp) -> resp.getWriter().print("ignored the form"), Expect.EXACT);
    byte[] multipart = ("--XyZ\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nvalue\r\n"
        + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n"
        + "file content\r\n--XyZ--\r\n").getBytes(StandardCharsets.US_ASCII);
    add("multipart-get-parts", "POST", "multipart/form-data; boundary=XyZ", multipart, false, Map.of(), (req, resp) -> {
      StringBuilder sb = new StringBuilder();
      for (Part part : req.getParts()) {
        sb.append(part.getName()).append('=').append(new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).append(';');
      }
      resp.getWriter().print(sb);
    }, Expect.SKIPPED_MULTIPART);
    add("multipart-read-as-stream", "POST", "multipart/form-data; boundary=XyZ", multipart, false, Map.of(),
        (req, resp) -> echoBodyInfo(resp, req.getInputStream().readAllBytes()), Expect.EXACT);
    add("replay-marker", "GET", null, null, false, Map.of("Parallel-Run-Replay", "check-1"),
        (req, resp) -> resp.getWriter().print("replayed"), Expect.SKIPPED_REPLAY);
    add("non-idempotent-post", "POST", "application/json", "{}".getBytes(StandardCharsets.UTF_8), false, Map.of(),
        (req, resp) -> resp.getWriter().print("written"), Expect.SKIPPED_NON_IDEMPOTENT);
  }

  /** Runs the shape named by the request path. */
  static final class ShapeServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
      if ("HEAD".equals(req.getMethod())) {
        super.service(req, resp); // HttpServlet.doHead runs doGet without sending the body
        return;
      }
      run(req, resp);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
      run(req, resp);
    }

    private static void run(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
      String uri = req.getRequestURI();
      String name = uri.substring(uri.lastIndexOf('/') + 1);
      Shape shape = SHAPES.get(name);
      if (shape == null) {
        resp.sendError(404, "no shape " + name);
        return;
      }
      try {
        shape.handler.handle(req, resp);
      } catch (ServletException | IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new ServletException(e);
      }
    }
  }
}
