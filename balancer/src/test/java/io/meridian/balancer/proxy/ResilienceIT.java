package io.meridian.balancer.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.balancer.testing.BalancerFixture;
import io.meridian.balancer.testing.Client.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Retries (connect failures, 5xx, gateway errors, timeouts), their budget, and per-client rate
 * limiting, over real sockets.
 */
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

  private int post() {
    return client.send(new RequestOptions().setMethod(HttpMethod.POST).setURI("/")).status();
  }

  @Test
  void a5xxIsRetriedOnAnotherTargetForGetsAndReachesPosts() throws Exception {
    backend(0).status(503);
    start("routes:\n  - forward: g\ngroups:\n  g:\n    retry: {on: [5xx]}\n" + targets(2));
    List<Reply> gets = getRoot(4);
    assertEquals(List.of(200, 200, 200, 200), gets.stream().map(Reply::status).toList());
    assertEquals(List.of("b2", "b2", "b2", "b2"), gets.stream().map(Reply::body).toList());
    // round robin sent two of the GETs to b1 first: it answered them, and the answers were dropped
    assertEquals(2, backend(0).requests());
    List<Integer> posts = List.of(post(), post(), post(), post());
    assertEquals(2, posts.stream().filter(s -> s == 503).count(), posts.toString());
  }

  @Test
  void gatewayErrorRetriesOnly502To504() throws Exception {
    backend(0).status(500);
    backend(1).status(503);
    backend(2).status(200);
    start("routes:\n  - forward: g\ngroups:\n  g:\n    retry: {on: [gateway-error]}\n" + targets(3));
    // b1's 500 is not a gateway error; b2's 503 is and goes to b3
    assertEquals(List.of(500, 200, 200), getStatuses(3));
  }

  @Test
  void connectFailuresOnlyByDefaultSo5xxReachTheClient() throws Exception {
    backend(0).status(503);
    start("routes:\n  - forward: g\ngroups:\n  g:\n" + targets(2));
    assertEquals(List.of(503, 200), getStatuses(2));
  }

  @Test
  void retriesOf5xxStopWhenTheBudgetIsSpent() throws Exception {
    backend(0).status(503);
    // no free retries; each request deposits half a retry, so only every second failure is retried
    start(
        "routes:\n  - forward: g\ngroups:\n  g:\n"
            + "    retry: {on: [5xx], budget_percent: 50, min_per_second: 0}\n"
            + targets(2));
    // round robin: b1 b2 b1 b2 b1 b2 (a retry does not take a turn). Budget 0.5: no retry;
    // 1.0 after b2; 1.5: retry, 0.5 left; 1.0; 1.5: retry
    assertEquals(List.of(503, 200, 200, 200, 200, 200), getStatuses(6));
    assertEquals(3, backend(0).requests());
  }

  @Test
  void aTimeoutIsRetriedOnAnotherTargetForGetsNotPosts() throws Exception {
    backend(0).hang(true);
    start(
        "routes:\n  - forward: g\ngroups:\n  g:\n    timeouts: {request: 300ms}\n"
            + "    retry: {on: [connect-failure, timeout]}\n"
            + targets(2));
    Reply first = client.get("/");
    assertEquals(200, first.status());
    assertEquals("b2", first.body());
    assertEquals(1, backend(0).requests());
    assertEquals(200, post()); // round robin: b2
    assertEquals(504, post()); // b1 hangs, and a POST is not retried
  }

  @Test
  void clientsOverTheirRateGet429() throws Exception {
    start(
        "rate_limit: {per_second: 0.001, burst: 3}\nroutes:\n  - forward: g\ngroups:\n  g:\n"
            + targets(1));
    assertEquals(List.of(200, 200, 200, 429, 429), getStatuses(5));
  }
}
