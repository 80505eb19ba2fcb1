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
 * <p>Not thread-safe: used by one comparison at a time, and reused by its thread afterwards.
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
  /** Number of children of an object or array; start of the text of a string or number. */
  int[] aux;
  int[] textLength;
  /** Rule-aware hashes, kept only for values inside unordered arrays (else 0), and only when any array is unordered. */
  long[] hash;
  String[] name;
  char[] text;
  int size;
  private int textSize;

  private PathRules rules;
  private boolean nullEqualsMissing;

  /** Largest buffers kept for reuse by a thread: about 1 MiB for the two documents of a comparison. */
  private static final int MAX_CACHED_SLOTS = 1 << 14;
  private static final int MAX_CACHED_TEXT = 1 << 16;

  /**
   * Up to two documents per thread, reused so that comparing does not allocate and zero fresh
   * arrays each time. A document is taken out while in use, so a nested comparison on the same
   * thread gets fresh ones; documents grown beyond the caps above are not kept.
   */
  private static final ThreadLocal<JsonDoc[]> CACHE = ThreadLocal.withInitial(() -> new JsonDoc[2]);

  private JsonDoc(int capacity, int textCapacity) {
    kind = new byte[capacity];
    flags = new byte[capacity];
    end = new int[capacity];
    aux = new int[capacity];
    textLength = new int[capacity];
    name = new String[capacity];
    text = new char[textCapacity];
  }

  /** A document to read into: one this thread used before, or a new one. */
  static JsonDoc borrow() {
    JsonDoc[] cached = CACHE.get();
    for (int i = 0; i < cached.length; i++) {
      JsonDoc doc = cached[i];
      if (doc != null) {
        cached[i] = null;
        return doc;
      }
    }
    return new JsonDoc(256, 1024);
  }

  /** Gives a document back for reuse by this thread; it must not be used afterwards. */
  static void release(JsonDoc doc) {
    if (doc == null || doc.kind.length > MAX_CACHED_SLOTS || doc.text.length > MAX_CACHED_TEXT) {
      return;
    }
    doc.rules = null;
    JsonDoc[] cached = CACHE.get();
    for (int i = 0; i < cached.length; i++) {
      if (cached[i] == null) {
        cached[i] = doc;
        return;
      }
    }
  }

  /**
   * Reads one document into this one, replacing what it held.
   *
   * @param parser positioned before the first token; closed by the caller
   * @param sizeHint the input length, to size the arrays once
   * @throws IOException when the input is not exactly one valid JSON value
   */
  void read(JsonParser parser, int sizeHint, PathRules rules, boolean nullEqualsMissing) throws IOException {
    this.rules = rules;
    this.nullEqualsMissing = nullEqualsMissing;
    size = 0;
    textSize = 0;
    int slots = Math.max(16, sizeHint / 8);
    if (kind.length < slots) {
      kind = new byte[slots];
      flags = new byte[slots];
      end = new int[slots];
      aux = new int[slots];
      textLength = new int[slots];
      name = new String[slots];
    }
    if (rules.hasUnordered() && (hash == null || hash.length < kind.length)) {
      hash = new long[kind.length];
    }
    if (text.length < sizeHint / 2) {
      text = new char[Math.max(64, sizeHint / 2)];
    }
    JsonToken first = parser.nextToken();
    if (first == null) {
      throw new IOException("no JSON value");
    }
    value(parser, first, rules.root(), false);
    JsonToken after = parser.nextToken();
    if (after != null) {
      throw new IOException("content after the JSON value: " + after);
    }
  }

  private int slot() {
    if (size == kind.length) {
      int n = kind.length * 2;
      kind = Arrays.copyOf(kind, n);
      flags = Arrays.copyOf(flags, n);
      end = Arrays.copyOf(end, n);
      aux = Arrays.copyOf(aux, n);
      textLength = Arrays.copyOf(textLength, n);
      if (hash != null) {
        hash = Arrays.copyOf(hash, n);
      }
      name = Arrays.copyOf(name, n);
    }
    flags[size] = 0;
    return size++;
  }

  private void copyText(JsonParser p, int at) throws IOException {
    char[] source = p.getTextCharacters();
    int length = p.getTextLength();
    if (textSize + length > text.length) {
      text = Arrays.copyOf(text, Math.max(text.length * 2, textSize + length));
    }
    System.arraycopy(source, p.getTextOffset(), text, textSize, length);
    aux[at] = textSize;
    textLength[at] = length;
    textSize += length;
  }

  /**
   * Reads one value into the slots from {@code size} on.
   *
   * @param hashing whether this value's hash is needed: it is inside an unordered array
   */
  private int value(JsonParser p, JsonToken token, int state, boolean hashing) throws IOException {
    int at = slot();
    if (state != PathRules.NONE && rules.ignored(state)) {
      Lockstep.skip(p);
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
            int child = value(p, p.nextToken(), rules.field(state, field), hashing);
            name[child] = field;
            n++;
            byte k = kind[child];
            if (hashing && k != IGNORED && !(k == NULL && nullEqualsMissing)) {
              h += Hashes.mix(field.hashCode() * 0x9E3779B97F4A7C15L + hash[child]);
            }
          }
          if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new IOException("unexpected token in object: " + p.currentToken());
          }
          aux[at] = n;
          if (hashing) {
            hash[at] = Hashes.mix(h ^ 0x0B1EC7L);
          }
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
            int child = value(p, t, rules.element(state, n), hashing || unordered);
            n++;
            if (hashing && kind[child] != IGNORED) {
              kept++;
              h = unordered ? h + Hashes.mix(hash[child]) : h * 0x100000001B3L + hash[child];
            }
          }
          aux[at] = n;
          if (hashing) {
            hash[at] = Hashes.mix(h + kept * 0xA77AL);
          }
          break;
        }
      case VALUE_STRING:
        kind[at] = STRING;
        copyText(p, at);
        if (hashing) {
          hash[at] = Hashes.chars(text, aux[at], textLength[at]);
        }
        break;
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        kind[at] = NUMBER;
        copyText(p, at);
        if (hashing) {
          hash[at] = JsonNumbers.hash(text, aux[at], textLength[at]);
        }
        break;
      case VALUE_TRUE:
        kind[at] = TRUE;
        if (hashing) {
          hash[at] = 0x7E57L;
        }
        break;
      case VALUE_FALSE:
        kind[at] = FALSE;
        if (hashing) {
          hash[at] = 0xFA15EL;
        }
        break;
      case VALUE_NULL:
        kind[at] = NULL;
        if (hashing) {
          hash[at] = 0x4E11L;
        }
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
    int sa = a.aux[i];
    int sb = b.aux[j];
    return la == b.textLength[j] && Arrays.equals(a.text, sa, sa + la, b.text, sb, sb + la);
  }
}
