package io.parallelrun.servlet.testing;

import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.wire.InvalidPayloadException;
import io.parallelrun.core.wire.PayloadCodec;
import io.parallelrun.core.wire.PayloadSignature;
import io.parallelrun.core.wire.WireProtocol;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A test double of the candidate's receiver on its own Jetty: verifies the signature with {@link
 * PayloadSignature}, decodes each payload (one JSON, or NDJSON lines) with {@link PayloadCodec}, keeps
 * them, and answers as the real receiver does (202 with the batch counts, 400, 401, 415).
 */
public final class TestReceiver extends HttpServlet implements AutoCloseable {

  /** One POST as it arrived. */
  public static final class Post {
    public final String contentType;
    public final String signature;
    public final byte[] body;

    Post(String contentType, String signature, byte[] body) {
      this.contentType = contentType;
      this.signature = signature;
      this.body = body;
    }
  }

  private final PayloadSignature signature;
  private final Jetty jetty;
  public final ConcurrentLinkedQueue<Post> posts = new ConcurrentLinkedQueue<>();
  public final ConcurrentLinkedQueue<ConsistencyCheckPayload> payloads = new ConcurrentLinkedQueue<>();
  public final Map<String, ConsistencyCheckPayload> byTestId = new ConcurrentHashMap<>();
  public final AtomicInteger unauthorised = new AtomicInteger();
  /** Lines matching this predicate are rejected, as an invalid payload would be. */
  public volatile Predicate<ConsistencyCheckPayload> rejectIf = p -> false;

  public TestReceiver(String secret) {
    this.signature = PayloadSignature.withSecret(secret);
    this.jetty = Jetty.start(this, null);
  }

  public String url() {
    return jetty.url(WireProtocol.DEFAULT_PATH);
  }

  public PayloadSignature signature() {
    return signature;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    byte[] body = req.getInputStream().readAllBytes();
    String header = req.getHeader(WireProtocol.SIGNATURE_HEADER);
    posts.add(new Post(req.getContentType(), header, body));
    PayloadSignature.Verification verification = signature.verify(header, body, Instant.now().getEpochSecond());
    if (verification != PayloadSignature.Verification.VALID) {
      unauthorised.incrementAndGet();
      problem(resp, 401, verification.description());
      return;
    }
    String contentType = req.getContentType() == null ? "" : req.getContentType();
    if (contentType.startsWith(WireProtocol.NDJSON)) {
      int accepted = 0;
      StringBuilder rejected = new StringBuilder();
      int line = 0;
      int start = 0;
      for (int i = 0; i <= body.length; i++) {
        if (i == body.length || body[i] == '\n') {
          if (i > start) {
            line++;
            String detail = take(body, start, i - start);
            if (detail == null) {
              accepted++;
            } else {
              rejected.append(rejected.length() == 0 ? "" : ",").append("{\"line\":").append(line)
                  .append(",\"detail\":\"").append(detail.replace("\"", "'")).append("\"}");
            }
          }
          start = i + 1;
        }
      }
      if (accepted == 0) {
        problem(resp, 400, "no valid line");
        return;
      }
      resp.setStatus(202);
      resp.setContentType("application/json");
      resp.getWriter().write("{\"accepted\":" + accepted + ",\"rejected\":[" + rejected + "]}");
    } else if (contentType.startsWith(WireProtocol.JSON)) {
      String detail = take(body, 0, body.length);
      if (detail != null) {
        problem(resp, 400, detail);
        return;
      }
      resp.setStatus(202);
      resp.setContentType("application/json");
      resp.getWriter().write("{\"id\":\"" + java.util.UUID.randomUUID() + "\"}");
    } else {
      problem(resp, 415, "unsupported content type " + contentType);
    }
  }

  private String take(byte[] body, int offset, int length) {
    try {
      ConsistencyCheckPayload payload = PayloadCodec.standard().read(body, offset, length);
      if (rejectIf.test(payload)) {
        return "rejected by the test";
      }
      payloads.add(payload);
      String id = payload.request().headers().first("X-Test-Id");
      if (id != null) {
        byTestId.put(id, payload);
      }
      return null;
    } catch (InvalidPayloadException e) {
      return e.getMessage();
    }
  }

  private static void problem(HttpServletResponse resp, int status, String detail) throws IOException {
    resp.setStatus(status);
    resp.setContentType(WireProtocol.PROBLEM_JSON);
    resp.getOutputStream().write(("{\"status\":" + status + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}")
        .getBytes(StandardCharsets.UTF_8));
  }

  public List<ConsistencyCheckPayload> payloadList() {
    return List.copyOf(payloads);
  }

  @Override
  public void close() {
    jetty.close();
  }
}
