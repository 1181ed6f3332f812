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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connection reuse of {@link HttpProbe}: a raw TCP server on 127.0.0.1 numbers its connections and
 * records every request with the connection it came on, so a test sees which probe used which
 * connection and what each asked for.
 */
class HttpProbeReuseTest {

  static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();
  static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

  /** How the server treats a request, by its number on its connection (1 = first). */
  interface Behaviour {
    /** The bytes to answer with, or null to close the connection without answering. */
    String answer(int onConnection);
  }

  Vertx vertx;
  NetServer server;
  Probe probe;
  volatile Behaviour behaviour = n -> OK;
  final AtomicInteger connections = new AtomicInteger();
  /** "connection#: request line and headers" for every request, in arrival order. */
  final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server = vertx.createNetServer().connectHandler(this::serve);
    await(server.listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() {
    if (probe != null) {
      await(probe.close());
    }
    await(server.close());
    await(vertx.close());
  }

  void serve(NetSocket socket) {
    int id = connections.incrementAndGet();
    StringBuilder pending = new StringBuilder();
    AtomicInteger onConnection = new AtomicInteger();
    socket.handler(
        bytes -> {
          pending.append(bytes.toString(StandardCharsets.ISO_8859_1));
          int end;
          while ((end = pending.indexOf("\r\n\r\n")) >= 0) {
            String request = pending.substring(0, end);
            pending.delete(0, end + 4);
            requests.add(id + ": " + request);
            String answer = behaviour.answer(onConnection.incrementAndGet());
            if (answer == null) {
              socket.close();
              return;
            }
            socket.write(Buffer.buffer(answer.getBytes(StandardCharsets.ISO_8859_1)));
            if (request.contains("\r\nConnection: close")) {
              socket.close();
            }
          }
        });
  }

  ProbeResult probeOnce(CheckSpec spec) {
    if (probe == null) {
      probe = Probe.of(vertx, spec, System::nanoTime);
    }
    return await(probe.probe(LOCALHOST));
  }

  CheckSpec.Builder check() {
    return CheckSpec.builder(Type.HTTP, server.actualPort())
        .path("/health")
        .interval(Duration.ofSeconds(5))
        .timeout(Duration.ofSeconds(5));
  }

  void probeTimes(CheckSpec spec, int times) {
    for (int i = 0; i < times; i++) {
      ProbeResult result = probeOnce(spec);
      assertTrue(result.ok(), "probe " + (i + 1) + ": " + result.detail());
    }
  }

  @Test
  void aConnectionServesTenProbesAndTheTenthAsksTheServerToClose() {
    int limit = CheckSpec.MAX_PROBES_PER_CONNECTION;
    probeTimes(check().build(), limit + 2);
    assertEquals(2, connections.get(), String.join("\n", requests));
    for (int i = 0; i < limit + 2; i++) {
      String request = requests.get(i);
      int connection = i < limit ? 1 : 2;
      assertTrue(request.startsWith(connection + ": GET /health"), request);
      assertEquals(i == limit - 1, request.contains("Connection: close"), request);
    }
  }

  @Test
  void withoutReuseEveryProbeHasItsOwnConnection() {
    probeTimes(check().reuseConnection(false).build(), 3);
    assertEquals(3, connections.get());
    assertTrue(requests.stream().allMatch(r -> r.contains("Connection: close")), requests.toString());
  }

  @Test
  void aKeptConnectionTheServerDropsIsRetriedOnceOnAFreshOne() {
    behaviour = n -> n == 1 ? OK : null; // every connection serves one request, then hangs up
    probeTimes(check().build(), 3);
    // probe 1 on #1; probe 2 tries #1, which closes, and passes on #2; probe 3 likewise on #3
    assertEquals(3, connections.get(), String.join("\n", requests));
    assertEquals(5, requests.size(), String.join("\n", requests));
  }

  @Test
  void aFreshConnectionThatIsDroppedIsAFailureNotARetry() {
    behaviour = n -> null;
    ProbeResult result = probeOnce(check().build());
    assertFalse(result.ok());
    assertEquals("connection closed without a response", result.detail());
    assertEquals(1, connections.get());
  }

  @Test
  void responsesThatEndTheConnectionAreNotKept() {
    for (String answer :
        List.of(
            "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
            "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")) {
      connections.set(0);
      behaviour = n -> answer;
      probeTimes(check().build(), 2);
      assertEquals(2, connections.get(), answer);
      await(probe.close());
      probe = null;
    }
  }

  @Test
  void aFailingStatusKeepsTheConnectionAndTheFailure() {
    behaviour = n -> "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n";
    for (int i = 0; i < 3; i++) {
      ProbeResult result = probeOnce(check().build());
      assertFalse(result.ok());
      assertEquals("HTTP 503, expected 200-399", result.detail());
    }
    assertEquals(1, connections.get());
  }

  @Test
  void aHungServerLosesTheConnectionAndTheNextProbeOpensAnother() {
    behaviour = n -> n == 2 ? "" : OK; // the second request on a connection gets no answer
    CheckSpec spec = check().timeout(Duration.ofMillis(300)).build();
    assertTrue(probeOnce(spec).ok());
    ProbeResult hung = probeOnce(spec);
    assertFalse(hung.ok());
    assertEquals("timeout after 300 ms", hung.detail());
    assertTrue(probeOnce(spec).ok());
    assertEquals(2, connections.get());
  }
}
