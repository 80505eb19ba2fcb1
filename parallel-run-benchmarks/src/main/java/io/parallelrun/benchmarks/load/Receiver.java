package io.parallelrun.benchmarks.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Part 2's receiver, run in its own process: accepts every POST to {@code /consistency-checks},
 * reads and discards the body and answers 202 with the count of NDJSON lines as accepted. {@code
 * GET /_stats} tells how many payloads it took. Prints {@code PORT=<n>} once listening.
 */
public final class Receiver {

  private Receiver() {}

  public static void main(String[] args) throws IOException {
    AtomicLong payloads = new AtomicLong();
    AtomicLong posts = new AtomicLong();
    // without TCP_NODELAY the JDK server sends its answer's headers and body in two segments, the
    // second held back (Nagle) until the client's delayed ACK of the first: about 40 ms per POST
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/consistency-checks", exchange -> {
      long lines = 0;
      boolean sawAny = false;
      int last = '\n';
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = exchange.getRequestBody()) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          sawAny = true;
          for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
              lines++;
            }
          }
          last = buffer[n - 1];
        }
      }
      if (sawAny && last != '\n') {
        lines++;
      }
      payloads.addAndGet(lines);
      posts.incrementAndGet();
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      boolean batch = type != null && type.startsWith("application/x-ndjson");
      answer(exchange, 202, batch ? "{\"accepted\":" + lines + ",\"rejected\":[]}" : "{\"id\":\"discarded\"}");
    });
    server.createContext("/_stats", exchange ->
        answer(exchange, 200, "{\"payloads\":" + payloads.get() + ",\"posts\":" + posts.get() + "}"));
    server.start();
    System.out.println("PORT=" + server.getAddress().getPort());
    System.out.flush();
  }

  static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
