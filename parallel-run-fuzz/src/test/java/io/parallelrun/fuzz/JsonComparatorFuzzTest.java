package io.parallelrun.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.parallelrun.core.compare.BodyRules;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.compare.ResponseComparator;
import io.parallelrun.core.compare.ResponseComparators;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Fuzz target for the JSON body comparator: two arbitrary documents (made up by the fuzzer, or
 * generated JSON, or a copy of the first with its keys shuffled, its whitespace changed and its
 * numbers rewritten in an equal form). Comparing never throws; the outcome is the same in both
 * directions; a document matches itself and its re-serialised copy.
 */
class JsonComparatorFuzzTest {

  private static final HttpHeaders JSON = HttpHeaders.of("Content-Type", "application/json");
  private static final JsonFactory STRICT =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** JSON with default rules, the choice by content type, the standard comparator, lenient rules. */
  private static final class Comparators {
    static final ResponseComparator[] ALL = {
      ResponseComparators.json(),
      ResponseComparators.body(),
      ResponseComparators.standard(),
      ResponseComparators.json(
          BodyRules.builder()
              .unorderedArrays("", "/*", "/a", "/a/*/b")
              .ignorePaths("/ignored", "/*/ignored")
              .nullEqualsMissing(true)
              .build()),
    };
  }

  @FuzzTest
  void twoDocuments(FuzzedDataProvider data) {
    ResponseComparator comparator = data.pickValue(Comparators.ALL);
    byte[] legacy = data.consumeBoolean() ? generate(data, 0).getBytes(StandardCharsets.UTF_8) : data.consumeBytes(data.consumeInt(0, 400));
    byte[] copy = reserialise(legacy, data.consumeLong());
    byte[] candidate =
        switch (data.consumeInt(0, 2)) {
          case 0 -> copy != null ? copy : legacy.clone();
          case 1 -> generate(data, 0).getBytes(StandardCharsets.UTF_8);
          default -> data.consumeRemainingAsBytes();
        };

    assertThat(compare(comparator, legacy, legacy.clone()).outcome())
        .as("a document matches itself: %s", text(legacy))
        .isEqualTo(MatchResult.Outcome.MATCHED);
    if (copy != null) {
      assertThat(compare(comparator, legacy, copy).outcome())
          .as("a document matches its re-serialised copy:\n%s\n%s", text(legacy), text(copy))
          .isEqualTo(MatchResult.Outcome.MATCHED);
    }
    MatchResult forward = compare(comparator, legacy, candidate);
    MatchResult backward = compare(comparator, candidate, legacy);
    assertThat(forward.outcome())
        .as("the same outcome both ways:\n%s\n%s\n%s\n%s", text(legacy), text(candidate), forward, backward)
        .isEqualTo(backward.outcome());
  }

