package io.meridian.balancer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.balancer.testing.BalancerFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Raw bytes on a socket: smuggling attempts, oversized requests, slow clients. */
class SafetyIT extends BalancerFixture {

  @BeforeEach
  void startBalancer() throws Exception {
    start(
        "limits: {max_header_size: 4096, max_body_size: 1000, header_timeout: 500ms}\n"
            + "routes:\n  - forward: g\ngroups:\n  g:\n" + targets(1));
  }

  /** Sends {@code raw} and returns everything read until the server closes or 5 s pass. */
  private String exchange(String raw) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", balancer.port("http"))) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return readAll(socket.getInputStream());
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    try {
      int n;
      while ((n = in.read(chunk)) > 0) {
        buffer.write(chunk, 0, n);
      }
    } catch (SocketTimeoutException e) {
      // the server kept the connection open: return what came
    }
    return buffer.toString(StandardCharsets.ISO_8859_1);
  }

  private static String status(String response) {
    return response.isEmpty() ? "(nothing)" : response.substring(0, response.indexOf("\r\n"));
  }

  @Test
  void contentLengthWithChunkedIsRefused() throws IOException {
    String r = exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
    assertEquals("HTTP/1.1 400 Bad Request", status(r));
    assertEquals(0, backend(0).requests(), "nothing reached the backend");
  }

  @Test
  void conflictingContentLengthsAreRefused() throws IOException {
    String r = exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\nabcd");
    assertEquals("HTTP/1.1 400 Bad Request", status(r));
    assertEquals(0, backend(0).requests());
  }

  @Test
  void obfuscatedTransferEncodingIsRefused() throws IOException {
    String r = exchange("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n");
    assertEquals("HTTP/1.1 400 Bad Request", status(r));
    assertEquals(0, backend(0).requests());
  }

  @Test
  void oversizedHeadersAndBodiesAreRefused() throws IOException {
    String big = "x".repeat(5000);
    assertEquals("HTTP/1.1 431 Request Header Fields Too Large", status(exchange("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n")));
    assertEquals("HTTP/1.1 413 Request Entity Too Large", status(exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n")));
    assertEquals(0, backend(0).requests());
  }

  @Test
  void aChunkedBodyOverTheLimitIs413AndTheConnectionClosed() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", balancer.port("http"))) {
      socket.setSoTimeout(4000);
      OutputStream out = socket.getOutputStream();
      out.write("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      String chunk = "190\r\n" + "y".repeat(400) + "\r\n"; // 400 bytes, the limit is 1000
      for (int i = 0; i < 3; i++) {
        out.write(chunk.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      }
      // no last chunk: the answer must not wait for the body to end, and the server must close
      // (readAll would return at the 4 s timeout otherwise, without the end of stream)
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      int n;
      byte[] read = new byte[4096];
      while ((n = in.read(read)) > 0) {
        buffer.write(read, 0, n);
      }
      String r = buffer.toString(StandardCharsets.ISO_8859_1);
      assertEquals("HTTP/1.1 413 Request Entity Too Large", status(r));
      assertTrue(r.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), r);
      assertEquals(-1, n, "the connection must be closed");
    }
  }

  @Test
  void aChunkedBodyWithinTheLimitPasses() throws IOException {
    String chunk = "190\r\n" + "y".repeat(400) + "\r\n";
    String r = exchange("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunk + chunk + "0\r\n\r\n");
    assertEquals("HTTP/1.1 200 OK", status(r));
    assertTrue(r.endsWith("b1"), r);
  }

  @Test
  void aWellFormedRequestStillPasses() throws IOException {
    String r = exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nConnection: close\r\n\r\nabcd");
    assertEquals("HTTP/1.1 200 OK", status(r));
    assertTrue(r.endsWith("b1"), r);
  }

  @Test
  void aClientThatSendsHeadersTooSlowlyIsDisconnected() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", balancer.port("http"))) {
      // never finishes the headers: the server must close within a few sweeps of the 500 ms limit,
      // so the read below ends (-1) long before its 4 s timeout would fail the test
      socket.setSoTimeout(4000);
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      assertEquals(-1, socket.getInputStream().read());
    }
    assertEquals(0, backend(0).requests());
  }
}
