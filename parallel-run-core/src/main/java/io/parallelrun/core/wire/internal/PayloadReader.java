package io.parallelrun.core.wire.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.payload.HttpHeaders;
import io.parallelrun.core.wire.InvalidPayloadException;
import io.parallelrun.core.wire.InvalidPayloadException.Kind;
import io.parallelrun.core.wire.PayloadLimits;
import io.parallelrun.core.wire.WireProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/** Reads one version-1 payload. Not thread-safe: one instance per read. */
public final class PayloadReader {

  /** Methods that may be captured and replayed. TRACE and CONNECT never are. */
  public static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private static final int MAX_REQUEST_ID_LENGTH = 200;

  private final JsonFactory factory;
  private final PayloadLimits limits;
  private JsonParser parser;

  public PayloadReader(JsonFactory factory, PayloadLimits limits) {
    this.factory = factory;
    this.limits = limits;
  }

  public ConsistencyCheckPayload read(byte[] buffer, int offset, int length) {
    checkUtf8(buffer, offset, length);
    try (JsonParser p = factory.createParser(buffer, offset, length)) {
      this.parser = p;
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw invalid("", "the payload must be a JSON object");
      }
      ConsistencyCheckPayload payload = readRoot();
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        throw new InvalidPayloadException(
            Kind.MALFORMED_JSON, "", "unexpected content after the payload object (" + trailing.asString() + ")");
      }
      return payload;
    } catch (StreamConstraintsException e) {
      throw new InvalidPayloadException(Kind.LIMIT_EXCEEDED, pointerAtParser(), firstLine(e.getOriginalMessage()));
    } catch (StreamReadException e) {
      String message = e.getOriginalMessage();
      if (message != null && message.startsWith("Duplicate field")) {
        throw new InvalidPayloadException(
            Kind.INVALID_FIELD, pointerAtParser(), "the field appears more than once: " + firstLine(message));
      }
      throw new InvalidPayloadException(
          Kind.MALFORMED_JSON,
          pointerAtParser(),
          "not valid JSON: " + firstLine(message) + location(e));
    } catch (IOException e) {
      throw new InvalidPayloadException(Kind.MALFORMED_JSON, "", "the payload could not be read: " + e.getMessage());
    }
  }

  /**
   * The wire format is UTF-8 JSON. Jackson's parser lets overlong forms and code points above
   * U+10FFFF through, and guesses UTF-16 or UTF-32 from NUL bytes, so the bytes are checked before
   * parsing. A NUL byte is never valid in JSON text (it must be escaped in a string).
   */
  private static void checkUtf8(byte[] buffer, int offset, int length) {
    int invalid = BodyText.firstInvalidUtf8(buffer, offset, length);
    if (invalid >= 0) {
      throw new InvalidPayloadException(
          Kind.MALFORMED_JSON, "", "the payload is not valid UTF-8: invalid byte sequence at offset " + (invalid - offset));
    }
    for (int i = offset, end = offset + length; i < end; i++) {
      if (buffer[i] == 0) {
        throw new InvalidPayloadException(
            Kind.MALFORMED_JSON, "", "the payload is not UTF-8 JSON: a NUL byte at offset " + (i - offset));
      }
    }
  }

  private ConsistencyCheckPayload readRoot() throws IOException {
    ConsistencyCheckPayload.Builder builder = ConsistencyCheckPayload.builder();
    boolean sawRequest = false;
    boolean sawResponse = false;
    String field;
    while ((field = parser.nextFieldName()) != null) {
      JsonToken token = parser.nextToken();
      switch (field) {
        case "version":
          if (token != JsonToken.VALUE_NULL) {
            if (token != JsonToken.VALUE_NUMBER_INT) {
              throw invalid("/version", "the version must be an integer");
            }
            if (parser.getNumberType() != JsonParser.NumberType.INT || parser.getIntValue() != WireProtocol.VERSION) {
              throw new InvalidPayloadException(
                  Kind.UNSUPPORTED_VERSION, "/version",
                  "version " + parser.getText() + " is not supported; this receiver reads version " + WireProtocol.VERSION);
            }
          }
          break;
        case "operationId":
          String operationId = optionalString(token, "/operationId");
          if (operationId != null && !OperationPolicies.isValidOperationId(operationId)) {
            throw invalid("/operationId", "the operation id must be " + OperationPolicies.OPERATION_ID_RULE);
          }
          builder.operationId(operationId);
          break;
        case "requestId":
          String requestId = optionalString(token, "/requestId");
          if (requestId != null && (requestId.length() > MAX_REQUEST_ID_LENGTH || hasControl(requestId))) {
            throw invalid("/requestId", "the request id must be at most " + MAX_REQUEST_ID_LENGTH
                + " characters without control characters");
          }
          builder.requestId(requestId);
          break;
        case "capturedAt":
          String capturedAt = optionalString(token, "/capturedAt");
          if (capturedAt != null) {
            try {
              builder.capturedAt(Instant.parse(capturedAt));
            } catch (DateTimeParseException e) {
              throw invalid("/capturedAt", "capturedAt must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            }
          }
          break;
        case "legacyLatencyMicros":
          if (token != JsonToken.VALUE_NULL) {
            if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
              throw invalid("/legacyLatencyMicros", "legacyLatencyMicros must be a whole number of microseconds");
            }
            long micros = parser.getLongValue();
            if (micros < 0) {
              throw invalid("/legacyLatencyMicros", "legacyLatencyMicros must not be negative");
            }
            builder.legacyLatencyMicros(micros);
          }
          break;
        case "request":
          expectObject(token, "/request", "the request");
          builder.request(readRequest());
          sawRequest = true;
          break;
        case "response":
          expectObject(token, "/response", "the response");
          builder.response(readResponse());
          sawResponse = true;
          break;
        default:
          parser.skipChildren(); // unknown fields are ignored, for forward compatibility
      }
    }
    if (!sawRequest) {
      throw invalid("/request", "the payload has no request");
    }
    if (!sawResponse) {
      throw invalid("/response", "the payload has no response");
    }
    return builder.build();
  }

  private CapturedRequest readRequest() throws IOException {
    String target = null;
    String method = null;
    HttpHeaders headers = HttpHeaders.empty();
    Body body = new Body("/request");
    String field;
    while ((field = parser.nextFieldName()) != null) {
      JsonToken token = parser.nextToken();
      switch (field) {
        case "url":
          expectObject(token, "/request/url", "the url");
          target = readUrl();
          break;
        case "method":
          if (token != JsonToken.VALUE_STRING) {
            throw invalid("/request/method", "the method must be a string such as \"GET\"");
          }
          method = checkMethod(parser.getText());
          break;
        case "headers":
          headers = readHeaders(token, "/request/headers");
          break;
        default:
          if (!body.accept(field, token)) {
            parser.skipChildren();
          }
      }
    }
    if (target == null) {
      throw invalid("/request/url", "the request has no url");
    }
    if (method == null) {
      throw invalid("/request/method", "the request has no method");
    }
    return CapturedRequest.of(method, target, headers, body.bytes(headers), body.truncated);
  }

  private CapturedResponse readResponse() throws IOException {
    int status = -1;
    HttpHeaders headers = HttpHeaders.empty();
    Body body = new Body("/response");
    String field;
    while ((field = parser.nextFieldName()) != null) {
      JsonToken token = parser.nextToken();
      switch (field) {
        case "status":
          if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT) {
            throw invalid("/response/status", "the status must be a whole number from 100 to 599");
          }
          status = parser.getIntValue();
          if (status < 100 || status > 599) {
            throw invalid("/response/status", "the status must be from 100 to 599, was " + status);
          }
          break;
        case "headers":
          headers = readHeaders(token, "/response/headers");
          break;
        default:
          if (!body.accept(field, token)) {
            parser.skipChildren();
          }
      }
    }
    if (status < 0) {
      throw invalid("/response/status", "the response has no status");
    }
    return CapturedResponse.of(status, headers, body.bytes(headers), body.truncated);
  }

  private String readUrl() throws IOException {
    String path = null;
    String field;
    while ((field = parser.nextFieldName()) != null) {
      JsonToken token = parser.nextToken();
      if (field.equals("path")) {
        if (token != JsonToken.VALUE_STRING) {
          throw invalid("/request/url/path", "the path must be a string such as \"/returns/1?x=y\"");
        }
        path = parser.getText();
      } else {
        parser.skipChildren();
      }
    }
    if (path == null) {
      throw invalid("/request/url/path", "the url has no path");
    }
    return RequestTargets.check(path, limits.maxTargetLength(), "/request/url/path");
  }

  private String checkMethod(String method) {
    String upper = method.toUpperCase(Locale.ROOT);
    if (upper.equals("TRACE") || upper.equals("CONNECT")) {
      throw invalid("/request/method", "the method " + upper + " is never replayed");
    }
    if (!METHODS.contains(upper)) {
      throw invalid("/request/method", "unknown method '" + shorten(method) + "'; expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    }
    return upper;
  }

  private HttpHeaders readHeaders(JsonToken token, String pointer) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return HttpHeaders.empty();
    }
    expectObject(token, pointer, "the headers");
    HttpHeaders.Builder builder = HttpHeaders.builder();
    int fields = 0;
    long bytes = 0;
    String name;
    while ((name = parser.nextFieldName()) != null) {
      String namePointer = pointer + "/" + escape(name);
      if (!isToken(name)) {
        throw invalid(namePointer, "'" + shorten(name) + "' is not a valid header name");
      }
      JsonToken valueToken = parser.nextToken();
      if (valueToken == JsonToken.VALUE_STRING) {
        fields++;
        String value = headerValue(namePointer);
        bytes += name.length() + value.length();
        builder.add(name, value);
      } else if (valueToken == JsonToken.START_ARRAY) {
        int index = 0;
        JsonToken item;
        while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
          String itemPointer = namePointer + "/" + index;
          if (item != JsonToken.VALUE_STRING) {
            throw invalid(itemPointer, "a header value must be a string");
          }
          fields++;
          String value = headerValue(itemPointer);
          bytes += name.length() + value.length();
          builder.add(name, value);
          index++;
          checkHeaderLimits(fields, bytes, pointer);
        }
        if (index == 0) {
          throw invalid(namePointer, "a header must have at least one value");
        }
      } else {
        throw invalid(namePointer, "a header value must be a string or an array of strings");
      }
      checkHeaderLimits(fields, bytes, pointer);
    }
    return builder.build();
  }

  private void checkHeaderLimits(int fields, long bytes, String pointer) {
    if (fields > limits.maxHeaders()) {
      throw new InvalidPayloadException(Kind.LIMIT_EXCEEDED, pointer,
          "more than " + limits.maxHeaders() + " header fields");
    }
    if (bytes > limits.maxHeaderBytes()) {
      throw new InvalidPayloadException(Kind.LIMIT_EXCEEDED, pointer,
          "the headers are larger than " + limits.maxHeaderBytes() + " characters");
    }
  }

  private String headerValue(String pointer) throws IOException {
    String value = parser.getText();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7F) {
        throw invalid(pointer, c == '\r' || c == '\n'
            ? "a header value must not contain CR or LF"
            : "a header value must not contain control characters");
      }
    }
    return value;
  }

  /** Body fields of a request or response: {@code body}, {@code bodyEncoding}, {@code truncated}. */
  private final class Body {
    private final String pointer;
    /** The body string when it holds a character above U+007F, else {@code null}. */
    private String text;
    /** The body string when it is all ASCII, as its bytes (the same in every ASCII-compatible charset). */
    private byte[] asciiText;
    private byte[] decoded;
    private boolean present;
    private String encoding;
    private boolean truncated;

    Body(String pointer) {
      this.pointer = pointer;
    }

    boolean accept(String field, JsonToken token) throws IOException {
      switch (field) {
        case "body":
          if (token == JsonToken.VALUE_NULL) {
            present = false;
          } else if (token == JsonToken.VALUE_STRING) {
            present = true;
            if ("base64".equals(encoding)) {
              decoded = decodeBase64Here();
            } else {
              readText();
            }
          } else {
            throw invalid(pointer + "/body", "the body must be a string or null");
          }
          return true;
        case "bodyEncoding":
          if (token == JsonToken.VALUE_NULL) {
            encoding = null;
            return true;
          }
          if (token != JsonToken.VALUE_STRING
              || !(parser.getText().equals("text") || parser.getText().equals("base64"))) {
            throw invalid(pointer + "/bodyEncoding", "bodyEncoding must be \"text\" or \"base64\"");
          }
          encoding = parser.getText();
          return true;
        case "truncated":
          if (token == JsonToken.VALUE_NULL) {
            return true;
          }
          if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
            throw invalid(pointer + "/truncated", "truncated must be true or false");
          }
          truncated = token == JsonToken.VALUE_TRUE;
          return true;
        default:
          return false;
      }
    }

    /** Reads the body string from the parser's buffer: most bodies are ASCII and need no String at all. */
    private void readText() throws IOException {
      char[] chars = parser.getTextCharacters();
      int offset = parser.getTextOffset();
      int length = parser.getTextLength();
      // two loops without an early exit, which the JIT turns into vector code
      int all = 0;
      for (int i = 0; i < length; i++) {
        all |= chars[offset + i];
      }
      if (all >= 0x80) {
        text = new String(chars, offset, length);
        asciiText = null;
        return;
      }
      byte[] bytes = new byte[length];
      for (int i = 0; i < length; i++) {
        bytes[i] = (byte) chars[offset + i];
      }
      asciiText = bytes;
      text = null;
    }

    private byte[] decodeBase64Here() throws IOException {
      // a character outside Latin-1 becomes '?', which base64 refuses like any other stray character
      return decodeBase64(parser.getText().getBytes(StandardCharsets.ISO_8859_1));
    }

    private byte[] decodeBase64(byte[] value) {
      try {
        return Base64.getDecoder().decode(value);
      } catch (IllegalArgumentException e) {
        throw invalid(pointer + "/body", "the body is not valid base64: " + e.getMessage());
      }
    }

    byte[] bytes(HttpHeaders headers) {
      if (!present) {
        return null;
      }
      if (decoded != null) {
        return decoded;
      }
      if ("base64".equals(encoding)) {
        return decodeBase64(asciiText != null ? asciiText : text.getBytes(StandardCharsets.ISO_8859_1));
      }
      return asciiText != null ? asciiText : encode(text, BodyText.readCharset(headers));
    }

    private byte[] encode(String value, Charset charset) {
      try {
        ByteBuffer buffer =
            charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(value));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
      } catch (CharacterCodingException | UnsupportedOperationException e) {
        throw invalid(pointer + "/body",
            "the text body has characters that " + charset.name() + " (its declared charset) cannot encode;"
                + " send it as base64");
      }
    }
  }

  private String optionalString(JsonToken token, String pointer) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_STRING) {
      throw invalid(pointer, pointer.substring(1) + " must be a string");
    }
    return parser.getText();
  }

  private void expectObject(JsonToken token, String pointer, String what) {
    if (token != JsonToken.START_OBJECT) {
      throw invalid(pointer, what + " must be a JSON object");
    }
  }

  private static InvalidPayloadException invalid(String pointer, String problem) {
    return new InvalidPayloadException(Kind.INVALID_FIELD, pointer, problem);
  }

  /** Whether the name is an RFC 9110 token. */
  static boolean isToken(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < 0x20 || s.charAt(i) == 0x7F) {
        return true;
      }
    }
    return false;
  }

  /** Escapes a JSON Pointer segment (RFC 6901). */
  static String escape(String segment) {
    if (segment.indexOf('~') < 0 && segment.indexOf('/') < 0) {
      return segment;
    }
    return segment.replace("~", "~0").replace("/", "~1");
  }

  private String pointerAtParser() {
    if (parser == null) {
      return "";
    }
    try {
      return parser.getParsingContext().pathAsPointer().toString();
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static String location(StreamReadException e) {
    if (e.getLocation() == null) {
      return "";
    }
    return " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    return shorten(newline < 0 ? message : message.substring(0, newline));
  }

  static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