  private static MatchResult compare(ResponseComparator comparator, byte[] legacy, byte[] candidate) {
    MatchResult result =
        comparator.compare(CapturedResponse.of(200, JSON, legacy), CapturedResponse.of(200, JSON, candidate));
    assertThat(result).isNotNull();
    return result;
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** A small JSON document: objects, arrays, strings with escapes, numbers in several forms. */
  static String generate(FuzzedDataProvider data, int depth) {
    int kind = depth > 4 ? data.consumeInt(2, 6) : data.consumeInt(0, 6);
    switch (kind) {
      case 0: {
        StringBuilder object = new StringBuilder("{");
        int fields = data.consumeInt(0, 4);
        for (int i = 0; i < fields; i++) {
          if (i > 0) {
            object.append(',');
          }
          String key = data.pickValue(new String[] {"a", "b", "ignored", "id", "", "a/b", "~", "é", "\\u0000"});
          object.append('"').append(key).append(i > 0 && data.consumeBoolean() ? i : "").append("\":");
          object.append(generate(data, depth + 1));
        }
        return object.append('}').toString();
      }
      case 1: {
        StringBuilder array = new StringBuilder("[");
        int items = data.consumeInt(0, 4);
        for (int i = 0; i < items; i++) {
          if (i > 0) {
            array.append(',');
          }
          array.append(generate(data, depth + 1));
        }
        return array.append(']').toString();
      }
      case 2:
        return data.pickValue(new String[] {"null", "true", "false"});
      case 3:
        return data.pickValue(new String[] {
          "0", "-0", "1", "1.0", "1e0", "10E-1", "0.1", "1e400", "-1e-400", "123456789012345678901234567890",
          "1.00000000000000000000001", "9007199254740993", "-2147483649", "0.0", "-0.0", "5e-324",
        });
      case 4:
        return Long.toString(data.consumeLong());
      case 5:
        return Double.toString(data.consumeRegularDouble());
      default: {
        String s = data.consumeString(8);
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
          char c = s.charAt(i);
          if (c == '"' || c == '\\' || c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
        return quoted.append('"').toString();
      }
    }
  }

  /**
   * The same document written again: object members in a shuffled order, other whitespace, numbers
   * in an equal form. {@code null} when the input is not one JSON document without duplicate keys.
   */
  static byte[] reserialise(byte[] json, long seed) {
    Random random = new Random(seed);
    try {
      // Jackson reads overlong forms and encoded surrogates as characters, where the comparator
      // refuses them: a copy made from such bytes is not the same document
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(json));
    } catch (CharacterCodingException e) {
      return null;
    }
    try (JsonParser parser = STRICT.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return null;
      }
      Object tree = read(parser, first);
      if (parser.nextToken() != null) {
        return null;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (JsonGenerator generator = STRICT.createGenerator(out)) {
        if (random.nextBoolean()) {
          generator.useDefaultPrettyPrinter();
        }
        write(generator, tree, random);
      }
      return out.toByteArray();
    } catch (IOException e) {
      return null;
    }
  }

  private record JsonObject(List<Member> members) {}

  private record Member(String name, Object value) {}

  private record JsonArray(List<Object> items) {}

  private record JsonNumber(String text) {}

  private static Object read(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT: {
        List<Member> members = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          members.add(new Member(name, read(parser, parser.nextToken())));
        }
        return new JsonObject(members);
      }
      case START_ARRAY: {
        List<Object> items = new ArrayList<>();
        JsonToken next;
        while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
          items.add(read(parser, next));
        }
        return new JsonArray(items);
      }
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new JsonNumber(parser.getText());
      case VALUE_STRING:
        return parser.getText();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      default:
        return null;
    }
  }

  private static void write(JsonGenerator generator, Object node, Random random) throws IOException {
    if (node instanceof JsonObject object) {
      List<Member> members = new ArrayList<>(object.members());
      Collections.shuffle(members, random);
      generator.writeStartObject();
      for (Member member : members) {
        generator.writeFieldName(member.name());
        write(generator, member.value(), random);
      }
      generator.writeEndObject();
    } else if (node instanceof JsonArray array) {
      generator.writeStartArray();
      for (Object item : array.items()) {
        write(generator, item, random);
      }
      generator.writeEndArray();
    } else if (node instanceof JsonNumber number) {
      generator.writeNumber(equalForm(number.text(), random));
    } else if (node instanceof String string) {
      generator.writeString(string);
    } else if (node instanceof Boolean bool) {
      generator.writeBoolean(bool);
    } else {
      generator.writeNull();
    }
  }

  /** The same number written differently: {@code 1} as {@code 1.0} or {@code 1e0}, and so on. */
  private static String equalForm(String number, Random random) {
    boolean exponent = number.indexOf('e') >= 0 || number.indexOf('E') >= 0;
    boolean fraction = number.indexOf('.') >= 0;
    switch (random.nextInt(3)) {
      case 0:
        return number;
      case 1:
        if (!exponent) {
          return fraction ? number + "0" : number + ".0";
        }
        return number;
      default:
        return exponent ? number : number + "e0";
    }
  }
}
