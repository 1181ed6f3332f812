package io.meridian.balancer.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.balancer.testing.BalancerFixture;
import io.meridian.balancer.testing.Client.Reply;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Sticky cookies over real connections, and what happens when the sticky target fails checks. */
class StickinessIT extends BalancerFixture {

  @Test
  void insertedCookieKeepsAClientOnItsTargetOnAnyConnection() throws Exception {
    start(
        "routes:\n  - forward: g\ngroups:\n  g:\n    sticky: {cookie: SERVERID, max_age: 1h}\n"
            + targets(3));
    Reply first = client.get("/sticky/item");
    String cookie = first.headers().get("set-cookie");
    assertTrue(cookie.startsWith("SERVERID=" + first.body() + "; Path=/"), cookie);
    assertTrue(cookie.contains("Max-Age=3600"), cookie);
    assertEquals("private", first.headers().get("cache-control"));
    String value = cookie.substring("SERVERID=".length(), cookie.indexOf(';'));
    for (int i = 0; i < 10; i++) {
      Reply again = newClient().get("/sticky/item", "Cookie", "SERVERID=" + value);
      assertEquals(first.body(), again.body());
      assertNull(again.headers().get("set-cookie"));
    }
  }

  @Test
  void clientsWithoutCookieAreSpreadAndEachTargetHandsOutItsCookie() throws Exception {
    start("routes:\n  - forward: g\ngroups:\n  g:\n    sticky: {cookie: SERVERID}\n" + targets(3));
    Map<String, String> cookies = new HashMap<>();
    for (int i = 0; i < 6; i++) {
      Reply r = client.get("/");
      cookies.put(r.body(), r.headers().get("set-cookie"));
    }
    assertEquals(3, cookies.size());
  }

  @Test
  void aStickyTargetFailingActiveChecksIsReplaced() throws Exception {
    start(
        "routes:\n  - forward: g\ngroups:\n  g:\n    sticky: {cookie: SERVERID}\n"
            + "    health_check: {path: /healthz, interval: 100ms, timeout: 100ms, rise: 1, fall: 1}\n"
            + targets(2));
    Reply first = client.get("/");
    String sticky = first.body();
    int index = sticky.equals("b1") ? 0 : 1;
    backend(index).status(503);
    Awaitility.await().atMost(10, TimeUnit.SECONDS)
        .until(() -> balancer.group("g").eligible().size() == 1);
    Reply moved = client.get("/", "Cookie", "SERVERID=" + sticky);
    assertNotEquals(sticky, moved.body());
    assertTrue(moved.headers().get("set-cookie").startsWith("SERVERID=" + moved.body()));
  }
}
