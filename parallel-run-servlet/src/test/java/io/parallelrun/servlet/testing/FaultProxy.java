package io.parallelrun.servlet.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1-aware TCP proxy on a loopback port, placed between the legacy publisher and a
 * receiver, that injects one {@link Fault} at a time under the test's control; {@link
 * #fault(Fault)} may flip it at any moment during a run.
 *
 * <p>The fault is chosen per request, when its head has arrived, so a pooled keep-alive connection
 * is affected as much as a new one. {@link Fault#REFUSE} closes the listening socket (connections
 * are then refused by the kernel) and closes every connection between exchanges; leaving it binds
 * the same port again. The proxy counts what it did with each request, so that a test can tell that a fault
 * really happened.
 *
 * <p>Plain blocking sockets, two threads at most per connection; thread-safe.
 */
public final class FaultProxy implements AutoCloseable {

  /** What the proxy does with the next request. */
  public enum Fault {
    /** Forward the request and the answer unchanged. */
    NONE,
    /** Refuse connections; open connections are reset. */
    REFUSE,
    /** Accept and read the request, never answer; the connection is held until the client gives up. */
    HANG,
    /** Forward, then hold the receiver's answer for {@link #slowDelay(Duration)} before passing it on. */
    SLOW,
    /** Forward the head and half of the request body, then reset both connections. */
    RESET_REQUEST,
    /** Forward the request, pass on the head and half of the answer's body, then reset the client. */
    RESET_RESPONSE,
    /** Answer 500, 502, 503 (with {@code Retry-After: 0}) or 504 in turn, without forwarding. */
    ANSWER_5XX,
    /** Answer random bytes, or a 202 whose body is not JSON, in turn, without forwarding; then close. */
    GARBAGE
  }

