package io.parallelrun.servlet.testing;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A candidate that misbehaves in one of several ways. */
public final class FaultyCandidate implements AutoCloseable {

  public enum Fault { REFUSED, HANG, SLOW_5S, ANSWER_500, GARBAGE }

  private final Fault fault;
  private final ServerSocket socket;
  private final Jetty jetty;
  private final int port;
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  public final AtomicInteger connections = new AtomicInteger();

  public FaultyCandidate(Fault fault) throws IOException {
    this.fault = fault;
    switch (fault) {
      case REFUSED:
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
          port = s.getLocalPort();
        }
        socket = null;
        jetty = null;
        break;
      case HANG:
      case GARBAGE:
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        port = socket.getLocalPort();
        jetty = null;
        Thread acceptor = new Thread(this::accept, "faulty-candidate-" + fault);
        acceptor.setDaemon(true);
        acceptor.start();
        break;
      default:
        socket = null;
        jetty = Jetty.start(new HttpServlet() {
          @Override
          protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            connections.incrementAndGet();
            req.getInputStream().readAllBytes();
            if (fault == Fault.SLOW_5S) {
              try {
                Thread.sleep(5000); // the fault itself: an answer after 5 s
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              resp.setStatus(202);
              resp.getWriter().write("{\"accepted\":0,\"rejected\":[]}");
            } else {
              resp.setStatus(500);
              resp.getWriter().write("internal error");
            }
          }
        }, null);
        port = jetty.port();
    }
  }

  private void accept() {
    Random random = new Random(42);
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        connections.incrementAndGet();
        if (fault == Fault.HANG) {
          held.add(s); // accept and never answer
        } else {
          try (s) {
            InputStream in = s.getInputStream();
            in.read(new byte[8192]);
            byte[] garbage = new byte[512];
            random.nextBytes(garbage);
            OutputStream out = s.getOutputStream();
            out.write(garbage);
            out.flush();
          }
        }
      } catch (IOException e) {
        // closed
      }
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/consistency-checks";
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
    }
    for (Socket s : held) {
      s.close();
    }
    if (jetty != null) {
      jetty.close();
    }
  }
}
