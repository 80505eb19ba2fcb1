package io.parallelrun.benchmarks.filter;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.benchmarks.JsonDocuments;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationPolicy;
import io.parallelrun.servlet.capture.ParallelRunFilter;
import io.parallelrun.servlet.publish.ConsistencyCheckPublisher;
import io.parallelrun.servlet.publish.TransportResult;
import io.parallelrun.servlet.publish.internal.BoundedQueue;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Part 1: what the filter costs on the request thread. A servlet sets status, content type and
 * length and writes a JSON body (2 KB or 64 KB, in 8 KB writes) to an output stream that discards
 * it; {@code none} calls it through a plain chain, {@code notSampled} through the filter with
 * sample rate 0, {@code sampled} with sample rate 1.
 *
 * <p>In {@code sampled} the benchmark takes each capture out of the publisher's queue right after
 * the request (the cost of that poll is included), so that the queue always has room and the
 * publisher thread, which would build and send the payload, stays idle: what is measured is the
 * request thread alone, with every offer succeeding.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FilterBenchmark {

  @Param({"2048", "65536"})
  public int size;

  @Param({"none", "notSampled", "sampled"})
  public String mode;

  private Exchange exchange;

  /** One request's objects and the configured chain; shared with the allocation probe. */
  public static final class Exchange implements AutoCloseable {
    /** The JSON body the servlet writes. */
    public final byte[] body;
    final StubRequest request = new StubRequest("/api/returns/123",
        "Host", "127.0.0.1:8080", "User-Agent", "wrk", "Accept", "application/json",
        "Accept-Encoding", "gzip", "X-Request-Id", "5f1c9a7e-2b1d-4c55-9d43-0d6b5c1c7a11");
    final StubResponse response = new StubResponse();
    final FilterChain servlet;
    final ParallelRunFilter filter;
    final ConsistencyCheckPublisher publisher;
    final BoundedQueue<?> queue;

    /** {@code mode}: none, notSampled or sampled. */
    public Exchange(int size, String mode) {
      this(size, mode, "none".equals(mode) ? null : ConsistencyCheckPublisher.builder()
          .transport((bytes, length, contentType, count) -> TransportResult.accepted(count))
          .meterRegistry(new SimpleMeterRegistry())
          .build(), true);
    }

    /**
     * A filter (unless {@code mode} is none) publishing to {@code publisher}; with {@code
     * takeFromQueue} each capture is taken out of the queue again right after its request.
     */
    public Exchange(int size, String mode, ConsistencyCheckPublisher publisher, boolean takeFromQueue) {
      byte[] body = JsonDocuments.document(size);
      this.body = body;
      servlet = (req, res) -> {
        HttpServletResponse r = (HttpServletResponse) res;
        r.setStatus(200);
        r.setContentType("application/json");
        r.setContentLength(body.length);
        ServletOutputStream out = r.getOutputStream();
        for (int off = 0; off < body.length; off += 8192) {
          out.write(body, off, Math.min(8192, body.length - off));
        }
      };
      this.publisher = publisher;
      if ("none".equals(mode)) {
        filter = null;
        queue = null;
        return;
      }
      double rate = "sampled".equals(mode) ? 1.0 : 0.0;
      filter = ParallelRunFilter.builder()
          .publisher(publisher)
          .policies(OperationPolicies.builder().defaults(OperationPolicy.custom().sampleRate(rate).build()).build())
          .build();
      queue = takeFromQueue ? queueOf(publisher) : null;
    }

    /** Serves one request; returns the response. */
    public Object serve() throws IOException, ServletException {
      request.recycle();
      response.recycle();
      if (filter == null) {
        servlet.doFilter(request, response);
      } else {
        filter.doFilter(request, response, servlet);
        if (queue != null) {
          queue.poll();
        }
      }
      return response;
    }

    /** The filter's meters go to the publisher's registry. */
    public ConsistencyCheckPublisher publisher() {
      return publisher;
    }

    @Override
    public void close() {
      if (publisher != null) {
        publisher.close();
      }
    }

    private static BoundedQueue<?> queueOf(ConsistencyCheckPublisher publisher) {
      try {
        Field field = ConsistencyCheckPublisher.class.getDeclaredField("queue");
        field.setAccessible(true);
        return (BoundedQueue<?>) field.get(publisher);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("the publisher's queue is not where the benchmark expects it", e);
      }
    }
  }

  @Setup
  public void setUp() {
    exchange = new Exchange(size, mode);
  }

  @TearDown
  public void tearDown() {
    exchange.close();
  }

  @Benchmark
  public Object request() throws IOException, ServletException {
    return exchange.serve();
  }
}
