package io.parallelrun.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Everything under {@code parallel-run.*}: the legacy side ({@code parallel-run.legacy.*}), the
 * candidate side ({@code parallel-run.candidate.*}), per-operation policies ({@code
 * parallel-run.operations.*}) and redaction keys ({@code parallel-run.redaction.*}).
 *
 * <p>Bound once at startup; the auto-configuration validates it and fails the startup with a
 * message naming the offending property. docs/spring.md lists every property.
 */
@ConfigurationProperties(prefix = "parallel-run")
public class ParallelRunProperties {

  /** The key of {@link #getOperations()} that holds the defaults of every operation. */
  public static final String DEFAULTS = "defaults";

  private final Legacy legacy = new Legacy();
  private final Candidate candidate = new Candidate();
  private final Redaction redaction = new Redaction();

  /**
   * Per-operation policies by operation id; the key "defaults" holds the policy every operation
   * starts from.
   */
  private Map<String, OperationProperties> operations = new LinkedHashMap<>();

  public Legacy getLegacy() {
    return legacy;
  }

  public Candidate getCandidate() {
    return candidate;
  }

  public Redaction getRedaction() {
    return redaction;
  }

  public Map<String, OperationProperties> getOperations() {
    return operations;
  }

  public void setOperations(Map<String, OperationProperties> operations) {
    this.operations = operations;
  }

  /** The legacy side: the filter that captures and the publisher that sends to the candidate. */
  public static class Legacy {

    /**
     * Whether the legacy side is on. When not set, it is on as soon as candidate-url is set.
     */
    private Boolean enabled;

    /**
     * The candidate's receiver, for example http://returns-candidate:8080/consistency-checks; a
     * URL without a path gets /consistency-checks.
     */
    private String candidateUrl;

    /** The secret shared with the candidate (at least 16 bytes), used to sign every POST. */
    private String secret;

    /** Most bytes captured per body, request and response each; a longer body is marked truncated. */
    private DataSize maxBodySize = DataSize.ofMegabytes(1);

    /**
     * Order of the filter among the servlet filters. The default runs it right after Spring's
     * character encoding and observation filters, so that it sees every response as the client
     * gets it (security headers and 401 answers included).
     */
    private int filterOrder = ParallelRunLegacyAutoConfiguration.DEFAULT_FILTER_ORDER;

    /** URL patterns the filter is registered for. */
    private List<String> urlPatterns = new ArrayList<>(List.of("/*"));

    /**
     * Route templates (as in operations.*.route) of requests never captured; counted as skipped
     * with reason excluded.
     */
    private List<String> exclude = new ArrayList<>(List.of("/actuator/**"));

    /**
     * Whether a request that no configured route names gets its operation id from Spring MVC's
     * best matching pattern: the method, a space and the pattern, path variable regexes dropped
     * (a handler mapped to /returns/{id:\d+} answering a GET gives GET /returns/{id}).
     */
    private boolean mvcOperationIds = true;

    @NestedConfigurationProperty
    private final Publisher publisher = new Publisher();

    public Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(Boolean enabled) {
      this.enabled = enabled;
    }

    public String getCandidateUrl() {
      return candidateUrl;
    }

    public void setCandidateUrl(String candidateUrl) {
      this.candidateUrl = candidateUrl;
    }

    public String getSecret() {
      return secret;
    }

    public void setSecret(String secret) {
      this.secret = secret;
    }

    public DataSize getMaxBodySize() {
      return maxBodySize;
    }

    public void setMaxBodySize(DataSize maxBodySize) {
      this.maxBodySize = maxBodySize;
    }

    public int getFilterOrder() {
      return filterOrder;
    }

    public void setFilterOrder(int filterOrder) {
      this.filterOrder = filterOrder;
    }

    public List<String> getUrlPatterns() {
      return urlPatterns;
    }

    public void setUrlPatterns(List<String> urlPatterns) {
      this.urlPatterns = urlPatterns;
    }

    public List<String> getExclude() {
      return exclude;
    }

    public void setExclude(List<String> exclude) {
      this.exclude = exclude;
    }

    public boolean isMvcOperationIds() {
      return mvcOperationIds;
    }

    public void setMvcOperationIds(boolean mvcOperationIds) {
      this.mvcOperationIds = mvcOperationIds;
    }

    public Publisher getPublisher() {
      return publisher;
    }
  }

  /** How the legacy side sends captures to the candidate. */
  public static class Publisher {

    /** Whether captures travel in NDJSON batches (true) or one application/json POST each. */
    private boolean batching = true;

