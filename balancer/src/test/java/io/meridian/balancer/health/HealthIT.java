package io.meridian.balancer.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.balancer.select.TargetGroup;
import io.meridian.balancer.testing.BalancerFixture;
import io.meridian.balancer.testing.Client;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Active checks and passive ejection against real backends, and recovery from both. */
class HealthIT extends BalancerFixture {

  private Set<String> served(int requests) {
    return getRoot(requests).stream().map(Client.Reply::body).collect(Collectors.toSet());
  }

  @Test
  void activeChecksTakeAFailingTargetOutAndBringItBack() throws Exception {
    start(
        "routes:\n  - forward: g\ngroups:\n  g:\n"
            + "    health_check: {path: /healthz, interval: 100ms, timeout: 100ms, rise: 2, fall: 2}\n"
            + targets(3));
    TargetGroup group = balancer.group("g");
    backend(1).status(500);
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> group.eligible().size() == 2);
    assertEquals(Set.of("b1", "b3"), served(6));
    backend(1).status(200);
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> group.eligible().size() == 3);
    assertEquals(Set.of("b1", "b2", "b3"), served(6));
  }

  @Test
  void consecutive5xxEjectTheTargetForTheBackOffThenItReturns() throws Exception {
    start(
        "routes:\n  - forward: g\ngroups:\n  g:\n"
            + "    outlier: {consecutive_5xx: 3, interval: 100ms, base_ejection: 1s, max_ejection_percent: 50}\n"
            + targets(3));
    TargetGroup group = balancer.group("g");
    backend(2).status(503);
    // round robin: every third request reaches b3 until it is ejected
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> {
      client.get("/");
      return group.eligible().size() == 2;
    });
    assertEquals(Set.of("b1", "b2"), served(6));
    assertEquals(1, group.outliers().stats().enforced());
    backend(2).status(200);
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> group.eligible().size() == 3);
    assertTrue(served(6).contains("b3"));
  }

  @Test
  void refusedConnectionsEjectADeadTargetAndRetriesHideIt() throws Exception {
    backend(1).close();
    start(
        "routes:\n  - forward: g\ngroups:\n  g:\n"
            + "    outlier: {consecutive_connect_failures: 1, interval: 100ms, base_ejection: 30s}\n"
            + targets(3));
    TargetGroup group = balancer.group("g");
    // every request succeeds: the one that meets b2 is retried on another target
    for (int i = 0; i < 9; i++) {
      assertEquals(200, client.get("/").status());
    }
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> group.eligible().size() == 2);
    assertEquals(Set.of("b1", "b3"), served(6));
  }
}
