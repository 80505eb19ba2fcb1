package io.parallelrun.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of {@code parallel-run.operations}: the defaults (key {@code defaults}) or the
 * overrides of one operation. A value left unset keeps the value of the defaults; lists (ignored
 * headers, body paths, unordered arrays, redaction rules) add to those of the defaults.
 */
public class OperationProperties {

  /**
   * Route template naming this operation, for example "GET /returns/{id}" (method optional;
   * segments are literals, {name}, * or a final **).
   */
  private String route;

  /** More route templates naming this operation. */
  private List<String> routes = new ArrayList<>();

  /** Share of requests captured, 0 to 1 (default 1). */
  private Double sampleRate;

  /** Request header whose value makes sampling sticky (the same value always in or out). */
  private String stickySamplingHeader;

  /** Whether methods other than GET, HEAD and OPTIONS may be captured and replayed (default false). */
  private Boolean idempotent;

  /** Match rate, 0 to 1, the operation must reach to be ready (default 0.99). */
  private Double threshold;

  /** Checks needed before a verdict other than collecting (default 100). */
  private Integer minSamples;

  /** Response headers ignored in the comparison, on top of Date, Server, Content-Length and the other defaults. */
  private List<String> ignoreHeaders = new ArrayList<>();

  /** Headers taken off the default ignored list, so that they are compared (for example Date). */
  private List<String> compareHeaders = new ArrayList<>();

  /** JSON Pointers (with * for one segment) of body values not compared. */
  private List<String> ignoreBodyPaths = new ArrayList<>();

  /** JSON Pointers (with * for one segment) of arrays compared regardless of order. */
  private List<String> unorderedArrays = new ArrayList<>();

  /** Whether a null JSON value equals a missing field (default false). */
  private Boolean nullEqualsMissing;

  /** How many differences a check keeps. */
  private Integer maxDifferences;

  /** How long the candidate may take to answer a replay (default 10s). */
  private Duration replayTimeout;

  /**
   * Name of a ResponseComparator bean replacing the standard comparison, or "standard".
   */
  private String comparator;

  /**
   * Redaction applied before the payload leaves the legacy application, and by the candidate to
   * its own response before comparing: configure it the same on both sides.
   */
  private final RedactionRuleProperties redactInTransit = new RedactionRuleProperties();

  /**
   * Redaction applied to mismatch samples, logs and the report, on top of the credential headers
   * that are always masked.
   */
  private final RedactionRuleProperties redactAtRest = new RedactionRuleProperties();

  /** The route templates: {@link #getRoute()} first, then {@link #getRoutes()}. */
  List<String> allRoutes() {
    List<String> all = new ArrayList<>();
    if (route != null) {
      all.add(route);
    }
    if (routes != null) {
      all.addAll(routes);
    }
    return all;
  }

  public String getRoute() {
    return route;
  }

  public void setRoute(String route) {
    this.route = route;
  }

  public List<String> getRoutes() {
    return routes;
  }

  public void setRoutes(List<String> routes) {
    this.routes = routes;
  }

  public Double getSampleRate() {
    return sampleRate;
  }

  public void setSampleRate(Double sampleRate) {
    this.sampleRate = sampleRate;
  }

  public String getStickySamplingHeader() {
    return stickySamplingHeader;
  }

  public void setStickySamplingHeader(String stickySamplingHeader) {
    this.stickySamplingHeader = stickySamplingHeader;
  }

  public Boolean getIdempotent() {
    return idempotent;
  }

  public void setIdempotent(Boolean idempotent) {
    this.idempotent = idempotent;
  }

  public Double getThreshold() {
    return threshold;
  }

  public void setThreshold(Double threshold) {
    this.threshold = threshold;
  }

  public Integer getMinSamples() {
    return minSamples;
  }

  public void setMinSamples(Integer minSamples) {
    this.minSamples = minSamples;
  }

  public List<String> getIgnoreHeaders() {
    return ignoreHeaders;
  }

  public void setIgnoreHeaders(List<String> ignoreHeaders) {
    this.ignoreHeaders = ignoreHeaders;
  }

  public List<String> getCompareHeaders() {
    return compareHeaders;
  }

  public void setCompareHeaders(List<String> compareHeaders) {
    this.compareHeaders = compareHeaders;
  }

  public List<String> getIgnoreBodyPaths() {
    return ignoreBodyPaths;
  }

  public void setIgnoreBodyPaths(List<String> ignoreBodyPaths) {
    this.ignoreBodyPaths = ignoreBodyPaths;
  }

  public List<String> getUnorderedArrays() {
    return unorderedArrays;
  }

  public void setUnorderedArrays(List<String> unorderedArrays) {
    this.unorderedArrays = unorderedArrays;
  }

  public Boolean getNullEqualsMissing() {
    return nullEqualsMissing;
  }

  public void setNullEqualsMissing(Boolean nullEqualsMissing) {
    this.nullEqualsMissing = nullEqualsMissing;
  }

  public Integer getMaxDifferences() {
    return maxDifferences;
  }

  public void setMaxDifferences(Integer maxDifferences) {
    this.maxDifferences = maxDifferences;
  }

  public Duration getReplayTimeout() {
    return replayTimeout;
  }

  public void setReplayTimeout(Duration replayTimeout) {
    this.replayTimeout = replayTimeout;
  }

  public String getComparator() {
    return comparator;
  }

  public void setComparator(String comparator) {
    this.comparator = comparator;
  }

  public RedactionRuleProperties getRedactInTransit() {
    return redactInTransit;
  }

  public RedactionRuleProperties getRedactAtRest() {
    return redactAtRest;
  }
}
