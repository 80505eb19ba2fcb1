package io.parallelrun.servlet.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** HTTP/1.1 over a raw socket, so that a test sees exactly the bytes a client gets. */
public final class RawHttp {
  private RawHttp() {}

  /** A response as received: status line, header lines in order, and the raw body (framing included). */
  public static final class Response {
    public final String statusLine;
    public final List<String[]> headers;
    public final byte[] rawBody;
    public final byte[] all;

    Response(String statusLine, List<String[]> headers, byte[] rawBody, byte[] all) {
      this.statusLine = statusLine;
      this.headers = headers;
      this.rawBody = rawBody;
      this.all = all;
    }

    public int status() {
      return Integer.parseInt(statusLine.split(" ")[1]);
    }

    public String header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    /** Header lines without {@code Date}, as they came. */
    public List<String> headersWithoutDate() {
      List<String> out = new ArrayList<>();
      for (String[] h : headers) {
        if (!h[0].equalsIgnoreCase("Date")) {
          out.add(h[0] + ": " + h[1]);
        }
      }
      return out;
    }

    /** The body with chunked framing removed. */
    public byte[] body() {
      String te = header("Transfer-Encoding");
      if (te == null || !te.toLowerCase(Locale.ROOT).contains("chunked")) {
        return rawBody;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int pos = 0;
      while (pos < rawBody.length) {
        int eol = indexOf(rawBody, "\r\n".getBytes(StandardCharsets.US_ASCII), pos);
        String sizeLine = new String(rawBody, pos, eol - pos, StandardCharsets.US_ASCII);
        int semicolon = sizeLine.indexOf(';');
        int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
        pos = eol + 2;
        if (size == 0) {
          break;
        }
        out.write(rawBody, pos, size);
        pos += size + 2;
      }
      return out.toByteArray();
    }
  }

  /** Sends the request (which should say {@code Connection: close}) and reads until the server closes. */
  public static Response exchange(int port, byte[] request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] all = in.readAllBytes();
      return parse(all);
    }
  }

  static Response parse(byte[] all) {
    int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
    if (end < 0) {
      throw new IllegalStateException("no complete response head in " + new String(all, StandardCharsets.ISO_8859_1));
    }
    String head = new String(all, 0, end, StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r\n");
    List<String[]> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
    }
    return new Response(lines[0], headers, Arrays.copyOfRange(all, end + 4, all.length), all);
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