  private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};
  private static final int MAX_HEAD = 64 * 1024;
  private static final int[] STATUSES = {500, 502, 503, 504};

  private final int port;
  private final Object listenerLock = new Object();
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final Map<Fault, AtomicLong> served = new EnumMap<>(Fault.class);
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong unconfirmed = new AtomicLong();
  private final AtomicLong rebindFailures = new AtomicLong();
  private final AtomicInteger turn = new AtomicInteger();
  private final AtomicInteger threadNumber = new AtomicInteger();

  private volatile InetSocketAddress upstream;
  private volatile Fault fault = Fault.NONE;
  private volatile long slowDelayMillis = 300;
  private volatile boolean closed;
  private ServerSocket listener; // guarded by listenerLock

  /** A proxy on a random loopback port in front of {@code upstreamPort} on loopback. */
  public FaultProxy(int upstreamPort) throws IOException {
    for (Fault f : Fault.values()) {
      served.put(f, new AtomicLong());
    }
    this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
    ServerSocket socket = bindBelowEphemeralRange();
    this.port = socket.getLocalPort();
    synchronized (listenerLock) {
      listener = socket;
    }
    startAcceptor(socket);
  }

  /**
   * A port below the kernel's ephemeral range (32768 and up on Linux): while {@link Fault#REFUSE}
   * has the port closed, an outgoing connection could otherwise be given it as its local port,
   * and binding it again would fail.
   */
  private static ServerSocket bindBelowEphemeralRange() throws IOException {
    Random random = new Random();
    IOException last = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        return bind(20_000 + random.nextInt(12_000));
      } catch (IOException e) {
        last = e; // taken: try another
      }
    }
    throw last;
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
    return socket;
  }

  /** The proxy's port. */
  public int port() {
    return port;
  }

  /** The URL of a receiver at {@code path} behind this proxy. */
  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** Points the proxy at another upstream port, for a receiver that restarted elsewhere. */
  public void upstream(int upstreamPort) {
    this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
  }

  /** How long {@link Fault#SLOW} holds an answer; default 300 ms. */
  public FaultProxy slowDelay(Duration delay) {
    this.slowDelayMillis = delay.toMillis();
    return this;
  }

  /** The current fault. */
  public Fault fault() {
    return fault;
  }

  /**
   * Switches to another fault; takes effect for the next request on every connection. An exchange
   * already under way finishes as it started, so that switching never cuts off an answer the
   * receiver gave (except {@link Fault#RESET_RESPONSE}, which counts what it cut off).
   */
  public void fault(Fault next) {
    synchronized (listenerLock) {
      Fault previous = fault;
      fault = next;
      if (next == Fault.REFUSE && previous != Fault.REFUSE) {
        closeQuietly(listener);
        listener = null;
        for (Connection c : connections) {
          c.closeIfIdle();
        }
      } else if (next != Fault.REFUSE && listener == null && !closed) {
        try {
          listener = bind(port);
          startAcceptor(listener);
        } catch (IOException e) {
          // another process holds the port for now: still refused, tried again at the next switch
          rebindFailures.incrementAndGet();
        }
      }
      if (next != Fault.HANG) {
        for (Connection c : connections) {
          c.endHang(); // a hung connection lasts as long as the fault
        }
      }
    }
  }

  /** One client connection and whether it is between exchanges. */
  private static final class Connection {
    static final int IDLE = 0;
    static final int BUSY = 1;
    static final int HUNG = 2;
    static final int CLOSED = 3;

    final Socket socket;
    final AtomicInteger state = new AtomicInteger(IDLE);

    Connection(Socket socket) {
      this.socket = socket;
    }

    /** Marks an exchange under way; false when the connection was closed meanwhile. */
    boolean begin() {
      return state.compareAndSet(IDLE, BUSY);
    }

    /** Marks the exchange done; false when the connection was closed meanwhile. */
    boolean end() {
      return state.compareAndSet(BUSY, IDLE);
    }

    boolean hang() {
      return state.compareAndSet(BUSY, HUNG);
    }

    /**
     * Closes a connection between exchanges, with a FIN: its last answer may still wait in the
     * client's buffer, which a reset would discard.
     */
    void closeIfIdle() {
      if (state.compareAndSet(IDLE, CLOSED)) {
        closeQuietly(socket);
      }
    }

    void endHang() {
      if (state.compareAndSet(HUNG, CLOSED)) {
        closeQuietly(socket);
      }
    }
  }

  /** Requests the proxy handled under this fault ({@link Fault#NONE}: forwarded and answered). */
  public long served(Fault f) {
    return served.get(f).get();
  }

  /**
   * Payloads the receiver took, by its own answer (accepted, and rejected lines it counted), whose
   * answer {@link Fault#RESET_RESPONSE} cut off: the receiver has them, the publisher cannot know it.
   */
  public long receivedButUnconfirmed() {
    return unconfirmed.get();
  }

  private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
  private static final Pattern LINE = Pattern.compile("\"line\"\\s*:");

  private static long takenBy(Message answer) {
    String text = new String(answer.bytes, StandardCharsets.UTF_8);
    if (!text.startsWith("HTTP/1.1 2")) {
      return 0; // a receiver answering 4xx or 5xx took nothing it did not also tell the sender about
    }
    String body = text.substring(answer.headLength);
    Matcher accepted = ACCEPTED.matcher(body);
    if (!accepted.find()) {
      return 1; // a single payload's answer is {"id": ...}
    }
    long lines = LINE.matcher(body).results().count();
    return Long.parseLong(accepted.group(1)) + lines;
  }

  /** Connections accepted so far. */
  public long connections() {
    return accepted.get();
  }

  /** Threads the proxy runs now, its acceptor included. */
  public int threads() {
    return threads.size();
  }

  private void startAcceptor(ServerSocket socket) {
    start("fault-proxy-accept", () -> accept(socket));
  }

  private void start(String name, Runnable body) {
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } finally {
        threads.remove(Thread.currentThread());
      }
    }, name + "-" + threadNumber.incrementAndGet());
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        return; // closed: REFUSE or close()
      }
      accepted.incrementAndGet();
      Connection connection = new Connection(client);
      connections.add(connection);
      if (fault == Fault.REFUSE || closed) {
        connection.closeIfIdle(); // accepted just before the listener closed
        connections.remove(connection);
        continue;
      }
      start("fault-proxy-conn", () -> serve(connection));
    }
  }

  private void serve(Connection connection) {
    Socket client = connection.socket;
    Socket upstreamSocket = null;
    boolean graceful = false;
    try {
      client.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      InputStream upIn = null;
      OutputStream upOut = null;
      while (true) {
        Message request = Message.read(in, null);
        if (request == null || !connection.begin()) {
          return;
        }
        Fault f = fault;
        switch (f) {
          case REFUSE:
            served.get(f).incrementAndGet();
            return; // reset below: nothing was forwarded
          case HANG:
            served.get(f).incrementAndGet();
            if (!connection.hang() || fault != Fault.HANG) {
              return; // flipped away meanwhile: do not hold it
            }
            in.transferTo(OutputStream.nullOutputStream()); // until the client or endHang() closes it
            return;
          case ANSWER_5XX:
            served.get(f).incrementAndGet();
            out.write(fiveHundred());
            out.flush();
            break;
          case GARBAGE:
            served.get(f).incrementAndGet();
            out.write(garbage());
            out.flush();
            graceful = true;
            return;
          case RESET_REQUEST:
            served.get(f).incrementAndGet();
            upstreamSocket = connectUpstream();
            OutputStream partial = upstreamSocket.getOutputStream();
            int bodyLength = request.bytes.length - request.headLength;
            partial.write(request.bytes, 0, request.headLength + bodyLength / 2);
            partial.flush();
            reset(upstreamSocket);
            return;
          default: // NONE, SLOW, RESET_RESPONSE
            if (upstreamSocket == null) {
              upstreamSocket = connectUpstream();
              upIn = new BufferedInputStream(upstreamSocket.getInputStream());
              upOut = upstreamSocket.getOutputStream();
            }
            upOut.write(request.bytes);
            upOut.flush();
            Message answer = Message.read(upIn, request.method);
            if (answer == null) {
              return; // the receiver closed without answering: reset the client
            }
            if (f == Fault.SLOW) {
              Thread.sleep(slowDelayMillis); // the fault itself: an answer that comes late
            }
            if (f == Fault.RESET_RESPONSE) {
              served.get(f).incrementAndGet();
              unconfirmed.addAndGet(takenBy(answer));
              int answerBody = answer.bytes.length - answer.headLength;
              out.write(answer.bytes, 0, answer.headLength + answerBody / 2);
              out.flush();
              return;
            }
            served.get(f).incrementAndGet();
            out.write(answer.bytes);
            out.flush();
            if (answer.close || request.close) {
              graceful = true;
              return;
            }
        }
        if (fault == Fault.REFUSE || !connection.end()) {
          graceful = true; // the answer is out: let the client read it before the end of stream
          return;
        }
      }
    } catch (IOException e) {
      // the upstream is unreachable or a side went away: reset the client, like a network failure
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      connection.state.set(Connection.CLOSED);
      connections.remove(connection);
      if (graceful) {
        closeQuietly(client);
      } else {
        reset(client);
      }
      closeQuietly(upstreamSocket);
    }
  }

  private Socket connectUpstream() throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(upstream, 2000);
    return socket;
  }

  private byte[] fiveHundred() {
    int status = STATUSES[Math.floorMod(turn.getAndIncrement(), STATUSES.length)];
    String body = "{\"detail\":\"injected " + status + "\"}";
    String head = "HTTP/1.1 " + status + " Injected\r\nContent-Type: application/problem+json\r\n"
        + (status == 503 ? "Retry-After: 0\r\n" : "")
        + "Content-Length: " + body.length() + "\r\n\r\n";
    return (head + body).getBytes(StandardCharsets.US_ASCII);
  }

  private byte[] garbage() {
    int n = turn.getAndIncrement();
    if (n % 2 == 0) {
      String body = "<html>not what you expected</html>";
      return ("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
          + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }
    Random random = new Random(n);
    byte[] bytes = new byte[1 + random.nextInt(2048)];
    random.nextBytes(bytes);
    bytes[0] = 0; // never by chance a status line
    return bytes;
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0); // close with RST instead of FIN
    } catch (SocketException e) {
      // already closed
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception e) {
        // nothing to do
      }
    }
  }

  /** Closes the listener and every connection and waits for the proxy's threads to end. */
  @Override
  public void close() throws InterruptedException {
    synchronized (listenerLock) {
      closed = true;
      closeQuietly(listener);
      listener = null;
    }
    for (Connection c : connections) {
      closeQuietly(c.socket);
    }
    for (Thread t : threads) {
      t.interrupt();
      t.join(5000);
    }
  }

  /** One HTTP/1.1 message as raw bytes, read whole. */
  static final class Message {
    final byte[] bytes;
    /** Where the body starts: the head's length, interim answers included. */
    final int headLength;
    final String method;
    final boolean close;

    private Message(byte[] bytes, int headLength, String method, boolean close) {
      this.bytes = bytes;
      this.headLength = headLength;
      this.method = method;
      this.close = close;
    }

    /**
     * Reads a request ({@code requestMethod} null) or the final answer to a request with that
     * method; null at a clean end of stream before the first byte.
     */
    static Message read(InputStream in, String requestMethod) throws IOException {
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      while (true) {
        int headLength = readHead(in, raw);
        if (headLength < 0) {
          return null;
        }
        String head = new String(raw.toByteArray(), raw.size() - headLength, headLength, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        String first = lines[0];
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        for (int i = 1; i < lines.length; i++) {
          int colon = lines[i].indexOf(':');
          if (colon < 0) {
            continue;
          }
          String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
          String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
          if (name.equals("content-length")) {
            contentLength = Long.parseLong(value);
          } else if (name.equals("transfer-encoding")) {
            chunked = value.contains("chunked");
          } else if (name.equals("connection")) {
            close = value.contains("close");
          }
        }
        if (requestMethod == null) {
          String method = first.substring(0, Math.max(0, first.indexOf(' ')));
          readBody(in, raw, chunked, Math.max(0, contentLength), false);
          return new Message(raw.toByteArray(), headLength, method, close);
        }
        int status = Integer.parseInt(first.split(" ")[1]);
        if (status >= 100 && status < 200) {
          continue; // an interim answer: passed on with the final one
        }
        boolean bodyless = status == 204 || status == 304 || "HEAD".equals(requestMethod);
        int before = raw.size();
        if (!bodyless) {
          readBody(in, raw, chunked, contentLength, true);
        }
        boolean untilClose = !bodyless && !chunked && contentLength < 0;
        return new Message(raw.toByteArray(), before, requestMethod, close || untilClose);
      }
    }

    /** Reads up to the blank line into {@code raw}; returns the head's length, or -1 at end of stream. */
    private static int readHead(InputStream in, ByteArrayOutputStream raw) throws IOException {
      int matched = 0;
      int length = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          if (length == 0) {
            return -1;
          }
          throw new EOFException("end of stream inside a message head");
        }
        raw.write(b);
        length++;
        matched = b == CRLFCRLF[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        if (length > MAX_HEAD) {
          throw new IOException("message head above " + MAX_HEAD + " bytes");
        }
      }
      return length;
    }

    private static void readBody(InputStream in, ByteArrayOutputStream raw, boolean chunked, long length,
        boolean untilClose) throws IOException {
      if (chunked) {
        while (true) {
          String sizeLine = readLine(in, raw);
          int semicolon = sizeLine.indexOf(';');
          int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
          if (size == 0) {
            while (!readLine(in, raw).isEmpty()) {
              // trailers
            }
            return;
          }
          copy(in, raw, size);
          readLine(in, raw);
        }
      }
      if (length >= 0) {
        copy(in, raw, length);
      } else if (untilClose) {
        in.transferTo(raw);
      }
    }

    private static String readLine(InputStream in, ByteArrayOutputStream raw) throws IOException {
      StringBuilder line = new StringBuilder();
      int previous = -1;
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new EOFException("end of stream inside a chunked body");
        }
        raw.write(b);
        if (previous == '\r' && b == '\n') {
          line.setLength(line.length() - 1);
          return line.toString();
        }
        line.append((char) b);
        previous = b;
      }
    }

    private static void copy(InputStream in, ByteArrayOutputStream raw, long length) throws IOException {
      byte[] buffer = new byte[8192];
      long left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new EOFException("end of stream inside a body");
        }
        raw.write(buffer, 0, n);
        left -= n;
      }
    }
  }
}
