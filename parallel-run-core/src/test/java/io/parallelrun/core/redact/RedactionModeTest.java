package io.parallelrun.core.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedactionModeTest {

  static final byte[] KEY = "0123456789abcdef-test-key".getBytes(StandardCharsets.UTF_8);
  static final byte[] OTHER_KEY = "fedcba9876543210-test-key".getBytes(StandardCharsets.UTF_8);

  @Test
  void removeAndMask() {
    assertThat(RedactionMode.remove().kind()).isEqualTo(RedactionMode.Kind.REMOVE);
    assertThat(RedactionMode.remove().apply("secret")).isNull();
    assertThat(RedactionMode.mask().kind()).isEqualTo(RedactionMode.Kind.MASK);
    assertThat(RedactionMode.mask().apply("secret")).isEqualTo("***");
    assertThat(RedactionMode.mask().placeholder()).isEqualTo(RedactionMode.DEFAULT_PLACEHOLDER);
    assertThat(RedactionMode.mask("[redacted]").apply("secret")).isEqualTo("[redacted]");
    assertThat(RedactionMode.mask("***")).isSameAs(RedactionMode.mask());
    assertThat(RedactionMode.remove().placeholder()).isNull();
  }

  @Test
  void hashIsKeyedHmacSha256ShownAsThirtyTwoHexDigits() {
    RedactionMode hash = RedactionMode.hash(KEY);
    String hashed = hash.apply("jane@example.com");
    assertThat(hash.kind()).isEqualTo(RedactionMode.Kind.HASH);
    assertThat(hashed).matches("hmac:[0-9a-f]{32}").doesNotContain("jane");
    assertThat(hash.placeholder()).isNull();
  }

  @Test
  void equalInputsHashAlikeDifferentInputsDiffer() {
    RedactionMode hash = RedactionMode.hash(KEY);
    RedactionMode sameKey = RedactionMode.hash(KEY.clone());
    assertThat(hash.apply("jane@example.com")).isEqualTo(hash.apply("jane@example.com"));
    assertThat(sameKey.apply("jane@example.com")).isEqualTo(hash.apply("jane@example.com"));
    assertThat(hash.apply("jane@example.com")).isNotEqualTo(hash.apply("john@example.com"));
    assertThat(hash.apply("")).isNotEqualTo(hash.apply(" "));
  }

  @Test
  void theHashDependsOnTheKey() {
    assertThat(RedactionMode.hash(KEY).apply("jane")).isNotEqualTo(RedactionMode.hash(OTHER_KEY).apply("jane"));
  }

  @Test
  void theKeyIsCopied() {
    byte[] key = KEY.clone();
    RedactionMode hash = RedactionMode.hash(key);
    String before = hash.apply("jane");
    key[0] ^= 0x55;
    assertThat(hash.apply("jane")).isEqualTo(before);
  }

  @Test
  void hashingIsSafeFromManyThreads() throws Exception {
    RedactionMode hash = RedactionMode.hash(KEY);
    String expected = hash.apply("value-7");
    Thread[] threads = new Thread[4];
    String[][] results = new String[threads.length][500];
    for (int t = 0; t < threads.length; t++) {
      int slot = t;
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 500; i++) {
          results[slot][i] = hash.apply("value-" + (i % 10));
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    for (String[] result : results) {
      assertThat(result[7]).isEqualTo(expected);
      assertThat(result[17]).isEqualTo(expected);
    }
  }

  @Test
  void shortOrMissingKeysAreRejected() {
    assertThatThrownBy(() -> RedactionMode.hash(new byte[15]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hash key must be at least 16 bytes, was 15 bytes");
    assertThatThrownBy(() -> RedactionMode.hash(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hash key must not be null");
  }

  @Test
  void placeholdersMustBeValidHeaderValues() {
    assertThatThrownBy(() -> RedactionMode.mask("a\r\nb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control characters");
    assertThatThrownBy(() -> RedactionMode.mask(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mask placeholder must not be null");
  }

  @Test
  void aNullValueIsAnIllegalArgument() {
    assertThatThrownBy(() -> RedactionMode.hash(KEY).apply(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the value to redact must not be null");
  }

  @Test
  void toStringNeverShowsTheKey() {
    assertThat(RedactionMode.hash(KEY)).hasToString("hash");
    assertThat(RedactionMode.mask()).hasToString("mask(***)");
    assertThat(RedactionMode.remove()).hasToString("remove");
  }

  @Test
  void theStrongerModeWinsRemoveThenMaskThenHash() {
    RedactionMode hash = RedactionMode.hash(KEY);
    assertThat(RedactionMode.stronger(hash, RedactionMode.mask())).isSameAs(RedactionMode.mask());
    assertThat(RedactionMode.stronger(RedactionMode.remove(), RedactionMode.mask())).isSameAs(RedactionMode.remove());
    assertThat(RedactionMode.stronger(null, hash)).isSameAs(hash);
    RedactionMode first = RedactionMode.mask("first");
    assertThat(RedactionMode.stronger(first, RedactionMode.mask("second"))).isSameAs(first);
  }
}
