package io.meridian.balancer.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.balancer.config.GroupConfig;
import io.meridian.balancer.testing.Configs;
import io.meridian.balancer.testing.ManualClock;
import io.meridian.core.health.RiseFall.State;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Eligibility, panic, stickiness and slow start of one group, on a manual clock. */
class TargetGroupTest {

  private final ManualClock clock = new ManualClock();

  private TargetGroup group(String settings) {
    GroupConfig config =
        Configs.http(
                "routes:\n  - forward: g\ngroups:\n  g:\n"
                    + settings
                    + "    targets:\n"
                    + "      - {name: a, address: 127.0.0.1:1}\n"
                    + "      - {name: b, address: 127.0.0.1:2}\n"
                    + "      - {name: c, address: 127.0.0.1:3}\n")
            .groups()
            .get("g");
    return new TargetGroup(config, List.of(), clock, new SplittableRandom(1));
  }

  private static String pick(TargetGroup g, String cookie) {
    Lease lease = g.pick(cookie, PickContext.NONE, null);
    lease.release();
    return lease.target().name();
  }

  @Test
  void downTargetsAreSkippedAndComeBack() {
    TargetGroup g = group("");
    TargetState b = g.targets().get(1);
    g.health(b, State.DOWN);
    assertEquals(List.of("a", "c", "a", "c"), List.of(pick(g, null), pick(g, null), pick(g, null), pick(g, null)));
    g.health(b, State.UP);
    assertEquals(3, g.eligible().size());
  }

  @Test
  void withNothingHealthyTheGroupFailsOpenToAll() {
    TargetGroup g = group("");
    g.targets().forEach(t -> g.health(t, State.DOWN));
    assertTrue(g.panic());
    assertEquals(3, g.eligible().size());
  }

  @Test
  void insertedCookieIsHonouredAndSetOnlyWhenThePickWasNotSticky() {
    TargetGroup g = group("    sticky: {cookie: SERVERID, max_age: 10m}\n");
    Lease fresh = g.pick(null, PickContext.NONE, null);
    assertEquals("SERVERID=a; Path=/; HttpOnly; Max-Age=600", fresh.setCookie());
    for (int i = 0; i < 5; i++) {
      Lease sticky = g.pick("c", PickContext.NONE, null);
      assertEquals("c", sticky.target().name());
      assertNull(sticky.setCookie());
    }
    Lease unknown = g.pick("zz", PickContext.NONE, null);
    assertTrue(unknown.setCookie().startsWith("SERVERID=" + unknown.target().name()));
  }

  @Test
  void aStickyTargetThatGoesDownIsReplacedWithANewCookie() {
    TargetGroup g = group("    sticky: {cookie: SERVERID}\n");
    g.health(g.targets().get(2), State.DOWN);
    Lease moved = g.pick("c", PickContext.NONE, null);
    assertNotEquals("c", moved.target().name());
    assertEquals("SERVERID=" + moved.target().name() + "; Path=/; HttpOnly", moved.setCookie());
  }

  @Test
  void hashedApplicationCookieSticksAndMovesWhenItsTargetGoesDown() {
    TargetGroup g = group("    sticky: {mode: hash, cookie: JSESSIONID}\n");
    Map<String, String> placed = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      placed.put("s" + i, pick(g, "s" + i));
      assertEquals(placed.get("s" + i), pick(g, "s" + i));
    }
    TargetState a = g.targets().get(0);
    g.health(a, State.DOWN);
    for (var e : placed.entrySet()) {
      String now = pick(g, e.getKey());
      assertNotEquals("a", now);
      if (!e.getValue().equals("a")) {
        assertEquals(e.getValue(), now, "sessions on healthy targets stay put");
      }
    }
  }

  @Test
  void aRetryAvoidsTheTargetThatFailed() {
    TargetGroup g = group("");
    TargetState b = g.targets().get(1);
    for (int i = 0; i < 6; i++) {
      Lease lease = g.pick(null, PickContext.NONE, b);
      assertNotEquals(b, lease.target());
      lease.release();
    }
  }

  @Test
  void leasesCountInFlightOnceAndDrainCompletesAtZero() {
    TargetGroup g = group("");
    Lease one = g.pick(null, PickContext.NONE, null);
    var drained = g.drain();
    assertFalse(drained.isDone());
    assertEquals(1, one.target().active());
    one.release();
    one.release();
    assertEquals(0, one.target().active());
    assertTrue(drained.isDone());
  }

  @Test
  void slowStartRampsANewTargetsShareUp() {
    TargetGroup g = group("    algorithm: weighted-round-robin\n    slow_start: 10s\n");
    // all joined together: equal factors, an even split
    assertEquals(Map.of("a", 100, "b", 100, "c", 100), share(g, 300));
    clock.advance(Duration.ofSeconds(20));
    g.tick();
    TargetState c = g.targets().get(2);
    g.health(c, State.DOWN);
    g.health(c, State.UP); // came back: slow start again
    g.refresh();
    Map<String, Integer> cold = share(g, 2100);
    assertEquals(100, cold.get("c")); // factor 0.1: 0.1 / 2.1 of the picks
    clock.advance(Duration.ofSeconds(5));
    g.tick();
    assertEquals(500, share(g, 2500).get("c")); // factor 0.5: 0.5 / 2.5 of the picks
    clock.advance(Duration.ofSeconds(5));
    g.tick();
    assertEquals(Map.of("a", 100, "b", 100, "c", 100), share(g, 300));
  }

  private static Map<String, Integer> share(TargetGroup g, int picks) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < picks; i++) {
      counts.merge(pick(g, null), 1, Integer::sum);
    }
    return counts;
  }
}
