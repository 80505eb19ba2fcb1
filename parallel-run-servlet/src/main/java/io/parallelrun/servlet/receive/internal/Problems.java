package io.parallelrun.servlet.receive.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes the receiver's JSON answers: RFC 9457 problems and batch results. */
public final class Problems {

  /** Prefix of every problem type; the slug follows, for example {@code urn:parallel-run:problem:invalid-field}. */
  public static final String TYPE_PREFIX = "urn:parallel-run:problem:";

  private static final JsonFactory JSON = new JsonFactory();

  private Problems() {}

  /** A rejected line of a batch. */
  public static final class LineRejection {
    public final int line;
    public final String pointer;
    public final String detail;

    public LineRejection(int line, String pointer, String detail) {
      this.line = line;
      this.pointer = pointer;
      this.detail = detail;
    }
  }

  /** A problem document; {@code pointer} and {@code rejected} are left out when null. */
  public static byte[] problem(String slug, String title, int status, String detail, String pointer,
      List<LineRejection> rejected) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("type", TYPE_PREFIX + slug);
      g.writeStringField("title", title);
      g.writeNumberField("status", status);
      g.writeStringField("detail", detail);
      if (pointer != null) {
        g.writeStringField("pointer", pointer);
      }
      if (rejected != null) {
        writeRejected(g, rejected);
      }
      g.writeEndObject();
    });
  }

  /** {@code {"id": "..."}}. */
  public static byte[] accepted(String id) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("id", id);
      g.writeEndObject();
    });
  }

  /** {@code {"accepted": n, "rejected": [{"line": k, "pointer": "...", "detail": "..."}]}}. */
  public static byte[] batch(int accepted, List<LineRejection> rejected) {
    return write(g -> {
      g.writeStartObject();
      g.writeNumberField("accepted", accepted);
      writeRejected(g, rejected);
      g.writeEndObject();
    });
  }

  private static void writeRejected(JsonGenerator g, List<LineRejection> rejected) throws IOException {
    g.writeArrayFieldStart("rejected");
    for (LineRejection r : rejected) {
      g.writeStartObject();
      g.writeNumberField("line", r.line);
      if (r.pointer != null) {
        g.writeStringField("pointer", r.pointer);
      }
      g.writeStringField("detail", r.detail);
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] write(Writer writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
