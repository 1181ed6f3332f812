package io.meridian.balancer.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.balancer.testing.BalancerFixture;
import io.meridian.balancer.testing.Client.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The refuse switch over real sockets: on, every request is 503 and closed; off, served again. */
class RefuseIT extends BalancerFixture {

  /** One request on a fresh connection; reads until the server closes (the read fails after 4 s). */
  private String exchangeUntilClosed(String raw) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", balancer.port("http"))) {
      socket.setSoTimeout(4000);
      socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] chunk = new byte[4096];
      int n;
      while ((n = in.read(chunk)) > 0) {
        buffer.write(chunk, 0, n);
      }
      return buffer.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }
  }

  @Test
  void refusingAnswers503AndClosesWithoutTouchingTargetsUntilSwitchedOff() throws Exception {
    start("routes:\n  - forward: g\ngroups:\n  g:\n" + targets(1));
    assertEquals(200, client.get("/").status()); // the client's keep-alive connection is open

    balancer.refuse(true);
    assertTrue(balancer.refusing());
    // keep-alive on both sides, yet the server closes after answering: the read ends
    String raw = exchangeUntilClosed("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(raw.startsWith("http/1.1 503"), raw);
    assertTrue(raw.contains("retry-after: 5"), raw);
    assertTrue(raw.contains("connection: close"), raw);
    // a connection opened before the switch is refused on its next request too
    Reply onOldConnection = client.get("/");
    assertEquals(503, onOldConnection.status());
    assertEquals("5", onOldConnection.headers().get("retry-after"));
    assertEquals(1, backend(0).requests(), "no target is contacted while refusing");

    balancer.refuse(false);
    String served = exchangeUntilClosed("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTrue(served.startsWith("http/1.1 200"), served);
    assertEquals(200, client.get("/").status());
    assertEquals(3, backend(0).requests());

    // refused requests are counted, and are errors for the load report
    assertEquals(2.0, balancer.metrics().get("meridian.balancer.refused").counter().count());
    // recorded once the server has written each response, possibly just after the client read it
    await().atMost(Duration.ofSeconds(5)).until(() -> balancer.load().errorRatio() == 2.0 / 5);
  }
}
