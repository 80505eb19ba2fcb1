package io.parallelrun.core.operation;

import java.util.Map;

/**
 * An immutable open-addressing hash table from literal path segments to trie nodes, looked up by a
 * region of a path string so that matching needs no substring.
 *
 * <p>The hash of a region is computed exactly like {@link String#hashCode()} of the same
 * characters, so keys are stored with their own hash code.
 */
final class LiteralTable {

  private final String[] keys;
  private final RouteNode[] values;
  private final int mask;

  LiteralTable(Map<String, RouteNode> entries) {
    int capacity = Integer.highestOneBit(Math.max(2, entries.size() * 2 - 1)) << 1;
    keys = new String[capacity];
    values = new RouteNode[capacity];
    mask = capacity - 1;
    entries.forEach(
        (key, value) -> {
          int i = spread(key.hashCode()) & mask;
          while (keys[i] != null) {
            i = (i + 1) & mask;
          }
          keys[i] = key;
          values[i] = value;
        });
  }

  /** The node stored for the characters {@code s[from, to)}, or {@code null}. */
  RouteNode get(String s, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + s.charAt(i);
    }
    int length = to - from;
    int i = spread(h) & mask;
    while (true) {
      String key = keys[i];
      if (key == null) {
        return null;
      }
      if (key.length() == length && s.regionMatches(from, key, 0, length)) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }
}
