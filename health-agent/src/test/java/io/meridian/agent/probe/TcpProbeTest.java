package io.meridian.agent.probe;

import static io.meridian.agent.testing.Backend.await;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.core.health.CheckSpec;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link TcpProbe}: a listening port passes, a closed one fails with the reason. */
class TcpProbeTest {

  static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();
  static Vertx vertx;
  static NetServer server;
  static final AtomicInteger accepted = new AtomicInteger();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = vertx.createNetServer().connectHandler(socket -> accepted.incrementAndGet());
    await(server.listen(0, "127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  ProbeResult probe(int port, java.util.function.LongSupplier clock) {
    return ProbeOnce.run(Probe.of(vertx, CheckSpec.tcp(port), clock));
  }

  @Test
  void aListeningPortPasses() {
    int before = accepted.get();
    ProbeResult result = probe(server.actualPort(), System::nanoTime);
    assertTrue(result.ok(), result.detail());
    assertEquals("connected", result.detail());
    // the client knows it is connected before the server's accept runs
    await().atMost(Duration.ofSeconds(10)).until(() -> accepted.get() > before);
  }

  @Test
  void aClosedPortFails() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, LOCALHOST)) {
      closed = socket.getLocalPort();
    }
    ProbeResult result = probe(closed, System::nanoTime);
    assertFalse(result.ok());
    assertTrue(result.detail().startsWith("connect: "), result.detail());
  }

  @Test
  void theConnectionIsClosedWithAReset() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, LOCALHOST)) {
      listener.setSoTimeout(10_000);
      ProbeResult result = probe(listener.getLocalPort(), System::nanoTime);
      assertTrue(result.ok(), result.detail());
      try (Socket accepted = listener.accept()) {
        accepted.setSoTimeout(10_000);
        // a FIN would read as the end of the stream (-1); SO_LINGER 0 makes it a reset
        assertThrows(SocketException.class, () -> accepted.getInputStream().read());
      }
    }
  }

  @Test
  void rttIsTheConnectTimeOnTheInjectedClock() {
    AtomicLong clock = new AtomicLong();
    ProbeResult result = probe(server.actualPort(), () -> clock.getAndAdd(3_000_000));
    assertEquals(Duration.ofMillis(3), result.rtt());
  }
}
