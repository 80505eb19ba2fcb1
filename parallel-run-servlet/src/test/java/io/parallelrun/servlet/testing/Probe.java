package io.parallelrun.servlet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A loopback server that must never be contacted. It counts every TCP connection it accepts, at
 * the socket level (so even a request a web server would refuse counts), records the first line
 * sent, and answers 200 "probe".
 */
public final class Probe implements AutoCloseable {

  /** One entry per accepted connection: the first line received, or an empty string. */
  public final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
  private final ServerSocket server;
  private final Thread acceptor;

  public Probe() {
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    acceptor = new Thread(this::accept, "probe-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        socket.setSoTimeout(1000);
        StringBuilder line = new StringBuilder();
        try {
          InputStream in = socket.getInputStream();
          int b;
          while ((b = in.read()) >= 0 && b != '\n' && line.length() < 1024) {
            line.append((char) b);
          }
        } catch (IOException e) {
          // counted anyway
        }
        requests.add(line.toString().trim());
        OutputStream out = socket.getOutputStream();
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nprobe".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        // closed, or the client went away
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
