package io.parallelrun.spring;

import java.util.ArrayList;
import java.util.List;

/**
 * Redaction rules by mode: what is removed, what is masked, what is hashed. Where several rules
 * reach the same item, remove beats mask, which beats hash.
 */
public class RedactionRuleProperties {

  /** Items removed. */
  private final Targets remove = new Targets();

  /** Items replaced with parallel-run.redaction.mask-placeholder. */
  private final Targets mask = new Targets();

  /** Items replaced with their keyed HMAC-SHA256 (needs parallel-run.redaction.hash-key). */
  private final Targets hash = new Targets();

  public Targets getRemove() {
    return remove;
  }

  public Targets getMask() {
    return mask;
  }

  public Targets getHash() {
    return hash;
  }

  boolean isEmpty() {
    return remove.isEmpty() && mask.isEmpty() && hash.isEmpty();
  }

  /** The items one mode applies to. */
  public static class Targets {

    /** Header names, any case, of requests and responses. */
    private List<String> headers = new ArrayList<>();

    /** Query parameter names of the request target. */
    private List<String> queryParameters = new ArrayList<>();

    /** JSON member names, at any depth, of request and response bodies. */
    private List<String> jsonFields = new ArrayList<>();

    /** JSON Pointers (with * for one segment) of request and response bodies. */
    private List<String> jsonPointers = new ArrayList<>();

    boolean isEmpty() {
      return headers.isEmpty() && queryParameters.isEmpty() && jsonFields.isEmpty() && jsonPointers.isEmpty();
    }

    public List<String> getHeaders() {
      return headers;
    }

    public void setHeaders(List<String> headers) {
      this.headers = headers;
    }

    public List<String> getQueryParameters() {
      return queryParameters;
    }

    public void setQueryParameters(List<String> queryParameters) {
      this.queryParameters = queryParameters;
    }

    public List<String> getJsonFields() {
      return jsonFields;
    }

    public void setJsonFields(List<String> jsonFields) {
      this.jsonFields = jsonFields;
    }

    public List<String> getJsonPointers() {
      return jsonPointers;
    }

    public void setJsonPointers(List<String> jsonPointers) {
      this.jsonPointers = jsonPointers;
    }
  }
}
