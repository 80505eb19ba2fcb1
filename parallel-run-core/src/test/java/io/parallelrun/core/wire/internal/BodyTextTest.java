package io.parallelrun.core.wire.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BodyTextTest {

  private static final byte[][] PIECES = {
    "plain ascii text ".getBytes(StandardCharsets.UTF_8),
    "é".getBytes(StandardCharsets.UTF_8),
    "€".getBytes(StandardCharsets.UTF_8),
    "😀".getBytes(StandardCharsets.UTF_8),
    {(byte) 0x80}, // lone continuation
    {(byte) 0xC0, (byte) 0xAF}, // overlong
    {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // surrogate
    {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
    {(byte) 0xE2, (byte) 0x82}, // cut short
    {(byte) 0xFF},
    {0x7F, 0x00, 0x41},
  };

  @Test
  void utf8ValidityAgreesWithTheJdkDecoderAtEveryOffsetAndLength() throws IOException {
    Random random = new Random(7);
    for (int round = 0; round < 20_000; round++) {
      ByteBuffer buffer = ByteBuffer.allocate(512);
      int pieces = random.nextInt(12);
      for (int p = 0; p < pieces; p++) {
        // mostly valid pieces, sometimes a broken one
        byte[] piece = PIECES[random.nextInt(10) < 8 ? random.nextInt(4) : random.nextInt(PIECES.length)];
        buffer.put(piece);
      }
      byte[] bytes = new byte[buffer.position()];
      buffer.flip().get(bytes);
      int offset = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
      int length = random.nextInt(bytes.length - offset + 1);
      boolean valid = jdkValid(bytes, offset, length);
      assertThat(BodyText.firstInvalidUtf8(bytes, offset, length) < 0).as("round %d", round).isEqualTo(valid);
      // the writer's check, made while escaping
      assertThat(writesField(bytes, offset, length, false)).as("round %d", round).isEqualTo(valid);
      assertThat(writesField(bytes, offset, length, true)).as("round %d", round).isEqualTo(ascii(bytes, offset, length));
    }
  }

  private static boolean writesField(byte[] b, int offset, int length, boolean asciiOnly) throws IOException {
    try (JsonGenerator g = new JsonFactory().createGenerator(new ByteArrayOutputStream())) {
      g.writeStartObject();
      return JsonStrings.writeField(g, "body", b, offset, length, asciiOnly);
    }
  }

  private static boolean jdkValid(byte[] b, int offset, int length) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, offset, length));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static boolean ascii(byte[] b, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
  }
}
