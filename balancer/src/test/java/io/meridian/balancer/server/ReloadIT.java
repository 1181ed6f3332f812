package io.meridian.balancer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.balancer.config.BalancerConfig;
import io.meridian.balancer.config.BalancerConfigReader;
import io.meridian.balancer.select.TargetGroup;
import io.meridian.balancer.testing.BalancerFixture;
import io.meridian.balancer.testing.Client;
import io.meridian.balancer.testing.Client.Reply;
import io.meridian.balancer.testing.Configs;
import io.meridian.core.config.InvalidConfigException;
import io.vertx.core.Future;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Reloads swap routing without dropping in-flight requests; bad reloads change nothing. */
class ReloadIT extends BalancerFixture {

  private BalancerConfig only(int backend) {
    return Configs.http("routes:\n  - forward: g\ngroups:\n  g:\n    targets:\n      - {name: "
        + backend(backend).name() + ", address: " + backend(backend).address() + "}\n");
  }

  @Test
  void aRemovedTargetFinishesItsInFlightRequestWhileNewOnesGoElsewhere() throws Exception {
    start(only(0));
    backend(0).hold(true);
    Future<Reply> inFlight = newClient().sendAsync(new RequestOptions().setURI("/slow"));
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> backend(0).heldCount() == 1);
    TargetGroup old = balancer.group("g");
    assertEquals(1, old.inFlight());

    balancer.reload(only(1)).await(10, TimeUnit.SECONDS);
    assertEquals("b2", client.get("/").body());

    backend(0).release();
    Reply finished = inFlight.await(10, TimeUnit.SECONDS);
    assertEquals(200, finished.status());
    assertEquals("b1", finished.body());
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> old.inFlight() == 0);
  }

  @Test
  void reloadsUnderLoadFailNoRequest() throws Exception {
    start(only(0));
    CompletableFuture<List<Integer>> load =
        CompletableFuture.supplyAsync(
            () -> {
              List<Integer> statuses = new ArrayList<>();
              try (Client c = new Client(clientVertx, balancer.port("http"))) {
                for (int i = 0; i < 300; i++) {
                  statuses.add(c.get("/").status());
                }
              } catch (Exception e) {
                throw new AssertionError(e);
              }
              return statuses;
            });
    for (int i = 0; i < 6 && !load.isDone(); i++) {
      balancer.reload(only(i % 3)).await(10, TimeUnit.SECONDS);
    }
    List<Integer> statuses = load.get(30, TimeUnit.SECONDS);
    assertTrue(statuses.stream().allMatch(s -> s == 200), statuses.toString());
  }

  @Test
  void targetStateSurvivesAReloadThatKeepsTheTarget() throws Exception {
    start(only(0));
    var before = balancer.group("g").targets().get(0);
    balancer.reload(only(0)).await(10, TimeUnit.SECONDS);
    assertSame(before, balancer.group("g").targets().get(0));
  }

  @Test
  void aBadConfigIsRejectedAndTheRunningOneStays() throws Exception {
    start(only(0));
    Routing running = balancer.routing();
    assertThrows(
        InvalidConfigException.class,
        () -> BalancerConfigReader.read("routes:\n  - forward: nowhere\n", "bad.yaml", Path.of(".")));
    BalancerConfig otherListener =
        Configs.parse("event_loops: 1\nlisteners:\n  - name: http\n    address: 127.0.0.1:1\n"
            + "routes:\n  - forward: g\ngroups:\n  g:\n    targets: [{address: " + backend(1).address() + "}]\n");
    Throwable failure =
        assertThrows(Exception.class, () -> balancer.reload(otherListener).await(10, TimeUnit.SECONDS));
    assertTrue(failure instanceof InvalidConfigException, failure.toString());
    assertTrue(failure.getMessage().contains("listeners: cannot change on reload"), failure.getMessage());
    BalancerConfig withMetrics =
        Configs.http("metrics: {listen: 127.0.0.1:0}\nroutes:\n  - forward: g\ngroups:\n  g:\n"
            + "    targets: [{address: " + backend(1).address() + "}]\n");
    failure = assertThrows(Exception.class, () -> balancer.reload(withMetrics).await(10, TimeUnit.SECONDS));
    assertTrue(failure.getMessage().contains("metrics: cannot change on reload"), failure.getMessage());
    assertSame(running, balancer.routing());
    assertEquals("b1", client.get("/").body());
  }
}
