package io.parallelrun.core.compare.internal;

import java.util.Arrays;

/**
 * The field names a thread has read, keyed by their bytes as written in the document (escapes
 * and all), so that a name seen before is found without decoding it or making a string. Open
 * addressing in fixed arrays; when three quarters full it is emptied and starts again, so it
 * holds at most a few hundred short names.
 *
 * <p>One per thread, shared by both documents of a comparison: the same name on both sides is
 * then the same string.
 */
final class NameTable {

  private static final int BITS = 9;
  private static final int SLOTS = 1 << BITS;
  private static final int MAX_ENTRIES = SLOTS * 3 / 4;
  /** Longer names are decoded every time rather than kept. */
  private static final int MAX_KEY_BYTES = 128;

  private static final ThreadLocal<NameTable> TABLES = ThreadLocal.withInitial(NameTable::new);

  private final byte[][] keys = new byte[SLOTS][];
  private final long[] hashes = new long[SLOTS];
  private final long[] heads = new long[SLOTS];
  private final String[] names = new String[SLOTS];
  private int entries;

  private NameTable() {}

  static NameTable forThisThread() {
    return TABLES.get();
  }

  /**
   * The name written as bytes {@code [from, to)} of {@code b}, or {@code null} if not kept.
   *
   * @param hash a 64-bit hash of those bytes, the same function for {@link #add}
   * @param head their first eight bytes (fewer for a shorter name, the rest zero), little-endian
   */
  String find(byte[] b, int from, int to, long hash, long head) {
    int length = to - from;
    for (int i = slot(hash); ; i = (i + 1) & (SLOTS - 1)) {
      byte[] key = keys[i];
      if (key == null) {
        return null;
      }
      if (hashes[i] == hash
          && heads[i] == head
          && key.length == length
          && (length <= 8 || Arrays.equals(key, 8, length, b, from + 8, to))) {
        return names[i];
      }
    }
  }

  /** Keeps {@code name}, decoded from bytes {@code [from, to)} of {@code b}, after a {@link #find} that missed. */
  void add(byte[] b, int from, int to, long hash, long head, String name) {
    if (to - from > MAX_KEY_BYTES) {
      return;
    }
    if (entries == MAX_ENTRIES) {
      Arrays.fill(keys, null);
      Arrays.fill(names, null);
      entries = 0;
    }
    int i = slot(hash);
    while (keys[i] != null) {
      i = (i + 1) & (SLOTS - 1);
    }
    keys[i] = Arrays.copyOfRange(b, from, to);
    hashes[i] = hash;
    heads[i] = head;
    names[i] = name;
    entries++;
  }

  /** The first slot to try: the top bits of the hash. */
  private static int slot(long hash) {
    return (int) (hash >>> (64 - BITS));
  }
}
