package io.parallelrun.core.compare.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Ignored and unordered JSON Pointer patterns compiled into a deterministic automaton over path
 * segments, so that following a document costs one map lookup per field and no allocation.
 *
 * <p>A state stands for the set of pattern prefixes the path so far matches. State {@link #NONE}
 * matches no pattern: nothing below it is ignored or unordered, and it only leads to itself. A
 * segment {@code *} matches any one field name or array index; a literal segment matches the
 * field of that name, and an array index written the same way ({@code 0}, {@code 12}).
 *
 * <p>Immutable and thread-safe once built.
 */
public final class PathRules {

  /** The state below which no pattern applies. */
  public static final int NONE = 0;

  private static final int MAX_STATES = 100_000;

  private final boolean[] ignored;
  private final boolean[] unordered;
  private final Map<String, Integer>[] literals;
  private final int[] fallback;
  private final boolean[] numericLiterals;
  private final int root;

  private static final class Node {
    final Map<String, Node> children = new HashMap<>();
    Node wildcard;
    boolean ignored;
    boolean unordered;
    final int id;

    Node(int id) {
      this.id = id;
    }
  }

  /**
   * Compiles the patterns.
   *
   * @param ignoredPaths checked JSON Pointers, {@code *} for one segment
   * @param unorderedArrays checked JSON Pointers of arrays compared as multisets
   */
  @SuppressWarnings("unchecked")
  public PathRules(List<String> ignoredPaths, List<String> unorderedArrays) {
    List<Node> nodes = new ArrayList<>();
    Node top = new Node(0);
    nodes.add(top);
    for (String p : ignoredPaths) {
      insert(nodes, top, p).ignored = true;
    }
    for (String p : unorderedArrays) {
      insert(nodes, top, p).unordered = true;
    }
    // Subset construction; state 0 is the empty set.
    List<TreeSet<Integer>> sets = new ArrayList<>();
    Map<TreeSet<Integer>, Integer> index = new HashMap<>();
    sets.add(new TreeSet<>());
    index.put(sets.get(0), 0);
    TreeSet<Integer> start = new TreeSet<>();
    start.add(0);
    int rootState = state(start, sets, index);
    List<Map<String, Integer>> lits = new ArrayList<>();
    List<Integer> fall = new ArrayList<>();
    for (int s = 0; s < sets.size(); s++) {
      if (sets.size() > MAX_STATES) {
        throw new IllegalArgumentException("too many overlapping JSON Pointer patterns to compile");
      }
      TreeSet<Integer> set = sets.get(s);
      TreeSet<Integer> wild = new TreeSet<>();
      java.util.Set<String> keys = new java.util.HashSet<>();
      for (int id : set) {
        Node n = nodes.get(id);
        if (n.wildcard != null) {
          wild.add(n.wildcard.id);
        }
        keys.addAll(n.children.keySet());
      }
      Map<String, Integer> byName = new HashMap<>();
      for (String key : keys) {
        TreeSet<Integer> target = new TreeSet<>(wild);
        for (int id : set) {
          Node child = nodes.get(id).children.get(key);
          if (child != null) {
            target.add(child.id);
          }
        }
        byName.put(key, state(target, sets, index));
      }
      lits.add(byName);
      fall.add(state(wild, sets, index));
    }
    int count = sets.size();
    ignored = new boolean[count];
    unordered = new boolean[count];
    literals = lits.toArray(new Map[0]);
    fallback = new int[count];
    numericLiterals = new boolean[count];
    for (int s = 0; s < count; s++) {
      for (int id : sets.get(s)) {
        ignored[s] |= nodes.get(id).ignored;
        unordered[s] |= nodes.get(id).unordered;
      }
      fallback[s] = fall.get(s);
      for (String key : literals[s].keySet()) {
        numericLiterals[s] |= isIndex(key);
      }
    }
    root = rootState;
  }

  private static int state(TreeSet<Integer> set, List<TreeSet<Integer>> sets, Map<TreeSet<Integer>, Integer> index) {
    Integer s = index.get(set);
    if (s == null) {
      s = sets.size();
      sets.add(set);
      index.put(set, s);
    }
    return s;
  }

  private static Node insert(List<Node> nodes, Node top, String pointer) {
    Node n = top;
    if (pointer.isEmpty()) {
      return n;
    }
    for (String segment : pointer.substring(1).split("/", -1)) {
      if (segment.equals("*")) {
        if (n.wildcard == null) {
          n.wildcard = new Node(nodes.size());
          nodes.add(n.wildcard);
        }
        n = n.wildcard;
      } else {
        String name = segment.replace("~1", "/").replace("~0", "~");
        Node child = n.children.get(name);
        if (child == null) {
          child = new Node(nodes.size());
          nodes.add(child);
          n.children.put(name, child);
        }
        n = child;
      }
    }
    return n;
  }

  private static boolean isIndex(String key) {
    if (key.isEmpty() || (key.length() > 1 && key.charAt(0) == '0')) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) < '0' || key.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Whether no pattern exists at all. */
  public boolean isEmpty() {
    return root == NONE;
  }

  /** The state of the document root. */
  public int root() {
    return root;
  }

  /** Whether the value at a path in this state is ignored. */
  public boolean ignored(int state) {
    return ignored[state];
  }

  /** Whether the array at a path in this state is compared as a multiset. */
  public boolean unordered(int state) {
    return unordered[state];
  }

  /** The state of a field of an object whose path is in {@code state}. */
  public int field(int state, String name) {
    if (state == NONE) {
      return NONE;
    }
    Integer next = literals[state].get(name);
    return next != null ? next : fallback[state];
  }

  /** The state of an element of an array whose path is in {@code state}. */
  public int element(int state, int index) {
    if (state == NONE) {
      return NONE;
    }
    if (numericLiterals[state]) {
      Integer next = literals[state].get(Integer.toString(index));
      if (next != null) {
        return next;
      }
    }
    return fallback[state];
  }
}
