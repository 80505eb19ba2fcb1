package io.parallelrun.core.wire.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonStringsTest {

  private static final String ALPHABET = "abcdefghij{}[]:,0123456789 \"\\/\t\n\r\b\f\u0000\u0001\u001f\u007f\u00e9\u20ac\ud83d\ude00\u2028";
  private static final String JSON_TEXT = "abcdefghij{}[]:,0123456789 \"\"\"\\/\u00e9\u20ac\ud83d\ude00\u2028";
  private static final JsonFactory FACTORY = new JsonFactory();

  @Test
  void writesTheSameBytesAsJacksonForRandomText() throws IOException {
    Random random = new Random(11);
    for (int round = 0; round < 20_000; round++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(round % 100 == 0 ? 3000 : 80); // long ones make the buffer grow
      int kind = random.nextInt(4); // plain letters, JSON-like text (no control characters), or anything
      String alphabet = kind == 1 ? JSON_TEXT : ALPHABET;
      for (int i = 0; i < length; i++) {
        if (kind == 0) {
          text.append((char) ('a' + random.nextInt(26)));
        } else {
          int c = alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length()))));
          text.appendCodePoint(c);
        }
      }
      byte[] utf8 = ("xx" + text + "yy").getBytes(StandardCharsets.UTF_8);
      int offset = 2;
      int len = utf8.length - 4;
      assertThat(new String(ours(utf8, offset, len), StandardCharsets.UTF_8))
          .as("%s", text)
          .isEqualTo(new String(jackson(utf8, offset, len), StandardCharsets.UTF_8));
    }
  }

  private static byte[] ours(byte[] b, int offset, int length) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      assertThat(JsonStrings.writeField(g, "body", b, offset, length, false)).isTrue();
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private static byte[] jackson(byte[] b, int offset, int length) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName("body");
      g.writeUTF8String(b, offset, length);
      g.writeEndObject();
    }
    return out.toByteArray();
  }
}
