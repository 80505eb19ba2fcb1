package io.parallelrun.core.wire;

/**
 * Constants of the protocol between the legacy side and the candidate side.
 */
public final class WireProtocol {
  private WireProtocol() {}

  /** Version of the payload format written by {@link PayloadCodec}. */
  public static final int VERSION = 1;

  /** Default path of the candidate's receiver. */
  public static final String DEFAULT_PATH = "/consistency-checks";

  /** Content type of one payload per POST. */
  public static final String JSON = "application/json";

  /** Content type of a batch: one version-1 payload per line. */
  public static final String NDJSON = "application/x-ndjson";

  /** Content type of error answers (RFC 9457). */
  public static final String PROBLEM_JSON = "application/problem+json";

  /** Header carrying the payload signature: {@code t=<unix seconds>,v1=<hex HMAC-SHA256>}. */
  public static final String SIGNATURE_HEADER = "Parallel-Run-Signature";

  /**
   * Header on every replayed request, holding the check id. The legacy filter never captures a
   * request that carries it.
   */
  public static final String REPLAY_HEADER = "Parallel-Run-Replay";
}
