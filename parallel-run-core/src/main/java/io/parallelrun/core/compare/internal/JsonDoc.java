package io.parallelrun.core.compare.internal;

import io.parallelrun.core.wire.internal.JsonStrings;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One JSON document parsed into flat arrays, one slot per value in document order (a "tape"), with
 * a hash per value that is consistent with the comparison rules: equal values under the rules have
 * equal hashes, so unordered arrays can be matched as multisets in expected linear time.
 *
 * <p>Per slot: the kind, the slot after its subtree, the number of children, the member name (for
 * values inside an object), the text of a string or number as a range of one shared char array,
 * and the hash. Values on ignored paths are stored as {@link #IGNORED} without their contents
 * (they are still read, so the document is still checked to be valid JSON). Field names come from
 * a per-thread {@link NameTable}: a name seen before makes no new string.
 *
 * <p>Documents are read straight from UTF-8 bytes by a strict RFC 8259 reader (the grammar, with
 * the same limits as Jackson's parser where the RFC leaves them open: nesting depth, no comments,
 * no trailing commas), which costs less than a general-purpose streaming parser because it writes
 * each value into the tape as it is read.
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

  /** The deepest nesting of objects and arrays read; deeper input is refused, as Jackson does. */
  static final int MAX_DEPTH = 1000;

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final byte[] TRUE_BYTES = "true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE_BYTES = "false".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL_BYTES = "null".getBytes(StandardCharsets.US_ASCII);

  private PathRules rules;
  private boolean nullEqualsMissing;

  // while reading: the input, the next byte, the end, and the nesting depth
  private byte[] in;
  private int pos;
  private int limit;
  private int depth;
  private NameTable names;

  /**
   * Largest buffers kept for reuse by a thread, enough for documents of 128 KiB: about 1.4 MiB for
   * the two documents of a comparison.
   */
  private static final int MAX_CACHED_SLOTS = 1 << 14;
  private static final int MAX_CACHED_TEXT = 1 << 17;

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
   * Reads one document from UTF-8 bytes into this one, replacing what it held. The input must be
   * exactly one JSON value (RFC 8259) with optional white space around it, after an optional byte
   * order mark; strings must be valid UTF-8 (shortest form, no encoded surrogates), and objects
   * and arrays nest at most {@link #MAX_DEPTH} deep.
   *
   * @throws IOException when it is not, saying what is wrong and at which byte
   */
  void read(byte[] input, PathRules rules, boolean nullEqualsMissing) throws IOException {
    this.rules = rules;
    this.nullEqualsMissing = nullEqualsMissing;
    size = 0;
    textSize = 0;
    depth = 0;
    int slots = Math.max(16, input.length / 8);
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
    if (text.length < input.length) {
      // every char read takes at least one byte of input, so the text never outgrows this
      text = new char[Math.max(64, input.length)];
    }
    in = input;
    limit = input.length;
    names = NameTable.forThisThread();
    pos = input.length >= 3 && input[0] == (byte) 0xEF && input[1] == (byte) 0xBB && input[2] == (byte) 0xBF ? 3 : 0;
    try {
      int c = skipSpace();
      if (c < 0) {
        throw error("no JSON value");
      }
      value(c, rules.root(), false);
      if (skipSpace() >= 0) {
        throw error("content after the JSON value");
      }
    } finally {
      in = null;
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
    name[size] = null;
    return size++;
  }

  /**
   * Reads one value, which starts with byte {@code c} at {@code pos}, into the slots from {@code
   * size} on. An ignored value is read in full, so that it is validated, and then dropped.
   *
   * @param hashing whether this value's hash is needed: it is inside an unordered array
   */
  private int value(int c, int state, boolean hashing) throws IOException {
    int at = slot();
    int textMark = textSize;
    boolean ignored = state != PathRules.NONE && rules.ignored(state);
    if (ignored) {
      state = PathRules.NONE;
      hashing = false;
    }
    switch (c) {
      case '{':
        {
          kind[at] = OBJECT;
          enter();
          long h = 0;
          int n = 0;
          int d = skipSpace();
          if (d == '}') {
            pos++;
          } else {
            while (true) {
              if (d != '"') {
                throw error("expected a field name");
              }
              pos++;
              String field = name();
              if (skipSpace() != ':') {
                throw error("expected ':'");
              }
              pos++;
              int child = value(skipSpace(), rules.field(state, field), hashing);
              name[child] = field;
              n++;
              byte k = kind[child];
              if (hashing && k != IGNORED && !(k == NULL && nullEqualsMissing)) {
                h += Hashes.mix(field.hashCode() * 0x9E3779B97F4A7C15L + hash[child]);
              }
              if (!more('}')) {
                break;
              }
              d = skipSpace();
            }
          }
          depth--;
          aux[at] = n;
          if (hashing) {
            hash[at] = Hashes.mix(h ^ 0x0B1EC7L);
          }
          break;
        }
      case '[':
        {
          kind[at] = ARRAY;
          enter();
          boolean unordered = state != PathRules.NONE && rules.unordered(state);
          if (unordered) {
            flags[at] = UNORDERED;
          }
          long h = 0;
          int n = 0;
          int kept = 0;
          int d = skipSpace();
          if (d == ']') {
            pos++;
          } else {
            while (true) {
              int child = value(d, rules.element(state, n), hashing || unordered);
              n++;
              if (hashing && kind[child] != IGNORED) {
                kept++;
                h = unordered ? h + Hashes.mix(hash[child]) : h * 0x100000001B3L + hash[child];
              }
              if (!more(']')) {
                break;
              }
              d = skipSpace();
            }
          }
          depth--;
          aux[at] = n;
          if (hashing) {
            hash[at] = Hashes.mix(h + kept * 0xA77AL);
          }
          break;
        }
      case '"':
        kind[at] = STRING;
        pos++;
        aux[at] = textSize;
        textLength[at] = string();
        if (hashing) {
          hash[at] = Hashes.chars(text, aux[at], textLength[at]);
        }
        break;
      case 't':
        kind[at] = TRUE;
        literal(TRUE_BYTES);
        if (hashing) {
          hash[at] = 0x7E57L;
        }
        break;
      case 'f':
        kind[at] = FALSE;
        literal(FALSE_BYTES);
        if (hashing) {
          hash[at] = 0xFA15EL;
        }
        break;
      case 'n':
        kind[at] = NULL;
        literal(NULL_BYTES);
        if (hashing) {
          hash[at] = 0x4E11L;
        }
        break;
      default:
        if (c != '-' && (c < '0' || c > '9')) {
          throw error(c < 0 ? "unexpected end of input" : "unexpected character");
        }
        kind[at] = NUMBER;
        number(at);
        if (hashing) {
          hash[at] = JsonNumbers.hash(text, aux[at], textLength[at]);
        }
    }
    if (ignored) {
      kind[at] = IGNORED;
      size = at + 1;
      textSize = textMark;
    }
    end[at] = size;
    return at;
  }

  /** Steps into an object or array at {@code pos}. */
  private void enter() throws IOException {
    if (++depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    pos++;
  }

  /**
   * Steps over what follows a member or an element: {@code true} after a comma (another must
   * come), {@code false} after the closing byte of the object or array.
   */
  private boolean more(char close) throws IOException {
    int d = skipSpace();
    if (d == ',' || d == close) {
      pos++;
      return d == ',';
    }
    throw error("expected ',' or '" + close + "'");
  }

  /** Skips white space; returns the byte at {@code pos} (0-255), or -1 at the end of the input. */
  private int skipSpace() {
    byte[] b = in;
    int p = pos;
    if (p < limit && b[p] > ' ') {
      return b[p];
    }
    for (; p < limit; p++) {
      int x = b[p];
      if (x != ' ' && x != '\n' && x != '\r' && x != '\t') {
        pos = p;
        return x & 0xFF;
      }
    }
    pos = p;
    return -1;
  }

  private void literal(byte[] word) throws IOException {
    int p = pos;
    if (limit - p < word.length || !Arrays.equals(in, p, p + word.length, word, 0, word.length)) {
      throw error("unexpected character");
    }
    pos = p + word.length;
  }

  /** Reads a number (RFC 8259 grammar: no leading zeros, no bare '.', no '+') as its text. */
  private void number(int at) throws IOException {
    byte[] b = in;
    int from = pos;
    int p = from;
    if (b[p] == '-') {
      p++;
    }
    if (p < limit && b[p] == '0') {
      p++;
    } else {
      p = digits(p);
    }
    if (p < limit && b[p] == '.') {
      p = digits(p + 1);
    }
    if (p < limit && (b[p] == 'e' || b[p] == 'E')) {
      p++;
      if (p < limit && (b[p] == '+' || b[p] == '-')) {
        p++;
      }
      p = digits(p);
    }
    int n = p - from;
    char[] t = text;
    int ts = textSize;
    for (int i = from; i < p; i++) {
      t[ts++] = (char) b[i];
    }
    aux[at] = textSize;
    textLength[at] = n;
    textSize = ts;
    pos = p;
  }

  /** The index after one or more digits from {@code p}. */
  private int digits(int p) throws IOException {
    int start = p;
    while (p < limit && in[p] >= '0' && in[p] <= '9') {
      p++;
    }
    if (p == start) {
      pos = p;
      throw error("expected a digit");
    }
    return p;
  }

  /**
   * Reads a field name, {@code pos} just after its opening quote. A name spelt in bytes as one read
   * before (by this thread) is that same string, found without decoding; the bytes are hashed eight
   * at a time on the way to the closing quote. Names with escapes are decoded every time.
   */
  private String name() throws IOException {
    byte[] b = in;
    int from = pos;
    int p = from;
    long h = 0;
    long head = 0;
    while (true) {
      long w = 0;
      int k = 0; // bytes of this word that belong to the name
      if (p <= limit - 8) {
        w = (long) LONGS.get(b, p);
        long stop = JsonStrings.escapable(w);
        k = stop == 0 ? 8 : Long.numberOfTrailingZeros(stop) >>> 3;
      } else {
        while (p + k < limit && (b[p + k] & 0xFF) >= 0x20 && b[p + k] != '"' && b[p + k] != '\\') {
          w |= (b[p + k] & 0xFFL) << (k << 3);
          k++;
        }
        if (p + k == limit) {
          pos = limit;
          throw error("unexpected end of input in a string");
        }
      }
      if (k < 8) {
        w &= (1L << (k << 3)) - 1;
      }
      if (p == from) {
        head = w;
      }
      h = (Long.rotateLeft(h, 26) ^ w) * 0x9E3779B97F4A7C15L;
      p += k;
      if (k < 8) {
        break;
      }
    }
    int mark = textSize;
    if (b[p] != '"') { // an escape, or a control character, which decoding refuses
      String field = new String(text, mark, string());
      textSize = mark;
      return field;
    }
    String known = names.find(b, from, p, h, head);
    if (known != null) {
      pos = p + 1;
      return known;
    }
    String field = new String(text, mark, string());
    textSize = mark;
    names.add(b, from, p, h, head, field);
    return field;
  }

  /**
   * Decodes a string's content, {@code pos} just after its opening quote, onto the end of {@link
   * #text}; {@code pos} ends after the closing quote.
   *
   * @return the number of chars
   */
  private int string() throws IOException {
    byte[] b = in;
    char[] t = text;
    int start = textSize;
    int ts = start;
    int p = pos;
    while (p < limit) {
      int x = b[p];
      // the bulk: printable ASCII other than quote and backslash (a byte above 0x7F is negative)
      if (x >= 0x20 && x != '"' && x != '\\') {
        t[ts++] = (char) x;
        p++;
        continue;
      }
      if (x == '"') {
        pos = p + 1;
        textSize = ts;
        return ts - start;
      }
      pos = p;
      textSize = ts;
      if (x == '\\') {
        p = escape(p + 1);
      } else if (x >= 0) {
        throw error("control character in a string");
      } else {
        p = multiByte(p);
      }
      ts = textSize;
    }
    pos = p;
    throw error("unexpected end of input in a string");
  }

  /** Decodes the escape after the backslash at {@code p - 1} onto the text; returns the index after it. */
  private int escape(int p) throws IOException {
    if (p >= limit) {
      throw error("unexpected end of input in a string");
    }
    char c;
    switch (in[p]) {
      case '"':
        c = '"';
        break;
      case '\\':
        c = '\\';
        break;
      case '/':
        c = '/';
        break;
      case 'b':
        c = '\b';
        break;
      case 'f':
        c = '\f';
        break;
      case 'n':
        c = '\n';
        break;
      case 'r':
        c = '\r';
        break;
      case 't':
        c = '\t';
        break;
      case 'u':
        {
          int v = 0;
          for (int i = 1; i <= 4; i++) {
            int d = p + i < limit ? Character.digit(in[p + i], 16) : -1;
            if (d < 0) {
              throw error("expected four hex digits after \\u");
            }
            v = v << 4 | d;
          }
          c = (char) v;
          p += 4;
          break;
        }
      default:
        throw error("unknown escape in a string");
    }
    text[textSize++] = c;
    return p + 1;
  }

  /**
   * Decodes the UTF-8 sequence of two to four bytes at {@code p} onto the text (one char, or a
   * surrogate pair); returns the index after it. Overlong forms, encoded surrogates and code
   * points above U+10FFFF are refused.
   */
  private int multiByte(int p) throws IOException {
    int lead = in[p] & 0xFF;
    int more;
    int cp;
    if (lead >= 0xC2 && lead < 0xE0) {
      more = 1;
      cp = lead & 0x1F;
    } else if (lead >= 0xE0 && lead < 0xF0) {
      more = 2;
      cp = lead & 0x0F;
    } else if (lead >= 0xF0 && lead < 0xF5) {
      more = 3;
      cp = lead & 0x07;
    } else {
      throw error("not valid UTF-8");
    }
    if (p + more >= limit) {
      throw error("not valid UTF-8");
    }
    for (int i = 1; i <= more; i++) {
      int d = in[p + i];
      if ((d & 0xC0) != 0x80) {
        throw error("not valid UTF-8");
      }
      cp = cp << 6 | (d & 0x3F);
    }
    if ((more == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (more == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
      throw error("not valid UTF-8");
    }
    if (more < 3) {
      text[textSize++] = (char) cp;
    } else {
      text[textSize++] = Character.highSurrogate(cp);
      text[textSize++] = Character.lowSurrogate(cp);
    }
    return p + more + 1;
  }

  private IOException error(String what) {
    return new IOException(what + " at byte " + pos);
  }

  /** Whether the strings or numbers at two slots have the same text. */
  static boolean sameText(JsonDoc a, int i, JsonDoc b, int j) {
    int la = a.textLength[i];
    int sa = a.aux[i];
    int sb = b.aux[j];
    return la == b.textLength[j] && Arrays.equals(a.text, sa, sa + la, b.text, sb, sb + la);
  }
}
