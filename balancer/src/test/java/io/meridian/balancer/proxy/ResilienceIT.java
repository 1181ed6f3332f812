package io.meridian.balancer.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.balancer.testing.BalancerFixture;
import io.meridian.balancer.testing.Client.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retries, their limits, and per-client rate limiting, over real sockets. */
class ResilienceIT extends BalancerFixture {

  private List<Integer> getStatuses(int count) {
    return getRoot(count).stream().map(Reply::status).toList();
  }

  @Test
  void idempotentRequestsAreRetriedOnceOnAnotherTargetButPostsAreNot() throws Exception {
    backend(0).close();
    start("routes:\n  - forward: g\ngroups:\n  g:\n" + targets(2));
    assertEquals(List.of(200, 200, 200, 200), getStatuses(4));
    List<Integer> posts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      posts.add(client.send(new RequestOptions().setMethod(HttpMethod.POST).setURI("/")).status());
    }
    assertEquals(2, posts.stream().filter(s -> s == 502).count(), posts.toString());
  }

  @Test
  void theRetryBudgetStopsRetriesWhenSpent() throws Exception {
    backend(0).close();
    start(
        "routes:\n  - forward: g\ngroups:\n  g:\n    retry: {budget_percent: 0, min_per_second: 1}\n"
            + targets(2));
    // round robin sends every other request to the dead target; one retry per second is allowed
    List<Integer> statuses = getStatuses(6);
    assertEquals(2, statuses.stream().filter(s -> s == 502).count(), statuses.toString());
  }

  @Test
  void clientsOverTheirRateGet429() throws Exception {
    start(
        "rate_limit: {per_second: 0.001, burst: 3}\nroutes:\n  - forward: g\ngroups:\n  g:\n"
            + targets(1));
    assertEquals(List.of(200, 200, 200, 429, 429), getStatuses(5));
  }
}
