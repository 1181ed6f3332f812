package io.meridian.balancer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.balancer.select.TargetState;
import io.meridian.balancer.testing.BalancerFixture;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * WebSocket upgrades are proxied both ways and hold their target for their whole life. The client
 * speaks RFC 6455 by hand on a socket (handshake, one masked text frame), which also shows the
 * exact bytes the balancer passes through.
 */
class WebSocketIT extends BalancerFixture {

  private static String handshake(DataInputStream in, OutputStream out) throws IOException {
    out.write(("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) in.readUnsignedByte());
    }
    return head.toString();
  }

  private static void sendText(OutputStream out, String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = {1, 2, 3, 4};
    out.write(0x81); // FIN + text
    out.write(0x80 | payload.length); // masked, short length
    out.write(mask);
    for (int i = 0; i < payload.length; i++) {
      out.write(payload[i] ^ mask[i % 4]);
    }
    out.flush();
  }

  private static String readText(DataInputStream in) throws IOException {
    int opcode = in.readUnsignedByte() & 0x0f;
    int length = in.readUnsignedByte() & 0x7f;
    byte[] payload = new byte[length];
    in.readFully(payload);
    assertEquals(1, opcode, "a text frame");
    return new String(payload, StandardCharsets.UTF_8);
  }

  @Test
  void messagesFlowBothWaysAndTheConnectionCountsAsActive() throws Exception {
    start("routes:\n  - forward: g\ngroups:\n  g:\n    algorithm: least-connections\n" + targets(2));
    TargetState held;
    try (Socket socket = new Socket("127.0.0.1", balancer.port("http"))) {
      socket.setSoTimeout(10_000);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      String head = handshake(in, out);
      assertTrue(head.startsWith("HTTP/1.1 101 Switching Protocols"), head);
      assertTrue(head.toLowerCase().contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo="), head);

      sendText(out, "hello");
      String reply = readText(in);
      String target = reply.substring(reply.indexOf('@') + 1);
      assertEquals("hello@" + target, reply);
      sendText(out, "again");
      assertEquals("again@" + target, readText(in));

      held = balancer.group("g").targets().stream().filter(t -> t.name().equals(target)).findFirst().orElseThrow();
      assertEquals(1, held.active());
      // least connections sends plain requests to the other target while the socket is open
      String other = target.equals("b1") ? "b2" : "b1";
      for (int i = 0; i < 4; i++) {
        assertEquals(other, client.get("/").body());
      }
    }
    TargetState closed = held;
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> closed.active() == 0);
  }
}
