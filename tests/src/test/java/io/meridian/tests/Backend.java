package io.meridian.tests;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A real HTTP backend on one loopback address that can be told to fail: what agents probe. */
final class Backend implements AutoCloseable {

  private final HttpServer server;
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicLong requests = new AtomicLong();

  Backend(String address, int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(address, port), 64);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          byte[] body = ("status " + status.get() + "\n").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status.get(), body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  void fail() {
    status.set(503);
  }

  void recover() {
    status.set(200);
  }

  long requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