    /** A batch is sent once it holds this many payloads. */
    private int batchMaxPayloads = 200;

    /** A batch is sent once it holds this many bytes. */
    private DataSize batchMaxSize = DataSize.ofMegabytes(1);

    /** A batch is sent at the latest this long after its first payload. */
    private Duration batchDelay = Duration.ofMillis(100);

    /** Largest POST body the candidate takes; a larger payload is counted as rejected. */
    private DataSize maxPostSize = DataSize.ofMegabytes(10);

    /** Most payloads waiting to be sent; beyond, captures are dropped and counted. */
    private int maxQueuePayloads = 10_000;

    /** Most bytes of payloads waiting to be sent; beyond, captures are dropped and counted. */
    private DataSize maxQueueSize = DataSize.ofMegabytes(64);

    /** Number of publisher threads. */
    private int workers = 1;

    /** HTTP connect timeout. */
    private Duration connectTimeout = Duration.ofSeconds(2);

    /** Deadline for one POST and its answer. */
    private Duration requestTimeout = Duration.ofSeconds(5);

    /** Longest Retry-After honoured for the single retry after a 429 or 503. */
    private Duration maxRetryAfter = Duration.ofSeconds(2);

    /** How long the publisher keeps sending what is queued when the application stops. */
    private Duration closeTimeout = Duration.ofSeconds(5);

    public boolean isBatching() {
      return batching;
    }

    public void setBatching(boolean batching) {
      this.batching = batching;
    }

    public int getBatchMaxPayloads() {
      return batchMaxPayloads;
    }

    public void setBatchMaxPayloads(int batchMaxPayloads) {
      this.batchMaxPayloads = batchMaxPayloads;
    }

    public DataSize getBatchMaxSize() {
      return batchMaxSize;
    }

    public void setBatchMaxSize(DataSize batchMaxSize) {
      this.batchMaxSize = batchMaxSize;
    }

    public Duration getBatchDelay() {
      return batchDelay;
    }

    public void setBatchDelay(Duration batchDelay) {
      this.batchDelay = batchDelay;
    }

    public DataSize getMaxPostSize() {
      return maxPostSize;
    }

    public void setMaxPostSize(DataSize maxPostSize) {
      this.maxPostSize = maxPostSize;
    }

    public int getMaxQueuePayloads() {
      return maxQueuePayloads;
    }

    public void setMaxQueuePayloads(int maxQueuePayloads) {
      this.maxQueuePayloads = maxQueuePayloads;
    }

    public DataSize getMaxQueueSize() {
      return maxQueueSize;
    }

    public void setMaxQueueSize(DataSize maxQueueSize) {
      this.maxQueueSize = maxQueueSize;
    }

    public int getWorkers() {
      return workers;
    }

    public void setWorkers(int workers) {
      this.workers = workers;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public Duration getRequestTimeout() {
      return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
    }

    public Duration getMaxRetryAfter() {
      return maxRetryAfter;
    }

    public void setMaxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = maxRetryAfter;
    }

    public Duration getCloseTimeout() {
      return closeTimeout;
    }

    public void setCloseTimeout(Duration closeTimeout) {
      this.closeTimeout = closeTimeout;
    }
  }

  /** The candidate side: the receiver that replays and compares. */
  public static class Candidate {

    /** Whether the candidate side is on. */
    private boolean enabled;

    /** The secret shared with the legacy side (at least 16 bytes); required unless insecure-development-mode. */
    private String secret;

    /**
     * Accepts unsigned payloads from anyone who can reach the receiver. For local development
     * only; logged as a warning at startup.
     */
    private boolean insecureDevelopmentMode;

    /** Path of the receiver within the application; the readiness report is at this path plus /report. */
    private String path = "/consistency-checks";

    /**
     * Where replays go. By default this application itself, over loopback: http://127.0.0.1, the
     * port the embedded server actually listens on, and server.servlet.context-path.
     */
    private String replayBaseUrl;

    /** How long a replay may wait for a connection. */
    private Duration replayConnectTimeout = Duration.ofSeconds(2);

    /** Largest candidate response body read by a replay; a larger one is a replay error. */
    private DataSize replayMaxResponseSize = DataSize.ofMegabytes(16);

    /** How far a signature's time may be from this server's clock. */
    private Duration signatureTolerance = Duration.ofMinutes(5);

    /** Largest POST body taken (a batch included); above, the answer is 413. */
    private DataSize maxPayloadSize = DataSize.ofMegabytes(10);

