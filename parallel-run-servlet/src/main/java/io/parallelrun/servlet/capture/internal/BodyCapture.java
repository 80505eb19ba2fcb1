package io.parallelrun.servlet.capture.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;

/**
 * A copy of the first bytes (or characters) of a body, up to a cap, kept in chunks that are never
 * copied on the request thread: growing allocates a new chunk and keeps the old ones, so the
 * request thread allocates only the copied bytes plus a small constant. A new chunk is as large as
 * the write that needs it (a body written in one or a few large writes is held in chunks of exactly
 * its size), and at least an eighth of what is held already (so small writes waste at most about
 * an eighth); a size hint (the request's Content-Length, or the response's when it is set before
 * the body is written) sizes the first chunk. The chunks are put
 * together (and characters encoded) by {@link #toBytes()}, on a publisher thread.
 *
 * <p>Characters written through a response's writer are kept as characters with the writer's
 * charset and encoded later, exactly as the container's writer encodes them (unmappable characters
 * replaced). Not thread-safe: written by the thread that handles the request (the servlet
 * container orders hand-overs between threads of one request), read after completion.
 */
public final class BodyCapture {

  private static final int FIRST_CHUNK = 512;
  private static final int MAX_CHUNK = 64 * 1024;

  private final int cap;
  private byte[][] bytes;
  private char[][] chars;
  private int chunks;
  private int fill;
  private int total;
  private boolean truncated;
  private Charset charset;
  private int sizeHint;
  private long retained;

  /** A capture of at most {@code cap} bytes. */
  public BodyCapture(int cap) {
    this.cap = cap;
  }

  /** Sizes the first chunk for a body whose length is known, such as a request's Content-Length. */
  public void sizeHint(long length) {
    if (length > 0) {
      sizeHint = (int) Math.min(length, cap);
    }
  }

  public void write(int b) {
    if (total >= cap) {
      truncated = true;
      return;
    }
    byte[] chunk = byteChunk(1);
    chunk[fill++] = (byte) b;
    total++;
  }

  public void write(byte[] b, int off, int len) {
    while (len > 0) {
      if (total >= cap) {
        truncated = true;
        return;
      }
      byte[] chunk = byteChunk(len);
      int n = Math.min(len, Math.min(chunk.length - fill, cap - total));
      System.arraycopy(b, off, chunk, fill, n);
      fill += n;
      total += n;
      off += n;
      len -= n;
    }
  }

  /** Starts (or continues) capturing characters to be encoded with this charset. */
  public void useCharset(Charset value) {
    if (bytes != null && total > 0) {
      return; // bytes already captured: the container does not allow mixing without a reset
    }
    charset = value;
  }

  public void writeChar(int c) {
    if (total >= cap) {
      truncated = true;
      return;
    }
    char[] chunk = charChunk(1);
    chunk[fill++] = (char) c;
    total++;
  }

  public void writeChars(char[] c, int off, int len) {
    while (len > 0) {
      if (total >= cap) {
        truncated = true;
        return;
      }
      char[] chunk = charChunk(len);
      int n = Math.min(len, Math.min(chunk.length - fill, cap - total));
      System.arraycopy(c, off, chunk, fill, n);
      fill += n;
      total += n;
      off += n;
      len -= n;
    }
  }

  public void writeChars(String s, int off, int len) {
    while (len > 0) {
      if (total >= cap) {
        truncated = true;
        return;
      }
      char[] chunk = charChunk(len);
      int n = Math.min(len, Math.min(chunk.length - fill, cap - total));
      s.getChars(off, off + n, chunk, fill);
      fill += n;
      total += n;
      off += n;
      len -= n;
    }
  }

  /** Forgets everything captured, as the container forgets an uncommitted buffer on reset. */
  public void reset() {
    bytes = null;
    chars = null;
    chunks = 0;
    fill = 0;
    total = 0;
    truncated = false;
    retained = 0;
  }

  /** Marks the copy as incomplete, for a body the filter could not see in full. */
  public void markTruncated() {
    truncated = true;
  }

  /** Whether anything was written. */
  public boolean isEmpty() {
    return total == 0;
  }

  /** Bytes or characters captured so far. */
  public int size() {
    return total;
  }

  /** Whether the body was longer than the cap (or otherwise incomplete). */
  public boolean truncated() {
    return truncated;
  }

  /** Memory held by the chunks, in bytes. */
  public long retainedBytes() {
    return retained;
  }

  private byte[] byteChunk(int needed) {
    if (bytes == null) {
      bytes = new byte[4][];
      chars = null;
    }
    if (chunks > 0 && fill < bytes[chunks - 1].length) {
      return bytes[chunks - 1];
    }
    if (chunks == bytes.length) {
      bytes = Arrays.copyOf(bytes, chunks * 2);
    }
    int size = nextChunkSize(needed);
    byte[] chunk = new byte[size];
    retained += size;
    bytes[chunks++] = chunk;
    fill = 0;
    return chunk;
  }

  private char[] charChunk(int needed) {
    if (chars == null) {
      chars = new char[4][];
      bytes = null;
    }
    if (chunks > 0 && fill < chars[chunks - 1].length) {
      return chars[chunks - 1];
    }
    if (chunks == chars.length) {
      chars = Arrays.copyOf(chars, chunks * 2);
    }
    int size = nextChunkSize(needed);
    char[] chunk = new char[size];
    retained += 2L * size;
    chars[chunks++] = chunk;
    fill = 0;
    return chunk;
  }

  /** The size of the next chunk, for a write of {@code needed} more bytes or characters. */
  private int nextChunkSize(int needed) {
    int wanted;
    if (chunks == 0 && sizeHint > 0) {
      wanted = sizeHint;
    } else {
      wanted = Math.max(needed, Math.min(MAX_CHUNK, Math.max(FIRST_CHUNK, total / 8)));
    }
    return Math.max(1, Math.min(wanted, cap - total));
  }

  /**
   * The captured body as bytes, at most the cap: chunks put together, characters encoded. Called
   * once, off the request thread, when nothing is written any more (the array may be the capture's
   * own). Sets {@link #truncated()} when encoding made the body longer than the cap.
   */
  public byte[] toBytes() {
    if (chars != null) {
      return encode();
    }
    if (chunks == 1 && fill == bytes[0].length) {
      return bytes[0]; // one chunk, exactly full (the usual case for a body written at once): no copy
    }
    byte[] out = new byte[total];
    int pos = 0;
    for (int i = 0; i < chunks; i++) {
      int n = i == chunks - 1 ? fill : bytes[i].length;
      System.arraycopy(bytes[i], 0, out, pos, n);
      pos += n;
    }
    return out;
  }

  private byte[] encode() {
    Charset cs = charset != null ? charset : java.nio.charset.StandardCharsets.ISO_8859_1;
    CharsetEncoder encoder =
        cs.newEncoder().onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    ByteBuffer out = ByteBuffer.allocate((int) Math.min((long) cap + 16, (long) (total * (double) encoder.maxBytesPerChar()) + 16));
    CharBuffer carry = CharBuffer.allocate(total);
    for (int i = 0; i < chunks; i++) {
      carry.put(chars[i], 0, i == chunks - 1 ? fill : chars[i].length);
    }
    carry.flip();
    CoderResult result = encoder.encode(carry, out, true);
    if (result.isOverflow()) {
      truncated = true;
    } else {
      encoder.flush(out);
    }
    int length = out.position();
    if (length > cap) {
      length = cap;
      truncated = true;
    }
    return Arrays.copyOf(out.array(), length);
  }
}
