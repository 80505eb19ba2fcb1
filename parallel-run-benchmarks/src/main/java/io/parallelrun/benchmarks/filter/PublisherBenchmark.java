package io.parallelrun.benchmarks.filter;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.wire.PayloadCodec;
import io.parallelrun.core.wire.PayloadSignature;
import io.parallelrun.servlet.publish.ConsistencyCheckPublisher;
import io.parallelrun.servlet.publish.PayloadSource;
import io.parallelrun.servlet.publish.TransportResult;
import io.parallelrun.servlet.publish.internal.BatchBuffer;
import io.parallelrun.servlet.publish.internal.BoundedQueue;
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
 * The publisher thread's work per capture, in stages: building the payload from a real capture
 * ({@code toPayload}), serialising it ({@code serialise}), both ({@code build}), and signing
 * its bytes ({@code sign}). In a batch the signature covers all lines at once, so signing costs
 * per byte what it costs here, less a per-POST constant.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PublisherBenchmark {

  @Param({"2048"})
  public int size;

  private FilterBenchmark.Exchange exchange;
  private PayloadSource source;
  private ConsistencyCheckPayload payload;
  private final PayloadCodec codec = PayloadCodec.standard();
  private final BatchBuffer buffer = new BatchBuffer(256 * 1024);
  private final PayloadSignature signature = PayloadSignature.withSecret("benchmark-secret-0123456789abcdef");
  private byte[] line;

  @Setup
  public void setUp() throws Exception {
    ConsistencyCheckPublisher publisher = ConsistencyCheckPublisher.builder()
        .transport((bytes, length, contentType, count) -> TransportResult.accepted(count))
        .meterRegistry(new SimpleMeterRegistry())
        .build();
    exchange = new FilterBenchmark.Exchange(size, "sampled", publisher, false);
    exchange.serve();
    Field field = ConsistencyCheckPublisher.class.getDeclaredField("queue");
    field.setAccessible(true);
    source = (PayloadSource) ((BoundedQueue<?>) field.get(publisher)).poll();
    if (source == null) {
      throw new IllegalStateException("the publisher took the capture before the benchmark could");
    }
    payload = source.toPayload();
    line = codec.write(payload);
  }

  @TearDown
  public void tearDown() {
    exchange.close();
  }

  @Benchmark
  public Object toPayload() {
    return source.redaction().redact(source.toPayload());
  }

  @Benchmark
  public int serialise() throws IOException {
    buffer.truncate(0);
    codec.write(payload, buffer);
    buffer.write('\n');
    return buffer.size();
  }

  @Benchmark
  public int build() throws IOException {
    buffer.truncate(0);
    codec.write(source.redaction().redact(source.toPayload()), buffer);
    buffer.write('\n');
    return buffer.size();
  }

  @Benchmark
  public String sign() {
    return signature.sign(line, 0, line.length, 1_800_000_000L);
  }
}
