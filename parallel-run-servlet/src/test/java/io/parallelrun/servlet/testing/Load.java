package io.parallelrun.servlet.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/** Sends many requests with the JDK client from a few threads and counts the good answers. */
public final class Load {
  private Load() {}

  /** Sends {@code total} requests from {@code threads} threads; returns how many answers passed the check. */
  public static int run(int total, int threads, IntFunction<HttpRequest> request, Predicate<HttpResponse<String>> ok)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger good = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      Future<?>[] futures = new Future<?>[threads];
      for (int t = 0; t < threads; t++) {
        futures[t] = pool.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < total) {
            try {
              HttpResponse<String> response = client.send(request.apply(i), HttpResponse.BodyHandlers.ofString());
              if (ok.test(response)) {
                good.incrementAndGet();
              }
            } catch (Exception e) {
              // counted as not good
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
    return good.get();
  }

  public static HttpRequest get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build();
  }
}