    /** Most payloads waiting to be checked; above, the answer is 429. */
    private int maxQueuedPayloads = 10_000;

    /** Most bytes of payloads waiting to be checked; above, the answer is 429. */
    private DataSize maxQueuedSize = DataSize.ofMegabytes(256);

    /**
     * Checker threads; replays block them while the candidate answers. Default 4 per processor,
     * at least 4.
     */
    private Integer workers;

    /** The Retry-After sent with 429, in whole seconds. */
    private Duration retryAfter = Duration.ofSeconds(1);

    /** Whether GET {path}/report serves the readiness report. */
    private boolean reportEnabled = true;

    /**
     * Whether the replay marker filter is registered, so that candidate code can ask
     * ReplayContext whether it serves a replay.
     */
    private boolean replayMarker = true;

    /** Order of the replay marker filter among the servlet filters. */
    private int replayMarkerOrder = ParallelRunCandidateAutoConfiguration.DEFAULT_MARKER_ORDER;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getSecret() {
      return secret;
    }

    public void setSecret(String secret) {
      this.secret = secret;
    }

    public boolean isInsecureDevelopmentMode() {
      return insecureDevelopmentMode;
    }

    public void setInsecureDevelopmentMode(boolean insecureDevelopmentMode) {
      this.insecureDevelopmentMode = insecureDevelopmentMode;
    }

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }

    public String getReplayBaseUrl() {
      return replayBaseUrl;
    }

    public void setReplayBaseUrl(String replayBaseUrl) {
      this.replayBaseUrl = replayBaseUrl;
    }

    public Duration getReplayConnectTimeout() {
      return replayConnectTimeout;
    }

    public void setReplayConnectTimeout(Duration replayConnectTimeout) {
      this.replayConnectTimeout = replayConnectTimeout;
    }

    public DataSize getReplayMaxResponseSize() {
      return replayMaxResponseSize;
    }

    public void setReplayMaxResponseSize(DataSize replayMaxResponseSize) {
      this.replayMaxResponseSize = replayMaxResponseSize;
    }

    public Duration getSignatureTolerance() {
      return signatureTolerance;
    }

    public void setSignatureTolerance(Duration signatureTolerance) {
      this.signatureTolerance = signatureTolerance;
    }

    public DataSize getMaxPayloadSize() {
      return maxPayloadSize;
    }

    public void setMaxPayloadSize(DataSize maxPayloadSize) {
      this.maxPayloadSize = maxPayloadSize;
    }

    public int getMaxQueuedPayloads() {
      return maxQueuedPayloads;
    }

    public void setMaxQueuedPayloads(int maxQueuedPayloads) {
      this.maxQueuedPayloads = maxQueuedPayloads;
    }

    public DataSize getMaxQueuedSize() {
      return maxQueuedSize;
    }

    public void setMaxQueuedSize(DataSize maxQueuedSize) {
      this.maxQueuedSize = maxQueuedSize;
    }

    public Integer getWorkers() {
      return workers;
    }

    public void setWorkers(Integer workers) {
      this.workers = workers;
    }

    public Duration getRetryAfter() {
      return retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter;
    }

    public boolean isReportEnabled() {
      return reportEnabled;
    }

    public void setReportEnabled(boolean reportEnabled) {
      this.reportEnabled = reportEnabled;
    }

    public boolean isReplayMarker() {
      return replayMarker;
    }

    public void setReplayMarker(boolean replayMarker) {
      this.replayMarker = replayMarker;
    }

    public int getReplayMarkerOrder() {
      return replayMarkerOrder;
    }

    public void setReplayMarkerOrder(int replayMarkerOrder) {
      this.replayMarkerOrder = replayMarkerOrder;
    }
  }

  /** Keys and placeholders of the redaction modes used in operations.*.redact-*. */
  public static class Redaction {

    /**
     * Key of the hash mode (keyed HMAC-SHA256), at least 16 bytes; required when any rule uses
     * hash. Both sides must use the same key so that hashed values stay comparable.
     */
    private String hashKey;

    /** Placeholder of the mask mode. */
    private String maskPlaceholder = "***";

    public String getHashKey() {
      return hashKey;
    }

    public void setHashKey(String hashKey) {
      this.hashKey = hashKey;
    }

    public String getMaskPlaceholder() {
      return maskPlaceholder;
    }

    public void setMaskPlaceholder(String maskPlaceholder) {
      this.maskPlaceholder = maskPlaceholder;
    }
  }
}
