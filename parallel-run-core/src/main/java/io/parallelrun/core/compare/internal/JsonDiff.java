package io.parallelrun.core.compare.internal;

import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.MatchResult;
import java.util.Arrays;
import java.util.Objects;

/**
 * Compares two {@link JsonDoc}s under the rules they were parsed with and reports differences as
 * JSON Pointers into the legacy document (into the candidate's for values only it has).
 *
 * <p>One walk serves both purposes: with {@code report} set it records every difference (and
 * counts those beyond the result's bound); without, it answers only whether two values are equal
 * and stops at the first difference, which is how elements of unordered arrays are matched.
 *
 * <p>Objects: members are paired by name (the k-th occurrence of a name with the k-th, should a
 * document repeat a name); while both sides list the same names in the same order no lookup is
 * made. Unordered arrays: elements are paired first in place while they agree, then by their rule-aware hash
 * through a hash table, each candidate pair confirmed by a full comparison; what is left unpaired
 * is paired by similarity (small remainders) or in order, and compared for its differences, and
 * the rest is reported as missing or extra.
 *
 * <p>Not thread-safe; one instance per comparison.
 */
final class JsonDiff {

  static final Difference DROPPED = Difference.of(Difference.Axis.BODY, "", null, null);
  private static final int SIMILARITY_PAIRS = 256;
  private static final int SIMILARITY_MEMBERS = 32;

  private final JsonDoc l;
  private final JsonDoc r;
  private final boolean nullEqualsMissing;
  private final MatchResult.Builder out;
  private String[] names = new String[16];
  private int[] indices = new int[16];
  private int depth;

  JsonDiff(JsonDoc legacy, JsonDoc candidate, boolean nullEqualsMissing, MatchResult.Builder out) {
    this.l = legacy;
    this.r = candidate;
    this.nullEqualsMissing = nullEqualsMissing;
    this.out = out;
  }

  /** Reports every difference between the two roots. */
  void run() {
    walk(0, 0, true);
  }

  // ---- path

  private void push(String name, int index) {
    if (depth == names.length) {
      names = Arrays.copyOf(names, depth * 2);
      indices = Arrays.copyOf(indices, depth * 2);
    }
    names[depth] = name;
    indices[depth] = index;
    depth++;
  }

  private void pop() {
    depth--;
  }

  private String pointer() {
    StringBuilder sb = new StringBuilder(depth * 8);
    for (int i = 0; i < depth; i++) {
      if (names[i] != null) {
        JsonText.appendSegment(sb, names[i]);
      } else {
        sb.append('/').append(indices[i]);
      }
    }
    return sb.toString();
  }

  /** Records a difference at the current path; {@code -1} for a side that has nothing there. */
  private void difference(int a, int b) {
    if (out.isFull()) {
      out.add(DROPPED);
      return;
    }
    out.add(
        Difference.of(
            Difference.Axis.BODY,
            pointer(),
            a < 0 ? null : JsonText.render(l, a),
            b < 0 ? null : JsonText.render(r, b)));
  }

  // ---- values

  private boolean walk(int a, int b, boolean report) {
    byte ka = l.kind[a];
    byte kb = r.kind[b];
    if (ka == JsonDoc.IGNORED || kb == JsonDoc.IGNORED) {
      return true;
    }
    if (ka != kb || (!report && l.hash[a] != r.hash[b])) {
      if (report) {
        difference(a, b);
      }
      return false;
    }
    boolean equal;
    switch (ka) {
      case JsonDoc.OBJECT:
        return objects(a, b, report);
      case JsonDoc.ARRAY:
        return (l.flags[a] & r.flags[b] & JsonDoc.UNORDERED) != 0 ? unordered(a, b, report) : ordered(a, b, report);
      case JsonDoc.STRING:
        equal = JsonDoc.sameText(l, a, r, b);
        break;
      case JsonDoc.NUMBER:
        equal =
            JsonNumbers.equal(l.text, l.aux[a], l.textLength[a], r.text, r.aux[b], r.textLength[b]);
        break;
      default:
        equal = true;
    }
    if (!equal && report) {
      difference(a, b);
    }
    return equal;
  }

  /**
   * Whether two elements of unordered arrays whose hashes agree are equal. Elements written alike
   * (see {@link #sameLayout}) are confirmed in one loop over their slots; others are walked.
   */
  private boolean equal(int a, int b) {
    return sameLayout(a, b) || walk(a, b, false);
  }

