package io.parallelrun.core.compare.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.MatchResult;
import java.io.IOException;
import java.util.Arrays;

/**
 * The fast path of the JSON comparison: reads both documents token by token at the same time,
 * for as long as they have the same shape (same keys in the same order, arrays of the same
 * length), without building anything. A differing scalar is recorded and the walk goes on. As
 * soon as the shapes part (keys in another order, a missing key, a container against a scalar, a
 * different length, or any difference inside an unordered array), or either side is not valid
 * JSON, it gives up, and the caller compares the whole documents on the slower path, which then
 * reports exactly what this one would have. Ignored values are read in full (so they are still
 * validated, strings included) but not compared.
 *
 * <p>Not thread-safe; one instance per comparison.
 */
final class Lockstep {

  private final JsonParser a;
  private final JsonParser b;
  private final PathRules rules;
  private final MatchResult.Builder out;
  private String[] names = new String[16];
  private int[] indices = new int[16];
  private int depth;
  private int unorderedDepth;

  private Lockstep(JsonParser a, JsonParser b, PathRules rules, MatchResult.Builder out) {
    this.a = a;
    this.b = b;
    this.rules = rules;
    this.out = out;
  }

  /**
   * Compares the documents in lockstep.
   *
   * @return the differences, or {@code null} when the shapes part or a document is not valid JSON
   */
  static MatchResult run(JsonParser legacy, JsonParser candidate, PathRules rules, int maxDifferences) {
    MatchResult.Builder out = MatchResult.builder(maxDifferences);
    Lockstep walk = new Lockstep(legacy, candidate, rules, out);
    try {
      JsonToken ta = legacy.nextToken();
      JsonToken tb = candidate.nextToken();
      if (ta == null || tb == null || !walk.value(ta, tb, rules.root())) {
        return null;
      }
      if (legacy.nextToken() != null || candidate.nextToken() != null) {
        return null;
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return out.build();
  }

  /** Reads the rest of the current value, decoding every string so that it is validated too. */
  static void skip(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      p.getTextLength();
      return;
    }
    if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
      return;
    }
    int open = 1;
    while (open > 0) {
      t = p.nextToken();
      if (t == null) {
        throw new IOException("unexpected end of input");
      }
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        open++;
      } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
        open--;
      } else if (t == JsonToken.VALUE_STRING) {
        p.getTextLength();
      }
    }
  }

  private void push(String name, int index) {
    if (depth == names.length) {
      names = Arrays.copyOf(names, depth * 2);
      indices = Arrays.copyOf(indices, depth * 2);
    }
    names[depth] = name;
    indices[depth] = index;
    depth++;
  }

  private boolean value(JsonToken ta, JsonToken tb, int state) throws IOException {
    if (ta == null || tb == null) {
      return false;
    }
    if (state != PathRules.NONE && rules.ignored(state)) {
      skip(a);
      skip(b);
      return true;
    }
    if (ta == JsonToken.START_OBJECT) {
      if (tb != JsonToken.START_OBJECT) {
        return false;
      }
      while (true) {
        String na = a.nextFieldName();
        String nb = b.nextFieldName();
        if (na == null || nb == null) {
          return na == null && nb == null && a.currentToken() == JsonToken.END_OBJECT && b.currentToken() == JsonToken.END_OBJECT;
        }
        if (!na.equals(nb)) {
          return false;
        }
        push(na, 0);
        if (!value(a.nextToken(), b.nextToken(), rules.field(state, na))) {
          return false;
        }
        depth--;
      }
    }
    if (ta == JsonToken.START_ARRAY) {
      if (tb != JsonToken.START_ARRAY) {
        return false;
      }
      boolean unordered = state != PathRules.NONE && rules.unordered(state);
      if (unordered) {
        unorderedDepth++;
      }
      for (int i = 0; ; i++) {
        JsonToken ea = a.nextToken();
        JsonToken eb = b.nextToken();
        if (ea == JsonToken.END_ARRAY || eb == JsonToken.END_ARRAY) {
          if (ea != eb) {
            return false;
          }
          break;
        }
        push(null, i);
        if (!value(ea, eb, rules.element(state, i))) {
          return false;
        }
        depth--;
      }
      if (unordered) {
        unorderedDepth--;
      }
      return true;
    }
    if (tb == JsonToken.START_OBJECT || tb == JsonToken.START_ARRAY) {
      return false;
    }
    if (sameScalar(ta, tb)) {
      return true;
    }
    if (unorderedDepth > 0) {
      return false;
    }
    difference(ta, tb);
    return true;
  }

  private boolean sameScalar(JsonToken ta, JsonToken tb) throws IOException {
    switch (ta) {
      case VALUE_STRING:
        if (tb != JsonToken.VALUE_STRING) {
          return false;
        }
        int la = a.getTextLength();
        int lb = b.getTextLength();
        int oa = a.getTextOffset();
        int ob = b.getTextOffset();
        return la == lb && Arrays.equals(a.getTextCharacters(), oa, oa + la, b.getTextCharacters(), ob, ob + lb);
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        if (tb != JsonToken.VALUE_NUMBER_INT && tb != JsonToken.VALUE_NUMBER_FLOAT) {
          return false;
        }
        return JsonNumbers.equal(
            a.getTextCharacters(), a.getTextOffset(), a.getTextLength(), b.getTextCharacters(), b.getTextOffset(), b.getTextLength());
      default:
        if (tb == JsonToken.VALUE_STRING) {
          b.getTextLength();
        }
        return ta == tb;
    }
  }

  private void difference(JsonToken ta, JsonToken tb) throws IOException {
    if (out.isFull()) {
      out.add(JsonDiff.DROPPED);
      return;
    }
    StringBuilder pointer = new StringBuilder(depth * 8);
    for (int i = 0; i < depth; i++) {
      if (names[i] != null) {
        JsonText.appendSegment(pointer, names[i]);
      } else {
        pointer.append('/').append(indices[i]);
      }
    }
    out.add(Difference.of(Difference.Axis.BODY, pointer.toString(), render(a, ta), render(b, tb)));
  }

  private static String render(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_STRING:
        return JsonText.quote(p.getText());
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return p.getText();
      case VALUE_TRUE:
        return "true";
      case VALUE_FALSE:
        return "false";
      default:
        return "null";
    }
  }
}
