package io.parallelrun.servlet.publish;

/**
 * Carries serialised payloads to the candidate. The HTTP transport (signed POSTs to the
 * candidate's {@code /consistency-checks} endpoint with the JDK {@code HttpClient}) is the
 * default; another transport (a message broker, a file for replay later) implements this
 * interface and is given to {@link ConsistencyCheckPublisher.Builder#transport(Transport)}.
 *
 * <p>The publisher calls {@link #send} from its worker threads only, one call at a time per
 * worker; with more than one worker an implementation must be thread-safe.
 */
public interface Transport extends AutoCloseable {

  /**
   * Sends one message holding {@code payloadCount} payloads and reports what became of each.
   *
   * <p>The bytes are {@code length} bytes of {@code body} from offset 0: one JSON payload when
   * {@code contentType} is {@code application/json}, or one payload per line when it is
   * {@code application/x-ndjson}. The array is reused after this method returns, so an
   * implementation must not keep it. A failure to reach the receiver is reported as
   * {@link TransportResult#error errors}, not thrown; an implementation retries at most a bounded
   * number of times.
   *
   * @return the outcome of every payload; its {@link TransportResult#total()} equals {@code
   *     payloadCount}
   * @throws InterruptedException when the publisher is being closed and the wait was interrupted
   */
  TransportResult send(byte[] body, int length, String contentType, int payloadCount) throws InterruptedException;

  /** Releases resources; called once when the publisher closes. */
  @Override
  default void close() {}
}
