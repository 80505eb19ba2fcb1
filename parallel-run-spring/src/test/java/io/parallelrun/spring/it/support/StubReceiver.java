package io.parallelrun.spring.it.support;

import com.sun.net.httpserver.HttpServer;
import io.parallelrun.core.payload.ConsistencyCheckPayload;
import io.parallelrun.core.wire.PayloadCodec;
import io.parallelrun.core.wire.PayloadSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A candidate receiver double on a JDK HttpServer: verifies the signature, decodes every NDJSON
 * line with the wire codec, keeps the payloads and answers like the real receiver.
 */
public final class StubReceiver implements AutoCloseable {

  private final HttpServer server;
  private final PayloadSignature signature;
  private final PayloadCodec codec = PayloadCodec.standard();
  private final List<ConsistencyCheckPayload> payloads = new CopyOnWriteArrayList<>();
  private final AtomicInteger badSignatures = new AtomicInteger();

  public StubReceiver(String secret) throws IOException {
    this.signature = PayloadSignature.withSecret(secret);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/consistency-checks", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String header = exchange.getRequestHeaders().getFirst("Parallel-Run-Signature");
      String answer;
      int status;
      if (signature.verify(header, body, System.currentTimeMillis() / 1000) != PayloadSignature.Verification.VALID) {
        badSignatures.incrementAndGet();
        status = 401;
        answer = "{}";
      } else {
        List<ConsistencyCheckPayload> lines = new ArrayList<>();
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && contentType.startsWith("application/x-ndjson")) {
          for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
              lines.add(codec.read(line.getBytes(StandardCharsets.UTF_8)));
            }
          }
        } else {
          lines.add(codec.read(body));
        }
        payloads.addAll(lines);
        status = 202;
        answer = "{\"accepted\":" + lines.size() + ",\"rejected\":[]}";
      }
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  /** The receiver URL. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/consistency-checks";
  }

  public List<ConsistencyCheckPayload> payloads() {
    return payloads;
  }

  public int badSignatures() {
    return badSignatures.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
