package io.parallelrun.core.redact;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules of one rule-based redaction, possibly merged from several: which headers, query
 * parameters, JSON field names and JSON Pointers are redacted, and how. When several rules address
 * the same item the strongest mode wins (remove, then mask, then hash); between two of the same
 * kind, the first declared.
 *
 * <p>Immutable and thread-safe.
 */
final class RedactionRules {

  /** Header name to mode; case-insensitive keys, first spelling kept. */
  final Map<String, RedactionMode> headers;
  /** Query parameter name to mode; exact names. */
  final Map<String, RedactionMode> queryParameters;
  /** JSON member name to mode; exact names. */
  final Map<String, RedactionMode> jsonFields;
  /** JSON Pointer, as declared, to mode. */
  final Map<String, RedactionMode> jsonPointers;
  /** The pointers as a trie, or {@code null} when there are none. */
  final PointerNode pointerRoot;

  private RedactionRules(Builder b) {
    Map<String, RedactionMode> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(b.headers);
    headers = Collections.unmodifiableMap(h);
    queryParameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.queryParameters));
    jsonFields = Collections.unmodifiableMap(new LinkedHashMap<>(b.jsonFields));
    jsonPointers = Collections.unmodifiableMap(new LinkedHashMap<>(b.jsonPointers));
    if (jsonPointers.isEmpty()) {
      pointerRoot = null;
    } else {
      PointerNode root = new PointerNode();
      jsonPointers.forEach((pointer, mode) -> root.add(PointerNode.parse(pointer), mode));
      pointerRoot = root;
    }
  }

  boolean hasJsonRules() {
    return !jsonFields.isEmpty() || pointerRoot != null;
  }

  boolean isEmpty() {
    return headers.isEmpty() && queryParameters.isEmpty() && !hasJsonRules();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Redaction{");
    String separator = "";
    if (!headers.isEmpty()) {
      sb.append("headers=").append(headers);
      separator = ", ";
    }
    if (!queryParameters.isEmpty()) {
      sb.append(separator).append("queryParameters=").append(queryParameters);
      separator = ", ";
    }
    if (!jsonFields.isEmpty()) {
      sb.append(separator).append("jsonFields=").append(jsonFields);
      separator = ", ";
    }
    if (!jsonPointers.isEmpty()) {
      sb.append(separator).append("jsonPointers=").append(jsonPointers);
    }
    return sb.append('}').toString();
  }

  /** Collects rules. Not thread-safe. */
  static final class Builder {
    private final Map<String, RedactionMode> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, RedactionMode> queryParameters = new LinkedHashMap<>();
    private final Map<String, RedactionMode> jsonFields = new LinkedHashMap<>();
    private final Map<String, RedactionMode> jsonPointers = new LinkedHashMap<>();

    Builder header(String name, RedactionMode mode) {
      headers.merge(name, mode, RedactionMode::stronger);
      return this;
    }

    Builder queryParameter(String name, RedactionMode mode) {
      queryParameters.merge(name, mode, RedactionMode::stronger);
      return this;
    }

    Builder jsonField(String name, RedactionMode mode) {
      jsonFields.merge(name, mode, RedactionMode::stronger);
      return this;
    }

    Builder jsonPointer(String pointer, RedactionMode mode) {
      jsonPointers.merge(pointer, mode, RedactionMode::stronger);
      return this;
    }

    Builder addAll(RedactionRules rules) {
      rules.headers.forEach(this::header);
      rules.queryParameters.forEach(this::queryParameter);
      rules.jsonFields.forEach(this::jsonField);
      rules.jsonPointers.forEach(this::jsonPointer);
      return this;
    }

    RedactionRules build() {
      return new RedactionRules(this);
    }
  }
}
