package io.parallelrun.core.redact;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.parallelrun.core.payload.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Applies JSON field and JSON Pointer rules to a body in one streaming pass, parser to generator,
 * without building a tree. Only a value that is hashed and is an object or array is read whole, to
 * put it in canonical form.
 *
 * <p>The body is left as it is (the same array is returned) when the message is not JSON, is
 * content-encoded, is truncated, does not parse, or when no rule matched. The output is compact;
 * values outside the redacted ones keep their meaning, and numbers keep their exact text.
 */
final class JsonBodyRedactor {
  private JsonBodyRedactor() {}

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  /** Returns the redacted body, or {@code body} itself when nothing changed or it cannot be redacted. */
  static byte[] redact(byte[] body, HttpHeaders headers, boolean truncated, RedactionRules rules) {
    if (body == null || body.length == 0 || truncated || !rules.hasJsonRules()) {
      return body;
    }
    String contentType = headers.first("Content-Type");
    if (!MediaTypes.isJson(contentType) || MediaTypes.isContentEncoded(headers)) {
      return body;
    }
    try {
      Charset charset = MediaTypes.charset(contentType);
      if (charset == null || charset.equals(StandardCharsets.UTF_8)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        try (JsonParser parser = FACTORY.createParser(body);
            JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
          if (!new Copy(rules).run(parser, generator)) {
            return body;
          }
        }
        return out.toByteArray();
      }
      String text =
          charset.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
      StringWriter out = new StringWriter(text.length());
      try (JsonParser parser = FACTORY.createParser(text);
          JsonGenerator generator = FACTORY.createGenerator(out)) {
        if (!new Copy(rules).run(parser, generator)) {
          return body;
        }
      }
      ByteBuffer encoded =
          charset.newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(out.toString()));
      return Arrays.copyOfRange(encoded.array(), encoded.arrayOffset() + encoded.position(), encoded.arrayOffset() + encoded.limit());
    } catch (IOException | RuntimeException e) {
      // Not JSON after all, or beyond the parser's limits: leave it as it is, never fail the caller.
      return body;
    }
  }

  /** One copy of one body; holds the container stack. Not thread-safe, used once. */
  private static final class Copy {
    private final RedactionRules rules;
    private final Map<String, RedactionMode> fields;
    private boolean changed;
    private int depth;
    private boolean[] isArray = new boolean[16];
    private int[] nextIndex = new int[16];
    private PointerNode[][] nodes = new PointerNode[16][];

    Copy(RedactionRules rules) {
      this.rules = rules;
      this.fields = rules.jsonFields;
    }

    /** Copies every token, redacting on the way; returns whether anything was redacted. */
    boolean run(JsonParser p, JsonGenerator g) throws IOException {
      PointerNode[] rootNodes = rules.pointerRoot == null ? PointerNode.NONE : new PointerNode[] {rules.pointerRoot};
      PointerNode[] memberNodes = PointerNode.NONE;
      JsonToken token;
      while ((token = p.nextToken()) != null) {
        switch (token) {
          case FIELD_NAME:
            {
              String name = p.currentName();
              PointerNode[] parent = nodes[depth - 1];
              PointerNode[] children = parent.length == 0 ? PointerNode.NONE : PointerNode.children(parent, name);
              RedactionMode mode = fields.isEmpty() ? null : fields.get(name);
              mode = RedactionMode.stronger(mode, PointerNode.mode(children));
              if (mode == null) {
                g.writeFieldName(name);
                memberNodes = children;
              } else {
                changed = true;
                p.nextToken();
                if (mode.kind() == RedactionMode.Kind.REMOVE) {
                  p.skipChildren();
                } else {
                  g.writeFieldName(name);
                  writeReplacement(p, g, mode);
                }
              }
              break;
            }
          case END_OBJECT:
            depth--;
            g.writeEndObject();
            break;
          case END_ARRAY:
            depth--;
            g.writeEndArray();
            break;
          default:
            {
              PointerNode[] valueNodes;
              if (depth == 0) {
                valueNodes = rootNodes;
              } else if (isArray[depth - 1]) {
                int index = nextIndex[depth - 1]++;
                valueNodes = PointerNode.children(nodes[depth - 1], index);
                RedactionMode mode = PointerNode.mode(valueNodes);
                if (mode != null) {
                  changed = true;
                  if (mode.kind() == RedactionMode.Kind.REMOVE) {
                    p.skipChildren();
                  } else {
                    writeReplacement(p, g, mode);
                  }
                  break;
                }
              } else {
                valueNodes = memberNodes;
              }
              if (token == JsonToken.START_OBJECT) {
                push(false, valueNodes);
                g.writeStartObject();
              } else if (token == JsonToken.START_ARRAY) {
                push(true, valueNodes);
                g.writeStartArray();
              } else {
                copyScalar(p, g, token);
              }
            }
        }
      }
      return changed;
    }

    private void push(boolean array, PointerNode[] containerNodes) {
      if (depth == isArray.length) {
        isArray = Arrays.copyOf(isArray, depth * 2);
        nextIndex = Arrays.copyOf(nextIndex, depth * 2);
        nodes = Arrays.copyOf(nodes, depth * 2);
      }
      isArray[depth] = array;
      nextIndex[depth] = 0;
      nodes[depth] = containerNodes;
      depth++;
    }

    private static void copyScalar(JsonParser p, JsonGenerator g, JsonToken token) throws IOException {
      switch (token) {
        case VALUE_STRING:
          g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
          break;
        case VALUE_NUMBER_INT:
        case VALUE_NUMBER_FLOAT:
          g.writeNumber(p.getText());
          break;
        default:
          g.copyCurrentEvent(p);
      }
    }

    /** Writes the mask or hash of the current value and moves the parser past it. */
    private static void writeReplacement(JsonParser p, JsonGenerator g, RedactionMode mode) throws IOException {
      if (mode.kind() == RedactionMode.Kind.MASK) {
        p.skipChildren();
        g.writeString(mode.placeholder());
      } else if (p.currentToken() == JsonToken.VALUE_STRING) {
        g.writeString(mode.apply(p.getText()));
      } else {
        StringBuilder canonical = new StringBuilder();
        canonical(p, canonical);
        g.writeString(mode.hashCanonicalJson(canonical.toString().getBytes(StandardCharsets.UTF_8)));
      }
    }
  }

  /**
   * Appends the canonical form of the current value and moves the parser past it: no whitespace,
   * object members sorted by key (duplicates kept, in order), numbers normalised, strings escaped
   * the way Jackson escapes them.
   */
  static void canonical(JsonParser p, StringBuilder out) throws IOException {
    JsonToken token = p.currentToken();
    switch (token) {
      case START_OBJECT:
        {
          List<String[]> members = new ArrayList<>();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            StringBuilder value = new StringBuilder();
            canonical(p, value);
            members.add(new String[] {name, value.toString()});
          }
          members.sort(Comparator.comparing(member -> member[0]));
          out.append('{');
          for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
              out.append(',');
            }
            quote(members.get(i)[0], out);
            out.append(':').append(members.get(i)[1]);
          }
          out.append('}');
          break;
        }
      case START_ARRAY:
        {
          out.append('[');
          boolean first = true;
          while (p.nextToken() != JsonToken.END_ARRAY) {
            if (!first) {
              out.append(',');
            }
            first = false;
            canonical(p, out);
          }
          out.append(']');
          break;
        }
      case VALUE_STRING:
        quote(p.getText(), out);
        break;
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        out.append(canonicalNumber(p));
        break;
      default:
        // true, false, null
        out.append(p.getText());
    }
  }

  /** The number in a canonical form: {@code 1}, {@code 1.0}, {@code 1e0} and {@code 10E-1} give {@code 1}. */
  static String canonicalNumber(JsonParser p) throws IOException {
    BigDecimal value;
    try {
      value = p.getDecimalValue();
    } catch (NumberFormatException | ArithmeticException e) {
      return p.getText();
    }
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toString();
  }

  private static void quote(String text, StringBuilder out) {
    out.append('"');
    JsonStringEncoder.getInstance().quoteAsString(text, out);
    out.append('"');
  }
}
