package io.parallelrun.servlet.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * A closed-loop load of GET requests over keep-alive connections (one per thread, plain sockets,
 * so that the client adds as little jitter as possible), recording each request's latency.
 */
public final class LatencyLoad {
  private LatencyLoad() {}

  /** What one run measured. */
  public static final class Result {
    public final int requests;
    public final int ok;
    private final long[] sorted;

    Result(int requests, int ok, long[] nanos) {
      this.requests = requests;
      this.ok = ok;
      this.sorted = nanos.clone();
      Arrays.sort(sorted);
    }

    /** This run's latencies and another's, as one run. */
    public Result and(Result other) {
      long[] both = Arrays.copyOf(sorted, sorted.length + other.sorted.length);
      System.arraycopy(other.sorted, 0, both, sorted.length, other.sorted.length);
      return new Result(requests + other.requests, ok + other.ok, both);
    }

    /** The latency at this percentile (0 to 100), in microseconds, nearest rank. */
    public long percentileMicros(double percentile) {
      int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000;
    }

    public long p50Micros() {
      return percentileMicros(50);
    }

    public long p99Micros() {
      return percentileMicros(99);
    }

    @Override
    public String toString() {
      return String.format("%d requests, %d ok, p50 %.3f ms, p99 %.3f ms, max %.3f ms", requests, ok,
          p50Micros() / 1000.0, p99Micros() / 1000.0, sorted[sorted.length - 1] / 1_000_000.0);
    }
  }

  /** One request. */
  public static final class Call {
    final String method;
    final String target;
    final byte[] body;
    final String[] headers;

    private Call(String method, String target, byte[] body, String[] headers) {
      this.method = method;
      this.target = target;
      this.body = body;
      this.headers = headers;
    }

    /** {@code GET target} with extra header name, value pairs. */
    public static Call get(String target, String... headers) {
      return new Call("GET", target, null, headers);
    }

    /** {@code POST target} with a JSON body and extra header name, value pairs. */
    public static Call post(String target, String json, String... headers) {
      return new Call("POST", target, json.getBytes(StandardCharsets.UTF_8), headers);
    }
  }

  /**
   * Sends {@code total} requests from {@code threads} threads, each over its own keep-alive
   * connection to {@code port} on loopback; a failed connection is replaced and its request counts
   * as not ok.
   */
  public static Result run(int port, int total, int threads, IntFunction<Call> call, Predicate<String> goodBody)
      throws Exception {
    long[] nanos = new long[total];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      Future<?>[] futures = new Future<?>[threads];
      for (int t = 0; t < threads; t++) {
        futures[t] = pool.submit(() -> {
          Connection connection = null;
          try {
            int i;
            while ((i = next.getAndIncrement()) < total) {
              long started = System.nanoTime();
              try {
                if (connection == null || connection.closed) {
                  connection = new Connection(port);
                }
                String body = connection.get(call.apply(i));
                nanos[i] = System.nanoTime() - started;
                if (body != null && goodBody.test(body)) {
                  ok.incrementAndGet();
                }
              } catch (IOException | RuntimeException e) {
                nanos[i] = System.nanoTime() - started;
                if (connection != null) {
                  connection.close();
                }
                connection = null;
              }
            }
          } finally {
            if (connection != null) {
              connection.close();
            }
          }
          return null;
        });
      }
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    return new Result(total, ok.get(), nanos);
  }

  private static final class Connection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    boolean closed;

    Connection(int port) throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(30_000);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }

    /** The body of a 200 or 201 answer, or null for another status. */
    String get(Call call) throws IOException {
      StringBuilder head = new StringBuilder(128).append(call.method).append(' ').append(call.target)
          .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      if (call.body != null) {
        head.append("Content-Type: application/json\r\nContent-Length: ").append(call.body.length).append("\r\n");
      }
      for (int h = 0; h + 1 < call.headers.length; h += 2) {
        head.append(call.headers[h]).append(": ").append(call.headers[h + 1]).append("\r\n");
      }
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      if (call.body != null) {
        out.write(call.body);
      }
      out.flush();
      FaultProxy.Message answer = FaultProxy.Message.read(in, call.method);
      if (answer == null) {
        throw new IOException("the server closed the connection");
      }
      String text = new String(answer.bytes, StandardCharsets.UTF_8);
      boolean ok = text.startsWith("HTTP/1.1 200 ") || text.startsWith("HTTP/1.1 201 ");
      if (answer.close) {
        close();
      }
      if (!ok) {
        return null;
      }
      String body = new String(answer.bytes, answer.headLength, answer.bytes.length - answer.headLength,
          StandardCharsets.UTF_8);
      return isChunked(text, answer.headLength) ? new String(RawHttp.parse(answer.bytes).body(), StandardCharsets.UTF_8)
          : body;
    }

    private static boolean isChunked(String text, int headLength) {
      return text.substring(0, headLength).toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked");
    }

    void close() {
      closed = true;
      try {
        socket.close();
      } catch (IOException e) {
        // nothing to do
      }
    }
  }
}