  /**
   * Whether two subtrees are written alike: slot for slot the same kind, extent, member name and
   * text length, and the same text. Each slot then pairs with its counterpart as {@link #walk}
   * would pair it, so the subtrees are equal; the converse does not hold (keys in another order,
   * numbers written differently, an unordered array in another order, a member on an ignored path
   * on one side only), which is why a {@code false} here is only a reason to walk. One pass over
   * the slots and one comparison of the text: a subtree's strings and numbers lie one after the
   * other in {@link JsonDoc#text}.
   */
  private boolean sameLayout(int a, int b) {
    int n = l.end[a] - a;
    if (r.end[b] - b != n) {
      return false;
    }
    int textA = -1;
    int textB = -1;
    int textLength = 0;
    for (int i = 0; i < n; i++) {
      int x = a + i;
      int y = b + i;
      byte k = l.kind[x];
      if (k != r.kind[y] || l.end[x] - a != r.end[y] - b || (i > 0 && !Objects.equals(l.name[x], r.name[y]))) {
        return false;
      }
      if (k == JsonDoc.STRING || k == JsonDoc.NUMBER) {
        if (l.textLength[x] != r.textLength[y]) {
          return false;
        }
        if (textA < 0) {
          textA = l.aux[x];
          textB = r.aux[y];
        }
        textLength += l.textLength[x];
      }
    }
    return textLength == 0 || Arrays.equals(l.text, textA, textA + textLength, r.text, textB, textB + textLength);
  }

  /** Whether a member present on one side only counts as no difference. */
  private boolean absentIsFine(JsonDoc doc, int member) {
    byte k = doc.kind[member];
    return k == JsonDoc.IGNORED || (k == JsonDoc.NULL && nullEqualsMissing);
  }

  private boolean objects(int a, int b, boolean report) {
    int ca = a + 1;
    int cb = b + 1;
    int endA = l.end[a];
    int endB = r.end[b];
    boolean equal = true;
    while (ca < endA && cb < endB && l.name[ca].equals(r.name[cb])) {
      if (report) {
        push(l.name[ca], 0);
        equal &= walk(ca, cb, true);
        pop();
      } else if (!walk(ca, cb, false)) {
        return false;
      }
      ca = l.end[ca];
      cb = r.end[cb];
    }
    if (ca == endA && cb == endB) {
      return equal;
    }
    int m = 0;
    for (int c = cb; c < endB; c = r.end[c]) {
      m++;
    }
    int[] rest = new int[m];
    m = 0;
    for (int c = cb; c < endB; c = r.end[c]) {
      rest[m++] = c;
    }
    boolean[] used = new boolean[m];
    NameIndex index = m > 16 ? new NameIndex(r, rest) : null;
    for (int c = ca; c < endA; c = l.end[c]) {
      String field = l.name[c];
      int k = index != null ? index.find(field, used) : scan(field, rest, used);
      if (k >= 0) {
        used[k] = true;
        if (report) {
          push(field, 0);
          equal &= walk(c, rest[k], true);
          pop();
        } else if (!walk(c, rest[k], false)) {
          return false;
        }
      } else if (!absentIsFine(l, c)) {
        if (!report) {
          return false;
        }
        equal = false;
        push(field, 0);
        difference(c, -1);
        pop();
      }
    }
    for (int k = 0; k < m; k++) {
      if (!used[k] && !absentIsFine(r, rest[k])) {
        if (!report) {
          return false;
        }
        equal = false;
        push(r.name[rest[k]], 0);
        difference(-1, rest[k]);
        pop();
      }
    }
    return equal;
  }

  private int scan(String field, int[] rest, boolean[] used) {
    // names read by one thread are mostly the same string objects (see NameTable)
    for (int k = 0; k < rest.length; k++) {
      if (!used[k] && r.name[rest[k]] == field) {
        return k;
      }
    }
    int h = field.hashCode();
    for (int k = 0; k < rest.length; k++) {
      String other = r.name[rest[k]];
      if (!used[k] && other.hashCode() == h && other.equals(field)) {
        return k;
      }
    }
    return -1;
  }

  /**
   * Open-addressing index of member names, one list per distinct name in document order, so that
   * repeated names are paired in order and each lookup costs O(1) amortised, however often a
   * document repeats a name.
   */
  private static final class NameIndex {
    private final String[] keys;
    private final int[] heads;
    private final int[] next;
    private final int mask;

