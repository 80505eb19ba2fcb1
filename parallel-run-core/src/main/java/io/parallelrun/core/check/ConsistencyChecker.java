package io.parallelrun.core.check;

import io.parallelrun.core.compare.FailureCause;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.metrics.SkipReason;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationPolicy;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.record.CheckRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks one received payload: decides whether it may be replayed, replays it, compares and
 * records. Every call of {@link #check} ends in exactly one count of the {@link CheckRecorder}: a
 * check (matched, unmatched or failed) or a skip with its reason.
 *
 * <ol>
 *   <li>The operation is the payload's {@code operationId}, else the {@link OperationRouter}'s
 *       match for the request, else {@code unmapped}; its {@link OperationPolicy} applies.
 *   <li>Skipped, never replayed: a method other than GET, HEAD and OPTIONS when the operation is
 *       not declared idempotent ({@code non_idempotent}, even when the legacy side sent it); a
 *       truncated request body ({@code request_truncated}: replaying it would send another
 *       request); a truncated legacy response body ({@code response_truncated}).
 *   <li>A legacy 5xx fails the check ({@code legacy_5xx}) without a replay: it says nothing about
 *       the candidate.
 *   <li>The {@link Replayer} sends the request with the operation's replay timeout. A timeout or a
 *       transport error fails the check ({@code replay_timeout}, {@code replay_error}), and so
 *       does a candidate 5xx ({@code candidate_5xx}).
 *   <li>The operation's in-transit redaction is applied to the candidate's response, as it was to
 *       the legacy response before it left the legacy application; then the operation's {@link
 *       OperationPolicy#comparator() comparator} decides.
 *   <li>Anything that throws inside (a replayer, a comparator) is caught, logged and counted as
 *       skipped with reason {@code check_error}.
 * </ol>
 *
 * <p>This class is immutable and thread-safe; worker threads share one instance.
 */
public final class ConsistencyChecker {

  private static final Logger LOG = LoggerFactory.getLogger(ConsistencyChecker.class);

  private final Replayer replayer;
  private final CheckRecorder recorder;
  private final OperationPolicies policies;
  private final OperationRouter router;
  private final Clock clock;

  private ConsistencyChecker(Builder b) {
    this.replayer = Objects.requireNonNull(b.replayer, "replayer");
    this.recorder = Objects.requireNonNull(b.recorder, "recorder");
    this.policies = recorder.policies();
    this.router = b.router;
    this.clock = recorder.clock();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The recorder every check ends in. */
  public CheckRecorder recorder() {
    return recorder;
  }

  /** The operation a payload belongs to: its own id, else the router's match, else {@code unmapped}. */
  public String operationFor(ConsistencyCheckPayload payload) {
    String declared = payload.operationId();
    if (OperationPolicies.isValidOperationId(declared)) {
      return declared;
    }
    return router.operationFor(payload.request());
  }

  /**
   * Checks a payload and records the outcome.
   *
   * @param checkId the id of this check, sent with the replay
   * @param payload what the legacy application captured
   * @return the verdict, or empty when the payload was skipped (the reason is recorded)
   */
  public Optional<MatchResult> check(String checkId, ConsistencyCheckPayload payload) {
    String operationId = OperationRouter.UNMAPPED;
    try {
      operationId = operationFor(payload);
      return Optional.ofNullable(checkOperation(checkId, operationId, payload));
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      // a comparator or redaction rule that cannot load its classes, or recurses too deep, must not
      // take the worker thread with it; the other errors (out of memory, ...) are left to the JVM
      LOG.warn("Consistency check {} of operation {} failed inside parallel-run; counted as check_error",
          checkId, operationId, e);
      recorder.recordSkipped(operationId, SkipReason.CHECK_ERROR);
      return Optional.empty();
    }
  }

  /**
   * Counts a payload that was received but will not be checked, for example because the backlog
   * was full or the receiver is shutting down.
   *
   * @param payload the payload, or {@code null} when it could not be read (counted as {@code unmapped})
   */
  public void skip(ConsistencyCheckPayload payload, SkipReason reason) {
    recorder.recordSkipped(payload == null ? OperationRouter.UNMAPPED : operationFor(payload), reason);
  }

  private MatchResult checkOperation(String checkId, String operationId, ConsistencyCheckPayload payload) {
    OperationPolicy policy = policies.forOperation(operationId);
    CapturedRequest request = payload.request();
    CapturedResponse legacy = payload.response();
    if (!policy.allowsMethod(request.method())) {
      recorder.recordSkipped(operationId, SkipReason.NON_IDEMPOTENT);
      return null;
    }
    if (request.truncated()) {
      recorder.recordSkipped(operationId, SkipReason.REQUEST_TRUNCATED);
      return null;
    }
    if (legacy.truncated()) {
      recorder.recordSkipped(operationId, SkipReason.RESPONSE_TRUNCATED);
      return null;
    }
    payload.legacyLatencyMicros().ifPresent(micros -> recorder.recordLegacyLatency(operationId, micros * 1000));

    MatchResult result;
    CapturedResponse candidate = null;
    if (legacy.isServerError()) {
      result = MatchResult.failed(FailureCause.LEGACY_5XX, "the legacy application answered " + legacy.status());
    } else {
      ReplayResult replay = replayer.replay(checkId, request, policy.replayTimeout());
      recorder.recordCandidateLatency(operationId, replay.latencyNanos());
      switch (replay.kind()) {
        case TIMED_OUT:
          result = MatchResult.failed(FailureCause.REPLAY_TIMEOUT, replay.detail());
          break;
        case ERROR:
          result = MatchResult.failed(FailureCause.REPLAY_ERROR, replay.detail());
          break;
        default:
          candidate = replay.response();
          if (candidate.isServerError()) {
            result = MatchResult.failed(FailureCause.CANDIDATE_5XX, "the candidate answered " + candidate.status());
          } else {
            candidate = policy.inTransitRedaction().redact(candidate);
            result = Objects.requireNonNull(policy.comparator().compare(legacy, candidate),
                "the comparator returned null");
          }
      }
    }
    recorder.recordCheck(checkId, operationId, request, legacy, candidate, result);
    Instant capturedAt = payload.capturedAt();
    if (capturedAt != null) {
      recorder.recordLag(Duration.between(capturedAt, clock.instant()).toNanos());
    }
    return result;
  }

  @Override
  public String toString() {
    return "ConsistencyChecker{replayer=" + replayer + ", recorder=" + recorder + "}";
  }

  /** Builds a {@link ConsistencyChecker}; a replayer and a recorder are required. Not thread-safe. */
  public static final class Builder {
    private Replayer replayer;
    private CheckRecorder recorder;
    private OperationRouter router = OperationRouter.empty();

    private Builder() {}

    /** How requests are replayed. Required. */
    public Builder replayer(Replayer value) {
      this.replayer = Objects.requireNonNull(value, "replayer");
      return this;
    }

    /** Where outcomes go; its policies and clock are the checker's. Required. */
    public Builder recorder(CheckRecorder value) {
      this.recorder = Objects.requireNonNull(value, "recorder");
      return this;
    }

    /** Route templates for payloads without an operation id; default none (they are {@code unmapped}). */
    public Builder router(OperationRouter value) {
      this.router = Objects.requireNonNull(value, "router");
      return this;
    }

    public ConsistencyChecker build() {
      return new ConsistencyChecker(this);
    }
  }
}
