package io.meridian.balancer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.balancer.testing.BalancerFixture;
import io.meridian.balancer.testing.Client.Reply;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1 as the client connection speaks it, over raw sockets where a client library would hide
 * it: pipelining, HTTP/1.0, {@code HEAD}, {@code 100 Continue}, bodies of unknown length both
 * ways, large bodies streamed through, and the idle timeout.
 */
class Http1SemanticsIT extends BalancerFixture {

  private static final String ONE_TARGET = "routes:\n  - forward: g\ngroups:\n  g:\n";

  private Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", balancer.port("http"));
    socket.setSoTimeout(5000);
    return socket;
  }

  private static void send(Socket socket, String raw) throws IOException {
    socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  /** Reads until {@code expected} has arrived (or the read times out, failing the test). */
  private static String readUntil(Socket socket, String expected) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] chunk = new byte[8192];
    while (!seen.toString(StandardCharsets.ISO_8859_1).contains(expected)) {
      int n = in.read(chunk);
      if (n < 0) {
        throw new AssertionError("closed before " + expected + ", got: " + seen);
      }
      seen.write(chunk, 0, n);
    }
    return seen.toString(StandardCharsets.ISO_8859_1);
  }

  private static String readToEnd(Socket socket) throws IOException {
    return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderOnTheirConnection() throws Exception {
    start(ONE_TARGET + targets(1));
    try (Socket socket = connect()) {
      send(socket, "GET /echo-path/1 HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /echo-path/2 HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /echo-path/3 HTTP/1.1\r\nHost: x\r\n\r\n");
      String raw = readUntil(socket, "b1 /echo-path/3");
      int first = raw.indexOf("b1 /echo-path/1");
      int second = raw.indexOf("b1 /echo-path/2");
      assertTrue(first > 0 && second > first && raw.indexOf("b1 /echo-path/3") > second, raw);
      assertEquals(3, raw.split("HTTP/1.1 200 ", -1).length - 1, raw);
    }
  }

  @Test
  void aBodyOfUnknownLengthIsChunkedForHttp11AndEndedByTheCloseForHttp10() throws Exception {
    start(ONE_TARGET + targets(1));
    try (Socket socket = connect()) {
      send(socket, "GET /chunked HTTP/1.1\r\nHost: x\r\n\r\n");
      String raw = readUntil(socket, "\r\n0\r\n\r\n").toLowerCase(Locale.ROOT);
      assertTrue(raw.contains("transfer-encoding: chunked"), raw);
      assertTrue(raw.contains("b1-1,") && raw.contains("b1-3"), raw);
    }
    try (Socket socket = connect()) {
      send(socket, "GET /chunked HTTP/1.0\r\nHost: x\r\n\r\n");
      String raw = readToEnd(socket); // the balancer closes: that ends the body
      String lower = raw.toLowerCase(Locale.ROOT);
      assertFalse(lower.contains("transfer-encoding"), raw);
      assertTrue(lower.contains("connection: close"), raw);
      assertTrue(raw.endsWith("\r\n\r\nb1-1,b1-2,b1-3"), raw);
    }
  }

  @Test
  void http10KeepAliveIsHonouredAndAnsweredInKind() throws Exception {
    start(ONE_TARGET + targets(1));
    try (Socket socket = connect()) {
      send(socket, "GET /echo-path/a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      String first = readUntil(socket, "b1 /echo-path/a");
      assertTrue(first.toLowerCase(Locale.ROOT).contains("connection: keep-alive"), first);
      send(socket, "GET /echo-path/b HTTP/1.0\r\n\r\n"); // no keep-alive: answered, then closed
      String second = readToEnd(socket);
      assertTrue(second.contains("b1 /echo-path/b"), second);
    }
  }

  @Test
  void aHeadResponseCarriesNoBodySoTheNextResponseIsFramedRight() throws Exception {
    start(ONE_TARGET + targets(1));
    Reply head = client.send(new RequestOptions().setMethod(HttpMethod.HEAD).setURI("/chunked"));
    assertEquals(200, head.status());
    assertEquals("", head.body());
    Reply next = client.get("/echo-path/after-head"); // the same keep-alive connection
    assertEquals("b1 /echo-path/after-head", next.body());
  }

  @Test
  void expectContinueGetsTheTargetsInterimAnswerAndThenTheResponse() throws Exception {
    start(ONE_TARGET + targets(1));
    try (Socket socket = connect()) {
      send(socket, "POST /echo-body HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
          + "Expect: 100-continue\r\n\r\n");
      String interim = readUntil(socket, "\r\n\r\n");
      assertTrue(interim.startsWith("HTTP/1.1 100 "), interim);
      send(socket, "hello");
      String response = readUntil(socket, "hello");
      assertTrue(response.contains("HTTP/1.1 200 "), interim + response);
    }
  }

  @Test
  void largeBodiesStreamThroughBothWays() throws Exception {
    start(ONE_TARGET + targets(1));
    Buffer upload = Buffer.buffer("0123456789".repeat(300_000)); // 3 MB
    Reply echoed =
        client
            .raw()
            .request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/echo-body"))
            .compose(request -> request.send(upload))
            .compose(response -> response.body().map(body -> new Reply(response.statusCode(), response.headers(), body.toString())))
            .await(30, TimeUnit.SECONDS);
    assertEquals(200, echoed.status());
    assertEquals(upload.length(), echoed.body().length());
    assertEquals(upload.toString(), echoed.body());

    Reply download = client.get("/bytes/4000000");
    assertEquals(4_000_000, download.body().length());
    // a chunked upload (no length) within max_body_size passes too
    Reply chunked =
        client
            .raw()
            .request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/echo-body"))
            .compose(request -> {
              request.setChunked(true);
              for (int i = 0; i < 100; i++) {
                request.write("chunk-" + i + ";");
              }
              request.end();
              return request.response();
            })
            .compose(response -> response.body().map(body -> new Reply(response.statusCode(), response.headers(), body.toString())))
            .await(30, TimeUnit.SECONDS);
    assertTrue(chunked.body().startsWith("chunk-0;chunk-1;") && chunked.body().endsWith("chunk-99;"),
        chunked.body());
  }

  @Test
  void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    start("limits: {idle_timeout: 1s, header_timeout: 30s}\n" + ONE_TARGET + targets(1));
    try (Socket socket = connect()) {
      send(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      readUntil(socket, "b1");
      socket.setSoTimeout(10_000); // header_timeout is 30 s: only the idle timeout closes it
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
        try {
          return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
          return false;
        }
      });
    }
  }
}
