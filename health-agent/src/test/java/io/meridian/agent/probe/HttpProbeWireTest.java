package io.meridian.agent.probe;

import static io.meridian.agent.testing.Backend.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.core.health.CheckSpec;
import io.meridian.core.health.CheckSpec.Type;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpProbe} against a raw TCP server on 127.0.0.1 that records the request bytes and
 * answers with exactly the bytes a test gives it, in pieces: what the probe sends, and the response
 * framings a full HTTP server would not produce on demand.
 */
class HttpProbeWireTest {

  static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();
  static Vertx vertx;
  static NetServer server;
  /** The pieces of the next response, written 20 ms apart; the server closes after the last. */
  static volatile List<String> answer = List.of();

  static volatile boolean closeAfter = true;
  static volatile String lastRequest = "";

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server =
        vertx
            .createNetServer()
            .connectHandler(
                socket -> {
                  Buffer request = Buffer.buffer();
                  socket.handler(
                      bytes -> {
                        request.appendBuffer(bytes);
                        if (request.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                          lastRequest = request.toString(StandardCharsets.ISO_8859_1);
                          write(socket, answer, 0);
                        }
                      });
                });
    await(server.listen(0, "127.0.0.1"));
  }

  static void write(NetSocket socket, List<String> pieces, int next) {
    if (next == pieces.size()) {
      if (closeAfter) {
        socket.close();
      }
      return;
    }
    socket.write(Buffer.buffer(pieces.get(next).getBytes(StandardCharsets.ISO_8859_1)));
    vertx.setTimer(20, id -> write(socket, pieces, next + 1));
  }

  @AfterAll
  static void stop() {
    await(server.close());
    await(vertx.close());
  }

  CheckSpec.Builder check() {
    return CheckSpec.builder(Type.HTTP, server.actualPort())
        .path("/healthz?full=1")
        .interval(Duration.ofSeconds(5))
        .timeout(Duration.ofSeconds(5));
  }

  ProbeResult probe(CheckSpec spec, String... pieces) {
    answer = List.of(pieces);
    return ProbeOnce.run(Probe.of(vertx, spec, System::nanoTime));
  }

  @Test
  void sendsAMinimalRequestThatKeepsTheConnection() {
    probe(check().header("X-Probe", "m").build(), "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assertEquals(
        "GET /healthz?full=1 HTTP/1.1\r\nHost: 127.0.0.1:"
            + server.actualPort()
            + "\r\nX-Probe: m\r\n\r\n",
        lastRequest);
  }

  @Test
  void withoutReuseTheRequestAsksToClose() {
    probe(
        check().reuseConnection(false).build(), "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assertEquals(
        "GET /healthz?full=1 HTTP/1.1\r\nHost: 127.0.0.1:"
            + server.actualPort()
            + "\r\nConnection: close\r\n\r\n",
        lastRequest);
  }

  @Test
  void aHostHeaderOfTheCheckReplacesOursAndAConnectionHeaderIsIgnored() {
    probe(
        check().header("Host", "given.test").header("Connection", "close").build(),
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assertEquals("GET /healthz?full=1 HTTP/1.1\r\nHost: given.test\r\n\r\n", lastRequest);
  }

  @Test
  void aChunkedBodyInPiecesIsSearched() {
    ProbeResult result =
        probe(
            check().bodyContains("all green").build(),
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nall ",
            "\r\n5\r\ngreen\r\n",
            "0\r\n\r\n");
    assertTrue(result.ok(), result.detail());
    assertEquals("HTTP 200", result.detail());
    assertTrue(result.rtt().toMillis() >= 40, "RTT runs to the last byte: " + result.rtt());
  }

  @Test
  void aBodyThatRunsToTheCloseIsReadToTheClose() {
    ProbeResult result =
        probe(check().bodyContains("ok").build(), "HTTP/1.0 200 OK\r\n\r\nstill ", "ok");
    assertTrue(result.ok(), result.detail());
  }

  @Test
  void aCompleteResponsePassesWithoutWaitingForTheServerToClose() {
    closeAfter = false;
    try {
      ProbeResult result =
          probe(check().timeout(Duration.ofSeconds(1)).build(), "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      assertTrue(result.ok(), result.detail());
      assertTrue(result.rtt().toMillis() < 1000, result.rtt().toString());
    } finally {
      closeAfter = true;
    }
  }

  @Test
  void aStatusLineThatIsNotHttpFails() {
    ProbeResult result = probe(check().build(), "SSH-2.0-OpenSSH_9.2\r\n");
    assertFalse(result.ok());
    assertEquals("not an HTTP/1.x status line: SSH-2.0-OpenSSH_9.2", result.detail());
  }

  @Test
  void aBodyCutShortFails() {
    ProbeResult result = probe(check().build(), "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    assertFalse(result.ok());
    assertEquals("connection closed before the response ended", result.detail());
  }

  @Test
  void anInterimResponseIsSkipped() {
    ProbeResult result =
        probe(
            check().expect(204, 204).build(),
            "HTTP/1.1 100 Continue\r\n\r\n",
            "HTTP/1.1 204 No Content\r\n\r\n");
    assertTrue(result.ok(), result.detail());
    assertEquals("HTTP 204", result.detail());
  }
}
