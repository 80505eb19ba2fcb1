package io.parallelrun.servlet.publish;

import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.redact.Redaction;
import io.parallelrun.core.redact.Redactions;

/**
 * A captured exchange waiting in the {@link ConsistencyCheckPublisher}'s queue, turned into a
 * {@link ConsistencyCheckPayload} only on a publisher thread.
 *
 * <p>This is how a capturing component (such as the servlet filter) hands its copied bytes and
 * metadata over without building JSON or model objects on the request thread: the publisher calls
 * {@link #toPayload()} and applies {@link #redaction()} on its worker, then serialises.
 *
 * <p>Implementations are handed from the thread that offers them to one publisher thread; they
 * need not be thread-safe beyond that hand-over, which the publisher's queue makes safe.
 */
public interface PayloadSource {

  /**
   * The memory this source holds, in bytes, counted against the publisher's byte bound. It must
   * not change while the source is queued.
   */
  long sizeInBytes();

  /** Builds the payload; called at most once, on a publisher thread. */
  ConsistencyCheckPayload toPayload();

  /** The redaction applied to the payload before it leaves the application; none by default. */
  default Redaction redaction() {
    return Redactions.none();
  }

  /** Wraps an already built payload, sized by {@link io.parallelrun.core.wire.PayloadCodec#estimateSize}. */
  static PayloadSource of(ConsistencyCheckPayload payload, Redaction redaction) {
    long size = io.parallelrun.core.wire.PayloadCodec.estimateSize(payload);
    return new PayloadSource() {
      @Override
      public long sizeInBytes() {
        return size;
      }

      @Override
      public ConsistencyCheckPayload toPayload() {
        return payload;
      }

      @Override
      public Redaction redaction() {
        return redaction;
      }
    };
  }
}