    NameIndex(JsonDoc doc, int[] members) {
      int capacity = Integer.highestOneBit(members.length * 2 - 1) << 1;
      keys = new String[capacity];
      heads = new int[capacity];
      next = new int[members.length];
      mask = capacity - 1;
      for (int k = members.length - 1; k >= 0; k--) {
        String name = doc.name[members[k]];
        int s = spread(name.hashCode()) & mask;
        while (keys[s] != null && !keys[s].equals(name)) {
          s = (s + 1) & mask;
        }
        if (keys[s] == null) {
          keys[s] = name;
          next[k] = -1;
        } else {
          next[k] = heads[s];
        }
        heads[s] = k;
      }
    }

    private static int spread(int h) {
      h *= 0x9E3779B9;
      return h ^ (h >>> 16);
    }

    /** The first unused member of this name, or -1. */
    int find(String field, boolean[] used) {
      int s = spread(field.hashCode()) & mask;
      while (keys[s] != null) {
        if (keys[s].equals(field)) {
          int k = heads[s];
          while (k >= 0 && used[k]) {
            k = next[k];
          }
          heads[s] = k;
          return k;
        }
        s = (s + 1) & mask;
      }
      return -1;
    }
  }

  private boolean ordered(int a, int b, boolean report) {
    int ca = a + 1;
    int cb = b + 1;
    int endA = l.end[a];
    int endB = r.end[b];
    int i = 0;
    boolean equal = true;
    for (; ca < endA && cb < endB; i++) {
      if (report) {
        push(null, i);
        equal &= walk(ca, cb, true);
        pop();
      } else if (!walk(ca, cb, false)) {
        return false;
      }
      ca = l.end[ca];
      cb = r.end[cb];
    }
    for (int k = i; ca < endA; ca = l.end[ca], k++) {
      if (l.kind[ca] != JsonDoc.IGNORED) {
        if (!report) {
          return false;
        }
        equal = false;
        push(null, k);
        difference(ca, -1);
        pop();
      }
    }
    for (int k = i; cb < endB; cb = r.end[cb], k++) {
      if (r.kind[cb] != JsonDoc.IGNORED) {
        if (!report) {
          return false;
        }
        equal = false;
        push(null, k);
        difference(-1, cb);
        pop();
      }
    }
    return equal;
  }

  private boolean unordered(int a, int b, boolean report) {
    int[] ls = elements(l, a);
    int[] rs = elements(r, b);
    int n = ls.length / 2;
    int m = rs.length / 2;
    if (!report && n != m) {
      return false;
    }
    boolean[] lUsed = new boolean[n];
    boolean[] rUsed = new boolean[m];
    int paired = 0;
    for (int k = 0; k < n && k < m; k++) {
      int x = ls[2 * k];
      int y = rs[2 * k];
      if (l.hash[x] != r.hash[y] || !equal(x, y)) {
        break;
      }
      lUsed[k] = true;
      rUsed[k] = true;
      paired++;
    }
    if (paired < n && paired < m) {
      HashIndex index = new HashIndex(r, rs, rUsed);
      for (int k = 0; k < n; k++) {
        if (!lUsed[k]) {
          int found = index.take(ls[2 * k], this);
          if (found >= 0) {
            lUsed[k] = true;
            rUsed[found] = true;
            paired++;
          } else if (!report) {
            return false;
          }
        }
      }
    }
    if (paired == n && paired == m) {
      return true;
    }
    if (!report) {
      return false;
    }
    reportRemainder(ls, lUsed, n - paired, rs, rUsed, m - paired);
    return false;
  }

  /** Slots and original indices, interleaved, of the elements that are not ignored. */
  private static int[] elements(JsonDoc doc, int array) {
    int[] result = new int[2 * doc.aux[array]];
    int n = 0;
    int i = 0;
    for (int c = array + 1; c < doc.end[array]; c = doc.end[c], i++) {
      if (doc.kind[c] != JsonDoc.IGNORED) {
        result[n++] = c;
        result[n++] = i;
      }
    }
    return n == result.length ? result : Arrays.copyOf(result, n);
  }

  /** Candidate elements by hash; each bucket a list in document order. */
  private static final class HashIndex {
    private final long[] keys;
    private final int[] heads;
    private final int[] next;
    private final int mask;
    private final int[] elements;
    private final boolean[] used;

