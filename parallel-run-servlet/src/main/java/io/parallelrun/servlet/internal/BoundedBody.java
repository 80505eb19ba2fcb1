package io.parallelrun.servlet.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Collects a response body up to a byte cap, and can be aborted from another thread (a deadline
 * watchdog): the JDK client's request timeout stops at the response headers, this stops a body
 * that trickles or hangs.
 */
public final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

  private final int maxBytes;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
  private byte[] buffer = new byte[0];
  private int size;

  public BoundedBody(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    if (!subscription.compareAndSet(null, s) || result.isDone()) {
      s.cancel();
      return;
    }
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      int n = item.remaining();
      if ((long) size + n > maxBytes) {
        abort(new IOException("the answer's body is larger than " + maxBytes + " bytes"));
        return;
      }
      if (size + n > buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, Math.max(size + n, Math.min(maxBytes, Math.max(1024, buffer.length * 2))));
      }
      item.get(buffer, size, n);
      size += n;
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(size == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, size));
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  /** Gives up: the waiting {@code send} throws the given exception. Safe from any thread. */
  public void abort(IOException cause) {
    if (result.completeExceptionally(cause)) {
      Flow.Subscription s = subscription.get();
      if (s != null) {
        s.cancel();
      }
    }
  }
}
