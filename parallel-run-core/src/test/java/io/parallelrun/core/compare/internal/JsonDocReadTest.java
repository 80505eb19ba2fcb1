package io.parallelrun.core.compare.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.parallelrun.core.compare.BodyRules;
import io.parallelrun.core.wire.internal.BodyText;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte-level reader against Jackson's streaming parser as the oracle: on random documents and
 * on random corruptions of them, both accept the same inputs (the reader refuses more only where
 * the bytes are not UTF-8), and what the reader stores is what Jackson reads, token by token.
 */
class JsonDocReadTest {

  private static final JsonFactory JACKSON = new JsonFactory();
  private static final PathRules NO_RULES = new PathRules(List.of(), List.of());

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0", "-0", "12", "-12.5e+3", "1E5", "0.25E-2", "\"\"", "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", "\"\\u00e4\\uD83D\\uDE00\"",
        "\"\\ud800\"", "true", "false", "null", "[]", "{}", " \t\r\n[ 1 , { \"a\" : [ ] } ]\n", "{\"\":1,\"a\":{\"b\":[null]}}",
        "\"ä€😀\""
      })
  void acceptsWhatJacksonAccepts(String json) throws IOException {
    assertSameAsJackson(json.getBytes(UTF_8));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", " ", "01", "-01", "1.", ".5", "+1", "-", "1e", "1e+", "0x10", "NaN", "Infinity", "[1,]", "{\"a\":1,}", "[1 2]",
        "{\"a\" 1}", "{a:1}", "{'a':1}", "\"\\x\"", "\"\\u12G4\"", "\"\\u12\"", "\"\t\"", "\"abc", "tru", "nul", "truex", "[",
        "]", "{", "{\"a\":}", "[,1]", "1 2", "{}{}", "// c\n1", "/* c */ 1", "[1]]", "\"a\"\"b\""
      })
  void refusesWhatJacksonRefuses(String json) {
    byte[] bytes = json.getBytes(UTF_8);
    assertThat(jacksonAccepts(bytes)).as("Jackson accepts %s", json).isFalse();
    assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class);
  }

  @Test
  void refusesBytesThatAreNotUtf8EvenWhereJacksonReadsThem() {
    byte[][] invalid = {
      {'"', (byte) 0xC0, (byte) 0xAF, '"'}, // overlong '/'
      {'"', (byte) 0xE0, (byte) 0x80, (byte) 0xAF, '"'}, // overlong, three bytes
      {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, // an encoded surrogate
      {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // above U+10FFFF
      {'"', (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'},
      {'"', (byte) 0xC3, '"'},
      {'"', (byte) 0x80, '"'},
      {'"', (byte) 0xE2, (byte) 0x82, '"'},
    };
    for (byte[] bytes : invalid) {
      assertThat(BodyText.firstInvalidUtf8(bytes, 0, bytes.length)).isNotNegative();
      assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class).hasMessageContaining("UTF-8");
    }
  }

  @Test
  void skipsAByteOrderMark() throws IOException {
    assertSameAsJackson("\uFEFF{\"a\":[1]}".getBytes(UTF_8));
  }

  @Test
  void nestsUpToTheLimitAndNoDeeper() throws IOException {
    int max = JsonDoc.MAX_DEPTH;
    assertSameAsJackson(("[".repeat(max) + "]".repeat(max)).getBytes(UTF_8));
    byte[] tooDeep = ("{\"a\":".repeat(max) + "[1]" + "}".repeat(max)).getBytes(UTF_8);
    assertThat(jacksonAccepts(tooDeep)).isFalse();
    assertThatThrownBy(() -> read(tooDeep)).hasMessageContaining("nested deeper than " + max);
  }

  @Test
  void namesSeenBeforeAreTheSameStringAndNamesWithEscapesAreDecoded() throws IOException {
    JsonDoc doc = read("{\"name\":1,\"a\\u0062\":2,\"ab\":3,\"a longer name than eight\":4}".getBytes(UTF_8));
    JsonDoc again = read("{\"a longer name than eight\":0,\"name\":0,\"ab\":0}".getBytes(UTF_8));
    assertThat(doc.name[1]).isEqualTo("name");
    assertThat(doc.name[2]).isEqualTo("ab");
    assertThat(doc.name[3]).isEqualTo("ab");
    assertThat(again.name[1]).isSameAs(doc.name[4]);
    assertThat(again.name[2]).isSameAs(doc.name[1]);
    assertThat(again.name[3]).isSameAs(doc.name[3]);
  }

  @Test
  void moreDistinctNamesThanTheTableKeepsAreStillReadRight() throws IOException {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < 2_000; i++) {
      sb.append(i == 0 ? "" : ",").append("\"field-").append(i).append("\":").append(i);
    }
    byte[] json = sb.append('}').toString().getBytes(UTF_8);
    assertSameAsJackson(json); // twice: the second read finds some names and decodes the rest
    assertSameAsJackson(json);
  }

  @Test
  void randomDocumentsReadAsJacksonReadsThem() throws IOException {
    Random random = new Random(7);
    for (int i = 0; i < 3_000; i++) {
      byte[] json = document(random).getBytes(UTF_8);
      assertSameAsJackson(json);
    }
  }

  @Test
  void corruptedDocumentsAreRefusedExactlyWhenJacksonRefusesThem() throws IOException {
    Random random = new Random(11);
    byte[] noise = "{}[],:\"\\ 0-.eE+tfnu1\n\t\u0001".getBytes(ISO_8859_1);
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] json = document(random).getBytes(UTF_8);
      int at = random.nextInt(json.length);
      byte[] corrupt;
      switch (random.nextInt(4)) {
        case 0: // delete a byte
          corrupt = new byte[json.length - 1];
          System.arraycopy(json, 0, corrupt, 0, at);
          System.arraycopy(json, at + 1, corrupt, at, json.length - at - 1);
          break;
        case 1: // insert one
          corrupt = new byte[json.length + 1];
          System.arraycopy(json, 0, corrupt, 0, at);
          corrupt[at] = random.nextInt(20) == 0 ? (byte) (0x80 + random.nextInt(0x80)) : noise[random.nextInt(noise.length)];
          System.arraycopy(json, at, corrupt, at + 1, json.length - at);
          break;
        case 2: // replace one
          corrupt = json.clone();
          corrupt[at] = noise[random.nextInt(noise.length)];
          break;
        default: // cut short
          corrupt = java.util.Arrays.copyOf(json, at);
      }
      if (corrupt.length > 0 && corrupt[0] == 0) {
        continue; // Jackson would read it as UTF-16 or UTF-32
      }
      boolean jackson = jacksonAccepts(corrupt);
      boolean utf8 = BodyText.firstInvalidUtf8(corrupt, 0, corrupt.length) < 0;
      if (jackson && utf8) {
        assertSameAsJackson(corrupt);
      } else {
        refused++;
        assertThatThrownBy(() -> read(corrupt)).as(new String(corrupt, UTF_8)).isInstanceOf(IOException.class);
      }
    }
    assertThat(refused).as("corruptions refused").isGreaterThan(10_000);
  }

  private static JsonDoc read(byte[] json) throws IOException {
    JsonDoc doc = JsonDoc.borrow();
    doc.read(json, NO_RULES, false);
    return doc;
  }

  private static boolean jacksonAccepts(byte[] json) {
    try (JsonParser p = JACKSON.createParser(json)) {
      if (p.nextToken() == null) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  /** Reads with both and walks Jackson's tokens alongside the slots. */
  private static void assertSameAsJackson(byte[] json) throws IOException {
    String shown = new String(json, UTF_8);
    JsonDoc doc = read(json);
    Deque<int[]> open = new ArrayDeque<>(); // slot, children so far
    int slot = 0;
    String pendingName = null;
    try (JsonParser p = JACKSON.createParser(json)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME) {
          pendingName = p.currentName();
          continue;
        }
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          int[] closed = open.pop();
          assertThat(doc.end[closed[0]]).as("end of slot %d in %s", closed[0], shown).isEqualTo(slot);
          assertThat(doc.aux[closed[0]]).as("children of slot %d in %s", closed[0], shown).isEqualTo(closed[1]);
          continue;
        }
        if (!open.isEmpty()) {
          open.peek()[1]++;
        }
        assertThat(doc.name[slot]).as("name of slot %d in %s", slot, shown).isEqualTo(pendingName);
        pendingName = null;
        byte kind = doc.kind[slot];
        switch (t) {
          case START_OBJECT:
            assertThat(kind).isEqualTo(JsonDoc.OBJECT);
            open.push(new int[] {slot, 0});
            break;
          case START_ARRAY:
            assertThat(kind).isEqualTo(JsonDoc.ARRAY);
            open.push(new int[] {slot, 0});
            break;
          case VALUE_STRING:
          case VALUE_NUMBER_INT:
          case VALUE_NUMBER_FLOAT:
            assertThat(kind).isEqualTo(t == JsonToken.VALUE_STRING ? JsonDoc.STRING : JsonDoc.NUMBER);
            assertThat(new String(doc.text, doc.aux[slot], doc.textLength[slot])).as("text of slot %d in %s", slot, shown).isEqualTo(p.getText());
            assertThat(doc.end[slot]).isEqualTo(slot + 1);
            break;
          default:
            assertThat(kind).isEqualTo(t == JsonToken.VALUE_TRUE ? JsonDoc.TRUE : t == JsonToken.VALUE_FALSE ? JsonDoc.FALSE : JsonDoc.NULL);
        }
        slot++;
      }
    }
    assertThat(doc.size).as("slots of %s", shown).isEqualTo(slot);
    JsonDoc.release(doc);
  }

  /** A random document, compact or with random white space, with escapes and characters of every width. */
  private static String document(Random random) {
    StringBuilder sb = new StringBuilder();
    value(random, sb, 0, random.nextBoolean());
    return sb.toString();
  }

  private static void value(Random random, StringBuilder sb, int depth, boolean spaced) {
    int kind = random.nextInt(depth > 3 ? 5 : 7);
    switch (kind) {
      case 0:
        string(random, sb, true);
        break;
      case 1:
        number(random, sb);
        break;
      case 2:
        sb.append(random.nextBoolean() ? "true" : "false");
        break;
      case 3:
        sb.append("null");
        break;
      case 4:
        sb.append(random.nextBoolean() ? "[]" : "{}");
        break;
      case 5:
        {
          sb.append('[');
          int n = random.nextInt(5);
          for (int i = 0; i < n; i++) {
            if (i > 0) {
              sb.append(',');
            }
            space(random, sb, spaced);
            value(random, sb, depth + 1, spaced);
            space(random, sb, spaced);
          }
          sb.append(']');
          break;
        }
      default:
        {
          sb.append('{');
          int n = random.nextInt(5);
          for (int i = 0; i < n; i++) {
            if (i > 0) {
              sb.append(',');
            }
            space(random, sb, spaced);
            string(random, sb, false);
            space(random, sb, spaced);
            sb.append(':');
            space(random, sb, spaced);
            value(random, sb, depth + 1, spaced);
            space(random, sb, spaced);
          }
          sb.append('}');
        }
    }
  }

  private static void space(Random random, StringBuilder sb, boolean spaced) {
    if (spaced) {
      for (int n = random.nextInt(4); n > 0; n--) {
        sb.append(" \t\r\n".charAt(random.nextInt(4)));
      }
    }
  }

  private static final String[] NAMES = {"id", "name", "items", "a", "", "a longer field name", "ä", "price"};

  private static void string(Random random, StringBuilder sb, boolean value) {
    sb.append('"');
    if (!value && random.nextInt(3) > 0) {
      sb.append(NAMES[random.nextInt(NAMES.length)]); // names repeat, as in real documents
    } else {
      int n = random.nextInt(value ? 20 : 10);
      for (int i = 0; i < n; i++) {
        int r = random.nextInt(20);
        if (r < 10) {
          sb.append((char) ('a' + random.nextInt(26)));
        } else if (r == 10) {
          sb.append("\\\"\\\\\\/\\b\\f\\n\\r\\t".substring(0, 2 * (1 + random.nextInt(8))));
        } else if (r == 11) {
          sb.append(String.format("\\u%04x", random.nextInt(0xD800)));
        } else if (r == 12 && value) {
          sb.append("\\ud83d\\ude00"); // an escaped pair (Jackson refuses one in a name)
        } else if (r == 13) {
          sb.append("äé€");
        } else if (r == 14) {
          sb.appendCodePoint(0x1F600 + random.nextInt(50));
        } else {
          sb.append(" .-_:0");
        }
      }
    }
    sb.append('"');
  }

  private static void number(Random random, StringBuilder sb) {
    if (random.nextBoolean()) {
      sb.append('-');
    }
    sb.append(random.nextInt(4) == 0 ? "0" : Integer.toString(1 + random.nextInt(100000)));
    if (random.nextBoolean()) {
      sb.append('.').append(random.nextInt(1000));
    }
    if (random.nextInt(3) == 0) {
      sb.append(random.nextBoolean() ? 'e' : 'E').append(random.nextBoolean() ? "+" : random.nextBoolean() ? "-" : "").append(random.nextInt(300));
    }
  }
}
