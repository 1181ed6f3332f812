package io.meridian.balancer.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Headers over received bytes behave as Netty's own, edit by edit; they write back as received. */
class RawHeadersTest {

  private static final String HEAD =
      "Host: example.org\r\nAccept: */*\r\nConnection: keep-alive, Upgrade\r\nx-a: 1\r\n"
          + "X-A: 2\r\nCookie: a=b; c=d\r\nUpgrade: websocket\r\n\r\n";

  private static RawHeaders raw() {
    byte[] bytes = HEAD.getBytes(StandardCharsets.ISO_8859_1);
    RawHeaders headers = new RawHeaders(bytes, 2); // small: growing is exercised too
    HeadParser.headerLines(bytes, 0, headers);
    return headers;
  }

  private static HttpHeaders netty() {
    HttpHeaders headers = new DefaultHttpHeaders();
    for (String line : HEAD.strip().split("\r\n")) {
      int colon = line.indexOf(':');
      headers.add(line.substring(0, colon), line.substring(colon + 1).strip());
    }
    return headers;
  }

  private static final List<String> NAMES =
      List.of("host", "HOST", "accept", "connection", "x-a", "X-a", "cookie", "upgrade", "absent", "x-new", "Date");

  private static void assertSame(HttpHeaders expected, RawHeaders actual, String step) {
    assertEquals(expected.size(), actual.size(), step);
    assertEquals(expected.isEmpty(), actual.isEmpty(), step);
    for (String name : NAMES) {
      assertEquals(expected.get(name), actual.get(name), step + " get " + name);
      assertEquals(expected.getAll(name), actual.getAll(name), step + " getAll " + name);
      assertEquals(expected.contains(name), actual.contains(name), step + " contains " + name);
      for (String value : List.of("upgrade", "keep-alive", "websocket", "1", "2, x")) {
        assertEquals(
            expected.containsValue(name, value, true),
            actual.containsValue(name, value, true),
            step + " containsValue " + name + " " + value);
        assertEquals(
            expected.containsValue(name, value, false),
            actual.containsValue(name, value, false),
            step + " containsValue case-sensitive " + name + " " + value);
      }
    }
    assertEquals(expected.entries().toString(), actual.entries().toString(), step);
    assertEquals(expected.names().toString(), actual.names().toString(), step);
    ByteBuf written = Unpooled.buffer();
    actual.writeTo(written);
    StringBuilder lines = new StringBuilder();
    expected.forEach(e -> lines.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n"));
    assertEquals(lines.toString(), written.toString(StandardCharsets.ISO_8859_1), step);
  }

  @Test
  void randomEditsLeaveTheSameHeadersAsNettysAndWriteThemInOrder() {
    SplittableRandom random = new SplittableRandom(42);
    for (int round = 0; round < 300; round++) {
      HttpHeaders expected = netty();
      RawHeaders actual = raw();
      assertSame(expected, actual, "as received");
      for (int step = 0; step < 8; step++) {
        String name = NAMES.get(random.nextInt(NAMES.size()));
        String value = "v" + random.nextInt(3) + (random.nextBoolean() ? ", upgrade" : "");
        String op;
        switch (random.nextInt(4)) {
          case 0 -> {
            expected.remove(name);
            actual.remove(name);
            op = "remove " + name;
          }
          case 1 -> {
            expected.set(name, value);
            actual.set(name, value);
            op = "set " + name + " " + value;
          }
          case 2 -> {
            expected.add(name, value);
            actual.add(name, value);
            op = "add " + name + " " + value;
          }
          default -> {
            expected.clear();
            actual.clear();
            op = "clear";
          }
        }
        assertSame(expected, actual, "round " + round + " step " + step + " " + op);
      }
    }
  }

  @Test
  void anAddedValueWithALineBreakIsRefused() {
    RawHeaders headers = raw();
    assertThrows(IllegalArgumentException.class, () -> headers.set("x-forwarded-host", "a\r\nX-Evil: 1"));
    assertFalse(headers.contains("x-forwarded-host"));
    assertTrue(headers.contains("host"));
  }
}