    HashIndex(JsonDoc doc, int[] elements, boolean[] used) {
      this.elements = elements;
      this.used = used;
      int m = used.length;
      int capacity = Integer.highestOneBit(Math.max(1, m * 2 - 1)) << 1;
      keys = new long[capacity];
      heads = new int[capacity];
      Arrays.fill(heads, -1);
      next = new int[m];
      mask = capacity - 1;
      for (int k = m - 1; k >= 0; k--) {
        if (used[k]) {
          continue;
        }
        long h = doc.hash[elements[2 * k]];
        int s = (int) h & mask;
        while (heads[s] >= 0 && keys[s] != h) {
          s = (s + 1) & mask;
        }
        keys[s] = h;
        next[k] = heads[s];
        heads[s] = k;
      }
    }

    /** Takes the first unused candidate element equal to the legacy slot, or returns -1. */
    int take(int legacySlot, JsonDiff diff) {
      long h = diff.l.hash[legacySlot];
      int s = (int) h & mask;
      while (heads[s] >= 0) {
        if (keys[s] == h) {
          while (heads[s] >= 0 && used[heads[s]]) {
            heads[s] = next[heads[s]];
          }
          for (int k = heads[s]; k >= 0; k = next[k]) {
            if (!used[k] && diff.equal(legacySlot, elements[2 * k])) {
              return k;
            }
          }
          return -1;
        }
        s = (s + 1) & mask;
      }
      return -1;
    }
  }

  private void reportRemainder(int[] ls, boolean[] lUsed, int lLeft, int[] rs, boolean[] rUsed, int rLeft) {
    int[] lRest = remaining(ls, lUsed, lLeft);
    int[] rRest = remaining(rs, rUsed, rLeft);
    int[] pairOf = new int[lLeft];
    Arrays.fill(pairOf, -1);
    boolean[] rTaken = new boolean[rLeft];
    if ((long) lLeft * rLeft <= SIMILARITY_PAIRS) {
      int[][] score = new int[lLeft][rLeft];
      for (int i = 0; i < lLeft; i++) {
        for (int j = 0; j < rLeft; j++) {
          score[i][j] = similarity(ls[2 * lRest[i]], rs[2 * rRest[j]]);
        }
      }
      for (int round = Math.min(lLeft, rLeft); round > 0; round--) {
        int bi = -1;
        int bj = -1;
        for (int i = 0; i < lLeft; i++) {
          if (pairOf[i] >= 0) {
            continue;
          }
          for (int j = 0; j < rLeft; j++) {
            if (!rTaken[j] && (bi < 0 || score[i][j] > score[bi][bj])) {
              bi = i;
              bj = j;
            }
          }
        }
        pairOf[bi] = bj;
        rTaken[bj] = true;
      }
    } else {
      for (int i = 0; i < Math.min(lLeft, rLeft); i++) {
        pairOf[i] = i;
        rTaken[i] = true;
      }
    }
    for (int i = 0; i < lLeft; i++) {
      int x = lRest[i];
      push(null, ls[2 * x + 1]);
      if (pairOf[i] >= 0) {
        walk(ls[2 * x], rs[2 * rRest[pairOf[i]]], true);
      } else {
        difference(ls[2 * x], -1);
      }
      pop();
    }
    for (int j = 0; j < rLeft; j++) {
      if (!rTaken[j]) {
        int y = rRest[j];
        push(null, rs[2 * y + 1]);
        difference(-1, rs[2 * y]);
        pop();
      }
    }
  }

  private static int[] remaining(int[] elements, boolean[] used, int count) {
    int[] rest = new int[count];
    int n = 0;
    for (int k = 0; k < used.length; k++) {
      if (!used[k]) {
        rest[n++] = k;
      }
    }
    return rest;
  }

  /** How alike two unpaired elements are: same kind, then members with equal name and value hash. */
  private int similarity(int a, int b) {
    if (l.kind[a] != r.kind[b]) {
      return 0;
    }
    int score = 1;
    if (l.kind[a] == JsonDoc.OBJECT) {
      // Only the first members count, which keeps this quadratic step small for wide objects.
      int seenA = 0;
      for (int ca = a + 1; ca < l.end[a] && seenA < SIMILARITY_MEMBERS; ca = l.end[ca], seenA++) {
        int seenB = 0;
        for (int cb = b + 1; cb < r.end[b] && seenB < SIMILARITY_MEMBERS; cb = r.end[cb], seenB++) {
          if (l.hash[ca] == r.hash[cb] && l.name[ca].equals(r.name[cb])) {
            score += 2;
            break;
          }
        }
      }
    }
    return score;
  }
}
