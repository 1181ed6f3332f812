package io.meridian.agent.probe;

import static io.meridian.agent.testing.Backend.await;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.agent.testing.Backend;
import io.meridian.agent.testing.Backend.Mode;
import io.meridian.core.health.CheckSpec;
import io.meridian.core.health.CheckSpec.Type;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpProbe} against a real Vert.x backend that answers, fails, hangs, slows or hangs up.
 */
class HttpProbeTest {

  static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();
  static Vertx vertx;
  static Backend backend;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    backend = Backend.http(vertx);
  }

  @AfterAll
  static void stop() {
    backend.close();
    await(vertx.close());
  }

  @BeforeEach
  void reset() {
    backend.mode(Mode.OK).body("ok");
  }

  CheckSpec.Builder check() {
    return CheckSpec.builder(Type.HTTP, backend.port())
        .path("/health")
        // generous: the first request of a cold JVM on a busy machine can take a second
        .interval(Duration.ofSeconds(5))
        .timeout(Duration.ofSeconds(5));
  }

  ProbeResult probe(CheckSpec spec) {
    return ProbeOnce.run(Probe.of(vertx, spec, System::nanoTime));
  }

  @Test
  void passesOnAnExpectedStatus() {
    ProbeResult result = probe(check().build());
    assertTrue(result.ok(), result.detail());
    assertEquals("HTTP 200", result.detail());
    assertTrue(result.rtt().toNanos() > 0);
    assertEquals("127.0.0.1:" + backend.port(), backend.lastHost());
  }

  @Test
  void failsOutsideTheStatusRange() {
    backend.mode(Mode.ERROR);
    ProbeResult result = probe(check().build());
    assertFalse(result.ok());
    assertEquals("HTTP 500, expected 200-399", result.detail());
  }

  @Test
  void theRangeIsConfigurable() {
    backend.mode(Mode.ERROR);
    ProbeResult result = probe(check().expect(500, 599).build());
    assertTrue(result.ok(), result.detail());
  }

  @Test
  void checksTheBody() {
    backend.body("status: green");
    assertTrue(probe(check().bodyContains("green").build()).ok());
    ProbeResult result = probe(check().bodyContains("red").build());
    assertFalse(result.ok());
    assertEquals("HTTP 200, body lacks \"red\"", result.detail());
  }

  @Test
  void searchesOnlyTheFirst64KiB() {
    backend.body("x".repeat(HttpProbe.MAX_BODY) + "late");
    ProbeResult result = probe(check().bodyContains("late").build());
    assertFalse(result.ok(), result.detail());
    backend.body("x".repeat(HttpProbe.MAX_BODY - 5) + "early");
    assertTrue(probe(check().bodyContains("early").build()).ok());
  }

  @Test
  void sendsHeadersAndHost() {
    probe(check().header("X-Probe", "meridian").host("www.example.test").build());
    assertEquals("meridian", backend.lastHeader("x-probe"));
    assertEquals("www.example.test:" + backend.port(), backend.lastHost());
    assertEquals(null, backend.lastHeader("connection"), "HTTP/1.1 keeps the connection");
    probe(check().reuseConnection(false).build());
    assertEquals("close", backend.lastHeader("connection"));
  }

  @Test
  void aHungServerTimesOutAndItsConnectionIsClosed() {
    backend.mode(Mode.HANG);
    ProbeResult result = probe(check().timeout(Duration.ofMillis(200)).build());
    assertFalse(result.ok());
    assertEquals("timeout after 200 ms", result.detail());
    assertTrue(result.rtt().toMillis() >= 200, result.rtt().toString());
    await().atMost(Duration.ofSeconds(10)).until(() -> backend.inFlight() == 0);
  }

  @Test
  void aSlowAnswerWithinTheTimeoutPassesAndCountsTheWait() {
    backend.slow(150);
    ProbeResult result = probe(check().build());
    assertTrue(result.ok(), result.detail());
    assertTrue(result.rtt().toMillis() >= 150, result.rtt().toString());
  }

  @Test
  void aSlowAnswerPastTheTimeoutFails() {
    backend.slow(400);
    ProbeResult result = probe(check().timeout(Duration.ofMillis(100)).build());
    assertFalse(result.ok());
    assertEquals("timeout after 100 ms", result.detail());
  }

  @Test
  void aClosedConnectionFails() {
    backend.mode(Mode.CLOSE);
    ProbeResult result = probe(check().build());
    assertFalse(result.ok());
    assertTrue(result.detail().toLowerCase().contains("closed"), result.detail());
  }

  @Test
  void aRefusedConnectionFails() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, LOCALHOST)) {
      closed = socket.getLocalPort();
    }
    ProbeResult result = probe(CheckSpec.builder(Type.HTTP, closed).build());
    assertFalse(result.ok());
    assertTrue(result.detail().startsWith("connect: "), result.detail());
  }

  @Test
  void rttComesFromTheInjectedClock() {
    AtomicLong clock = new AtomicLong(1_000);
    Probe probe = Probe.of(vertx, check().build(), () -> clock.getAndAdd(7_000_000));
    ProbeResult result = await(probe.probe(LOCALHOST));
    await(probe.close());
    assertEquals(Duration.ofMillis(7), result.rtt());
  }

  @Test
  void oneProbeServesManyAddressesAtOnce() {
    Probe probe = Probe.of(vertx, check().build(), System::nanoTime);
    List<Future<ProbeResult>> results = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      results.add(probe.probe(LOCALHOST));
    }
    for (Future<ProbeResult> result : results) {
      assertTrue(await(result).ok());
    }
    await(probe.close());
  }
}
