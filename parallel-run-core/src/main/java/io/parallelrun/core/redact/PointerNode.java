package io.parallelrun.core.redact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trie of JSON Pointers whose segments may be {@code *} (any one key or array index). Built and
 * filled once inside {@link RedactionRules}'s constructor, read-only afterwards.
 */
final class PointerNode {

  static final PointerNode[] NONE = new PointerNode[0];

  private final Map<String, PointerNode> children = new HashMap<>();
  private PointerNode wildcard;
  /** The mode of the pointers that end here, or {@code null}. */
  private RedactionMode mode;

  void add(List<String> segments, RedactionMode added) {
    PointerNode node = this;
    for (String segment : segments) {
      if (segment == null) {
        if (node.wildcard == null) {
          node.wildcard = new PointerNode();
        }
        node = node.wildcard;
      } else {
        node = node.children.computeIfAbsent(segment, s -> new PointerNode());
      }
    }
    node.mode = RedactionMode.stronger(node.mode, added);
  }

  /** The nodes reached from any of {@code parents} by the object key or array index {@code key}. */
  static PointerNode[] children(PointerNode[] parents, String key) {
    PointerNode[] out = NONE;
    int size = 0;
    for (PointerNode parent : parents) {
      PointerNode literal = parent.children.isEmpty() ? null : parent.children.get(key);
      if (literal != null || parent.wildcard != null) {
        if (out.length < size + 2) {
          out = Arrays.copyOf(out, Math.max(4, 2 * (size + 2)));
        }
        if (literal != null) {
          out[size++] = literal;
        }
        if (parent.wildcard != null) {
          out[size++] = parent.wildcard;
        }
      }
    }
    return size == out.length ? out : Arrays.copyOf(out, size);
  }

  /** The nodes reached from any of {@code parents} by the array index {@code index}. */
  static PointerNode[] children(PointerNode[] parents, int index) {
    if (parents.length == 0) {
      return NONE;
    }
    String key = null;
    for (PointerNode parent : parents) {
      if (!parent.children.isEmpty()) {
        key = Integer.toString(index);
        break;
      }
    }
    // Without literal children only wildcards can match, whatever the key.
    return children(parents, key == null ? "*" : key);
  }

  /** The strongest mode among the nodes, or {@code null} when none ends a pointer. */
  static RedactionMode mode(PointerNode[] nodes) {
    RedactionMode strongest = null;
    for (PointerNode node : nodes) {
      strongest = RedactionMode.stronger(strongest, node.mode);
    }
    return strongest;
  }

  /**
   * Parses a JSON Pointer (RFC 6901) into unescaped segments, {@code null} standing for a {@code *}
   * segment.
   *
   * @throws IllegalArgumentException naming the problem
   */
  static List<String> parse(String pointer) {
    if (pointer == null) {
      throw new IllegalArgumentException("a JSON Pointer must not be null");
    }
    if (pointer.isEmpty()) {
      throw new IllegalArgumentException(
          "JSON Pointer '' points at the whole body, which a redaction cannot replace; name a field such as '/email'");
    }
    if (pointer.charAt(0) != '/') {
      throw new IllegalArgumentException("JSON Pointer '" + pointer + "' must start with '/'");
    }
    List<String> segments = new ArrayList<>();
    StringBuilder segment = new StringBuilder();
    for (int i = 1; i <= pointer.length(); i++) {
      char c = i < pointer.length() ? pointer.charAt(i) : '/';
      if (c == '/') {
        String text = segment.toString();
        segments.add(text.equals("*") ? null : text);
        segment.setLength(0);
      } else if (c == '~') {
        char next = i + 1 < pointer.length() ? pointer.charAt(i + 1) : 0;
        if (next == '0') {
          segment.append('~');
        } else if (next == '1') {
          segment.append('/');
        } else {
          throw new IllegalArgumentException(
              "JSON Pointer '" + pointer + "' has '~' at offset " + i + " not followed by 0 or 1 (write ~0 for '~' and ~1 for '/')");
        }
        i++;
      } else {
        segment.append(c);
      }
    }
    return segments;
  }
}
