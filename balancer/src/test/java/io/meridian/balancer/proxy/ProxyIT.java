package io.meridian.balancer.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meridian.balancer.DataPlaneVertx;
import io.meridian.balancer.testing.BalancerFixture;
import io.meridian.balancer.testing.Client;
import io.meridian.balancer.testing.Client.Reply;
import io.vertx.core.Future;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.transport.Transport;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The proxy core against real backends: routing order, headers added, failures mapped to status. */
class ProxyIT extends BalancerFixture {

  @Test
  void theDataPlaneRunsOnIoUringWhereTheKernelAllowsIt() throws Exception {
    Path disabled = Path.of("/proc/sys/kernel/io_uring_disabled");
    assumeTrue(System.getProperty("os.name").equals("Linux")
        && System.getProperty("os.arch").equals("amd64") && Files.exists(disabled)
        && Files.readString(disabled).trim().equals("0"),
        "the io_uring build is checked on Linux x86-64 kernels that allow it");
    assertTrue(Transport.IO_URING.available(),
        () -> "io_uring: " + Transport.IO_URING.unavailabilityCause());
    assertEquals("transport: IoUringTransport", DataPlaneVertx.describe(vertx));
    start("routes:\n  - forward: web\ngroups:\n  web:\n" + targets(1));
    assertEquals("b1", client.get("/").body());
  }

  @Test
  void roundRobinOnOneConnectionVisitsEachBackendInTurn() throws Exception {
    start("routes:\n  - forward: web\ngroups:\n  web:\n" + targets(3));
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      bodies.add(client.get("/").body());
    }
    assertEquals(List.of("b1", "b2", "b3", "b1", "b2", "b3"), bodies);
  }

  @Test
  void addsForwardedHeadersAndARequestId() throws Exception {
    start("routes:\n  - forward: web\ngroups:\n  web:\n" + targets(1));
    Reply reply = client.get("/x", "X-Forwarded-For", "10.0.0.1", "X-Forwarded-Proto", "https");
    var seen = backend(0).lastHeaders();
    assertEquals("10.0.0.1, 127.0.0.1", seen.get("x-forwarded-for"));
    assertEquals("http", seen.get("x-forwarded-proto"));
    assertEquals("127.0.0.1:" + balancer.port("http"), seen.get("x-forwarded-host"));
    assertNotNull(seen.get("x-request-id"));
    assertEquals(seen.get("x-request-id"), reply.headers().get("x-request-id"));

    client.get("/y", "X-Request-Id", "abc-123");
    assertEquals("abc-123", backend(0).lastHeaders().get("x-request-id"));
    client.get("/z", "X-Request-Id", "bad id with spaces");
    assertNotEquals("bad id with spaces", backend(0).lastHeaders().get("x-request-id"));
  }

  @Test
  void hopByHopHeadersAndUpgradesOtherThanWebSocketsStayOnThisHop() throws Exception {
    start("routes:\n  - forward: web\ngroups:\n  web:\n" + targets(1));
    String raw;
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", balancer.port("http"))) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(("GET /h2c HTTP/1.1\r\nHost: x\r\n"
          + "Connection: Upgrade, HTTP2-Settings, X-Hop, close\r\nUpgrade: h2c\r\n"
          + "HTTP2-Settings: AAMAAABkAAQAAP__\r\nX-Hop: 1\r\nKeep-Alive: timeout=5\r\n"
          + "X-End-To-End: kept\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      raw = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
    assertTrue(raw.startsWith("HTTP/1.1 200 "), raw); // served as HTTP/1.1, no 101
    assertTrue(raw.endsWith(backend(0).name()), raw);
    var seen = backend(0).lastHeaders();
    for (String name : List.of("upgrade", "http2-settings", "x-hop", "keep-alive", "connection")) {
      assertNull(seen.get(name), name + " must not reach the target");
    }
    assertEquals("kept", seen.get("x-end-to-end"));
  }

  @Test
  void refusedConnectionIs502() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    start("routes:\n  - forward: dead\ngroups:\n  dead:\n    retry: {enabled: false}\n    targets:\n      - {address: 127.0.0.1:" + closed + "}\n");
    assertEquals(502, client.get("/").status());
  }

  @Test
  void targetThatDoesNotAnswerIs504() throws Exception {
    backend(0).hang(true);
    start("routes:\n  - forward: slow\ngroups:\n  slow:\n    timeouts: {request: 300ms}\n" + targets(1));
    assertEquals(504, client.get("/").status());
  }

  @Test
  void fullPendingQueueIs503() throws Exception {
    backend(0).hold(true);
    start("routes:\n  - forward: tight\ngroups:\n  tight:\n    max_connections: 1\n    max_pending: 0\n    retry: {enabled: false}\n" + targets(1));
    Client second = newClient();
    Future<Reply> first = client.sendAsync(new RequestOptions().setURI("/first"));
    org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> backend(0).heldCount() == 1);
    assertEquals(503, second.get("/second").status());
    backend(0).release();
    assertEquals(200, first.await(10, TimeUnit.SECONDS).status());
  }

  @Test
  void fixedResponsesRedirectsAndNoRoute() throws Exception {
    start(
        "access_log: true\nroutes:\n"
            + "  - match: {path: {exact: /health}}\n    respond: {status: 200, body: \"ok\\n\"}\n"
            + "  - match: {path: {prefix: /old/}}\n    redirect: {status: 301, location: \"https://example.com/new\"}\n"
            + "  - match: {path: {prefix: /app/}}\n    forward: web\n"
            + "groups:\n  web:\n" + targets(1));
    Reply health = client.get("/health");
    assertEquals(200, health.status());
    assertEquals("ok\n", health.body());
    Reply moved = client.get("/old/page");
    assertEquals(301, moved.status());
    assertEquals("https://example.com/new", moved.headers().get("location"));
    assertEquals("b1", client.get("/app/x").body());
    assertEquals(404, client.get("/elsewhere").status());
    org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> accessLines.size() == 4);
    assertTrue(
        accessLines.stream().anyMatch(l -> l.startsWith("127.0.0.1 \"GET /app/x HTTP/1.1\" 200 2 ") && l.contains(" group=web id=")),
        accessLines.toString());
  }
}
