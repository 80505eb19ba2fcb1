package io.parallelrun.core.wire.internal;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.payload.HttpHeaders;
import io.parallelrun.core.wire.WireProtocol;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes the version-1 wire format. Stateless. */
public final class PayloadWriter {
  private PayloadWriter() {}

  public static void write(ConsistencyCheckPayload payload, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeNumberField("version", WireProtocol.VERSION);
    if (payload.operationId() != null) {
      g.writeStringField("operationId", payload.operationId());
    }
    if (payload.requestId() != null) {
      g.writeStringField("requestId", payload.requestId());
    }
    if (payload.capturedAt() != null) {
      g.writeStringField("capturedAt", payload.capturedAt().toString());
    }
    if (payload.legacyLatencyMicros().isPresent()) {
      g.writeNumberField("legacyLatencyMicros", payload.legacyLatencyMicros().getAsLong());
    }
    writeRequest(payload.request(), g);
    writeResponse(payload.response(), g);
    g.writeEndObject();
  }

  private static void writeRequest(CapturedRequest request, JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("request");
    g.writeObjectFieldStart("url");
    g.writeStringField("path", request.target());
    g.writeEndObject();
    g.writeStringField("method", request.method());
    writeHeaders(request.headers(), g);
    writeBody(request.headers(), request.body(), request.truncated(), g);
    g.writeEndObject();
  }

  private static void writeResponse(CapturedResponse response, JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("response");
    g.writeNumberField("status", response.status());
    writeHeaders(response.headers(), g);
    writeBody(response.headers(), response.body(), response.truncated(), g);
    g.writeEndObject();
  }

  private static void writeHeaders(HttpHeaders headers, JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("headers");
    for (String name : headers.names()) {
      List<String> values = headers.all(name);
      g.writeFieldName(name);
      if (values.size() == 1) {
        g.writeString(values.get(0));
      } else {
        g.writeStartArray();
        for (String value : values) {
          g.writeString(value);
        }
        g.writeEndArray();
      }
    }
    g.writeEndObject();
  }

  private static void writeBody(HttpHeaders headers, byte[] body, boolean truncated, JsonGenerator g)
      throws IOException {
    if (body == null) {
      g.writeNullField("body");
    } else {
      Charset charset = BodyText.writeCharset(headers);
      boolean ascii = StandardCharsets.US_ASCII.equals(charset);
      // UTF-8 and ASCII bodies go out as text when they are valid in their charset
      boolean asText = (ascii || StandardCharsets.UTF_8.equals(charset))
          && JsonStrings.writeField(g, "body", body, 0, body.length, ascii);
      if (!asText) {
        if (StandardCharsets.ISO_8859_1.equals(charset)) {
          g.writeStringField("body", new String(body, StandardCharsets.ISO_8859_1));
        } else {
          g.writeStringField("bodyEncoding", "base64");
          g.writeFieldName("body");
          g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, body, 0, body.length);
        }
      }
    }
    if (truncated) {
      g.writeBooleanField("truncated", true);
    }
  }
}
