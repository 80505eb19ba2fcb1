package io.parallelrun.examples.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Sends a fixed, repeating mix of requests to the monolith, as its clients would: reads of single
 * returns (some unknown), customer lists, labels, searches, refund look-ups and a few new returns.
 * The mix is deterministic, so that a small run still covers every endpoint.
 */
final class TrafficGenerator {

  /** One request of the mix. */
  record Call(String method, String path, String body) {}

  private static final String[] SEARCHES = {
    "{\"customerId\":\"C-1\"}",
    "{\"status\":\"REFUNDED\"}",
    "{\"customerId\":\"C-4\",\"status\":\"RECEIVED\"}",
  };

  private static final List<IntFunction<Call>> MIX = List.of(
      i -> get("/returns/" + returnId(i)),
      i -> get("/returns?customer=C-" + (1 + i % 4)),
      i -> get("/returns/" + returnId(i) + "/label.pdf"),
      i -> post("/returns/search", SEARCHES[i % SEARCHES.length]),
      i -> get("/returns/" + returnId(i) + "/refund"),
      i -> get("/returns/" + returnId(i + 5)),
      i -> get("/returns/" + returnId(i + 3) + "/label.pdf"),
      i -> get("/returns/" + returnId(i + 7) + "/refund"),
      i -> get("/returns/" + returnId(i + 2)),
      // new customers: the candidate never sees these writes (POST /returns is not replayed), and
      // the reads of the mix stay on data both sides have, as with a shared database in production
      i -> post("/returns", "{\"customerId\":\"C-" + (100 + i) + "\",\"orderId\":\"O-" + (70000 + i)
          + "\",\"reason\":\"too small\",\"items\":[{\"line\":1,\"sku\":\"SKU-1001\",\"description\":\"Running shoe\","
          + "\"quantity\":1,\"unitPrice\":89.95}]}"),
      i -> get("/returns?customer=C-" + (1 + (i + 1) % 4)),
      i -> get("/returns/R-9999"),
      i -> get("/returns/" + returnId(i + 9) + "/label.pdf"),
      i -> post("/returns/search", SEARCHES[(i + 1) % SEARCHES.length]),
      i -> get("/returns/" + returnId(i + 4) + "/refund"),
      i -> get("/returns/" + returnId(i + 11)));


  private final URI base;
  private final HttpClient client;
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger answered = new AtomicInteger();
  private final AtomicInteger errors = new AtomicInteger();
  private volatile String lastError;

  TrafficGenerator(URI base) {
    this.base = base;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The request number {@code i} of the mix. */
  static Call call(int i) {
    return MIX.get(i % MIX.size()).apply(i / MIX.size());
  }

  /**
   * Sends {@code count} requests from {@code concurrency} threads and returns once all are answered
   * or failed.
   */
  void run(int count, int concurrency) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "demo-traffic");
      t.setDaemon(true);
      return t;
    });
    AtomicInteger next = new AtomicInteger();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < concurrency; w++) {
        workers.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            send(call(i));
          }
        }));
      }
      for (Future<?> worker : workers) {
        try {
          worker.get();
        } catch (ExecutionException e) {
          errors.incrementAndGet();
          lastError = String.valueOf(e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private void send(Call call) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(call.path())).timeout(Duration.ofSeconds(30));
    if (call.body() == null) {
      request.GET();
    } else {
      request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(call.body()));
    }
    sent.incrementAndGet();
    try {
      client.send(request.build(), HttpResponse.BodyHandlers.discarding());
      answered.incrementAndGet();
    } catch (IOException e) {
      errors.incrementAndGet();
      lastError = call.method() + " " + call.path() + ": " + e;
    } catch (InterruptedException e) {
      errors.incrementAndGet();
      Thread.currentThread().interrupt();
    }
  }

  int sent() {
    return sent.get();
  }

  int answered() {
    return answered.get();
  }

  int errors() {
    return errors.get();
  }

  String lastError() {
    return lastError;
  }

  private static String returnId(int i) {
    return "R-" + (1001 + Math.floorMod(i, 12));
  }

  private static Call get(String path) {
    return new Call("GET", path, null);
  }

  private static Call post(String path, String body) {
    return new Call("POST", path, body);
  }
}
