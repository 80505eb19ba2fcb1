package io.parallelrun.core.compare.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * One JSON document parsed into flat arrays, one slot per value in document order (a "tape"), with
 * a hash per value that is consistent with the comparison rules: equal values under the rules have
 * equal hashes, so unordered arrays can be matched as multisets in expected linear time.
 *
 * <p>Per slot: the kind, the slot after its subtree, the number of children, the member name (for
 * values inside an object), the text of a string or number as a range of one shared char array,
 * and the hash. Values on ignored paths are stored as {@link #IGNORED} without their contents
 * (they are still read, so the document is still checked to be valid JSON). Field names are the
 * canonical strings of the parser's symbol table: no string is made per name.
 *
 * <p>Not thread-safe; made and used by one comparison.
 */
final class JsonDoc {

  static final byte OBJECT = 1;
  static final byte ARRAY = 2;
  static final byte STRING = 3;
  static final byte NUMBER = 4;
  static final byte TRUE = 5;
  static final byte FALSE = 6;
  static final byte NULL = 7;
  static final byte IGNORED = 8;

  /** Flag: the array at this slot is compared as a multiset. */
  static final byte UNORDERED = 1;

  byte[] kind;
  byte[] flags;
  int[] end;
  int[] count;
  int[] textStart;
  int[] textLength;
  long[] hash;
  String[] name;
  char[] text;
  int size;
  private int textSize;

  private final PathRules rules;
  private final boolean nullEqualsMissing;

  private JsonDoc(int capacity, PathRules rules, boolean nullEqualsMissing) {
    this.rules = rules;
    this.nullEqualsMissing = nullEqualsMissing;
    kind = new byte[capacity];
    flags = new byte[capacity];
    end = new int[capacity];
    count = new int[capacity];
    textStart = new int[capacity];
    textLength = new int[capacity];
    hash = new long[capacity];
    name = new String[capacity];
    text = new char[Math.max(64, capacity * 4)];
  }

  /**
   * Parses one document.
   *
   * @param parser positioned before the first token; closed by the caller
   * @param sizeHint the input length, to size the arrays once
   * @throws IOException when the input is not exactly one valid JSON value
   */
  static JsonDoc parse(JsonParser parser, int sizeHint, PathRules rules, boolean nullEqualsMissing) throws IOException {
    JsonDoc doc = new JsonDoc(Math.max(16, sizeHint / 6), rules, nullEqualsMissing);
    JsonToken first = parser.nextToken();
    if (first == null) {
      throw new IOException("no JSON value");
    }
    doc.value(parser, first, rules.root());
    JsonToken after = parser.nextToken();
    if (after != null) {
      throw new IOException("content after the JSON value: " + after);
    }
    return doc;
  }

  private int slot() {
    if (size == kind.length) {
      int n = kind.length * 2;
      kind = Arrays.copyOf(kind, n);
      flags = Arrays.copyOf(flags, n);
      end = Arrays.copyOf(end, n);
      count = Arrays.copyOf(count, n);
      textStart = Arrays.copyOf(textStart, n);
      textLength = Arrays.copyOf(textLength, n);
      hash = Arrays.copyOf(hash, n);
      name = Arrays.copyOf(name, n);
    }
    return size++;
  }

  private void copyText(JsonParser p, int at) throws IOException {
    int length = p.getTextLength();
    if (textSize + length > text.length) {
      text = Arrays.copyOf(text, Math.max(text.length * 2, textSize + length));
    }
    System.arraycopy(p.getTextCharacters(), p.getTextOffset(), text, textSize, length);
    textStart[at] = textSize;
    textLength[at] = length;
    textSize += length;
  }

  private int value(JsonParser p, JsonToken token, int state) throws IOException {
    int at = slot();
    if (state != PathRules.NONE && rules.ignored(state)) {
      p.skipChildren();
      kind[at] = IGNORED;
      end[at] = at + 1;
      return at;
    }
    switch (token) {
      case START_OBJECT:
        {
          kind[at] = OBJECT;
          long h = 0;
          int n = 0;
          String field;
          while ((field = p.nextFieldName()) != null) {
            int child = value(p, p.nextToken(), rules.field(state, field));
            name[child] = field;
            n++;
            byte k = kind[child];
            if (k != IGNORED && !(k == NULL && nullEqualsMissing)) {
              h += Hashes.mix(field.hashCode() * 0x9E3779B97F4A7C15L + hash[child]);
            }
          }
          if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new IOException("unexpected token in object: " + p.currentToken());
          }
          count[at] = n;
          hash[at] = Hashes.mix(h ^ 0x0B1EC7L);
          break;
        }
      case START_ARRAY:
        {
          kind[at] = ARRAY;
          boolean unordered = state != PathRules.NONE && rules.unordered(state);
          if (unordered) {
            flags[at] = UNORDERED;
          }
          long h = 0;
          int n = 0;
          int kept = 0;
          JsonToken t;
          while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
              throw new IOException("unexpected end of input in an array");
            }
            int child = value(p, t, rules.element(state, n));
            n++;
            if (kind[child] != IGNORED) {
              kept++;
              h = unordered ? h + Hashes.mix(hash[child]) : h * 0x100000001B3L + hash[child];
            }
          }
          count[at] = n;
          hash[at] = Hashes.mix(h + kept * 0xA77AL);
          break;
        }
      case VALUE_STRING:
        kind[at] = STRING;
        copyText(p, at);
        hash[at] = Hashes.chars(text, textStart[at], textLength[at]);
        break;
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        kind[at] = NUMBER;
        copyText(p, at);
        hash[at] = JsonNumbers.hash(text, textStart[at], textLength[at]);
        break;
      case VALUE_TRUE:
        kind[at] = TRUE;
        hash[at] = 0x7E57L;
        break;
      case VALUE_FALSE:
        kind[at] = FALSE;
        hash[at] = 0xFA15EL;
        break;
      case VALUE_NULL:
        kind[at] = NULL;
        hash[at] = 0x4E11L;
        break;
      default:
        throw new IOException("unexpected token " + token);
    }
    end[at] = size;
    return at;
  }

  /** Whether the strings or numbers at two slots have the same text. */
  static boolean sameText(JsonDoc a, int i, JsonDoc b, int j) {
    int la = a.textLength[i];
    int sa = a.textStart[i];
    int sb = b.textStart[j];
    return la == b.textLength[j] && Arrays.equals(a.text, sa, sa + la, b.text, sb, sb + la);
  }
}
