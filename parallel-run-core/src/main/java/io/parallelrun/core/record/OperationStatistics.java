package io.parallelrun.core.record;

import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.FailureCause;
import io.parallelrun.core.metrics.SkipReason;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of what a {@link CheckRecorder} has recorded for one operation since it was created:
 * counts, differing paths, latency percentiles and recent mismatch samples (redacted at rest).
 *
 * <p>Counts are read one after the other while checks go on, so a snapshot taken under load may
 * be off by the checks that finished while it was taken; each count on its own is exact. Instances
 * are immutable and thread-safe.
 */
public final class OperationStatistics {

  private final String operationId;
  private final long matched;
  private final long unmatched;
  private final Map<FailureCause, Long> failures;
  private final Map<SkipReason, Long> skipped;
  private final List<PathCount> differingPaths;
  private final long otherPaths;
  private final Latency legacyLatency;
  private final Latency candidateLatency;
  private final List<Sample> samples;

  OperationStatistics(
      String operationId, long matched, long unmatched, EnumMap<FailureCause, Long> failures,
      EnumMap<SkipReason, Long> skipped, List<PathCount> differingPaths, long otherPaths,
      Latency legacyLatency, Latency candidateLatency, List<Sample> samples) {
    this.operationId = operationId;
    this.matched = matched;
    this.unmatched = unmatched;
    this.failures = Collections.unmodifiableMap(failures);
    this.skipped = Collections.unmodifiableMap(skipped);
    this.differingPaths = List.copyOf(differingPaths);
    this.otherPaths = otherPaths;
    this.legacyLatency = legacyLatency;
    this.candidateLatency = candidateLatency;
    this.samples = List.copyOf(samples);
  }

  public String operationId() {
    return operationId;
  }

  /** Checks that ended as matched. */
  public long matched() {
    return matched;
  }

  /** Checks that ended as unmatched. */
  public long unmatched() {
    return unmatched;
  }

  /** Failed checks by cause; every cause is present, possibly with 0. */
  public Map<FailureCause, Long> failures() {
    return failures;
  }

  /** All failed checks. */
  public long failed() {
    return failures.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Failed checks whose cause is the candidate's fault (see {@link FailureCause#candidateFault()}). */
  public long candidateFailures() {
    return failures.entrySet().stream().filter(e -> e.getKey().candidateFault()).mapToLong(Map.Entry::getValue).sum();
  }

  /** Payloads received but not checked, by reason; only reasons that occurred. */
  public Map<SkipReason, Long> skipped() {
    return skipped;
  }

  /** The differing paths with their counts, most frequent first. */
  public List<PathCount> differingPaths() {
    return differingPaths;
  }

  /** Differences on paths beyond the cap of distinct paths. */
  public long otherPaths() {
    return otherPaths;
  }

  public Latency legacyLatency() {
    return legacyLatency;
  }

  public Latency candidateLatency() {
    return candidateLatency;
  }

  /** Recent mismatch samples, newest first, redacted at rest. */
  public List<Sample> samples() {
    return samples;
  }

  @Override
  public String toString() {
    return "OperationStatistics{" + operationId + ": matched=" + matched + ", unmatched=" + unmatched
        + ", failures=" + failures + ", skipped=" + skipped + "}";
  }

  /** How often differences were found at one path (array indices as {@code *}). */
  public static final class PathCount {
    static final Comparator<PathCount> MOST_FREQUENT_FIRST =
        Comparator.comparingLong(PathCount::count).reversed()
            .thenComparing(PathCount::axis)
            .thenComparing(PathCount::path);

    private final Difference.Axis axis;
    private final String path;
    private final long count;

    public PathCount(Difference.Axis axis, String path, long count) {
      this.axis = Objects.requireNonNull(axis, "axis");
      this.path = Objects.requireNonNull(path, "path");
      this.count = count;
    }

    public Difference.Axis axis() {
      return axis;
    }

    /** Empty for the status, a lower-case header name, or a JSON Pointer with {@code *} for indices. */
    public String path() {
      return path;
    }

    public long count() {
      return count;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof PathCount)) {
        return false;
      }
      PathCount other = (PathCount) o;
      return axis == other.axis && path.equals(other.path) && count == other.count;
    }

    @Override
    public int hashCode() {
      return Objects.hash(axis, path, count);
    }

    @Override
    public String toString() {
      return axis.tag() + ":" + path + "=" + count;
    }
  }

  /** Latency percentiles in microseconds; -1 when nothing was recorded. */
  public static final class Latency {
    private final long count;
    private final long p50;
    private final long p95;
    private final long p99;
    private final long max;

    Latency(long count, long p50, long p95, long p99, long max) {
      this.count = count;
      this.p50 = p50;
      this.p95 = p95;
      this.p99 = p99;
      this.max = max;
    }

    public long count() {
      return count;
    }

    public long p50Micros() {
      return p50;
    }

    public long p95Micros() {
      return p95;
    }

    public long p99Micros() {
      return p99;
    }

    /** The largest value's bucket (within about 6%). */
    public long maxMicros() {
      return max;
    }
  }

  /**
   * One recent mismatch: the request, both responses and the differences, all redacted at rest
   * (credentials always, plus the operation's at-rest rules); bodies are cut to a few KiB.
   */
  public static final class Sample {
    private final String checkId;
    private final Instant recordedAt;
    private final CapturedRequest request;
    private final CapturedResponse legacy;
    private final CapturedResponse candidate;
    private final List<Difference> differences;

    Sample(String checkId, Instant recordedAt, CapturedRequest request, CapturedResponse legacy,
        CapturedResponse candidate, List<Difference> differences) {
      this.checkId = checkId;
      this.recordedAt = recordedAt;
      this.request = request;
      this.legacy = legacy;
      this.candidate = candidate;
      this.differences = List.copyOf(differences);
    }

    public String checkId() {
      return checkId;
    }

    public Instant recordedAt() {
      return recordedAt;
    }

    public CapturedRequest request() {
      return request;
    }

    public CapturedResponse legacy() {
      return legacy;
    }

    public CapturedResponse candidate() {
      return candidate;
    }

    public List<Difference> differences() {
      return differences;
    }
  }
}
