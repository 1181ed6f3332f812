package io.meridian.balancer.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.balancer.testing.BalancerFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Balancer.load() against real traffic: a fast target and one that times out. */
class LoadIT extends BalancerFixture {

  @Test
  void theReportReflectsRequestsErrorsLatencyAndConnections() throws Exception {
    backend(1).hang(true); // answered 504 by the balancer after the 300 ms request timeout
    long beforeStart = System.nanoTime();
    start("routes:\n  - forward: g\ngroups:\n  g:\n    timeouts: {request: 300ms}\n" + targets(2));
    long firstRequest = System.nanoTime();
    long slowest = 0;
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      long t = System.nanoTime();
      statuses.add(client.get("/").status());
      slowest = Math.max(slowest, System.nanoTime() - t);
    }
    assertEquals(List.of(200, 504, 200, 504, 200, 504, 200, 504, 200, 504), statuses);
    long epochBefore = System.currentTimeMillis();
    // a response is recorded when the server has written it, which may be just after the client
    // read it: wait for all ten
    LoadReport report =
        await().atMost(Duration.ofSeconds(5)).until(balancer::load, r -> r.errorRatio() == 0.5);
    long reportedAt = System.nanoTime();

    assertEquals(1, report.activeConnections(), report.toString()); // the client's keep-alive
    // the window is no longer than the balancer's life and no shorter than the traffic
    assertTrue(report.requestsPerSecond() >= 10 / ((reportedAt - beforeStart) / 1e9), report.toString());
    assertTrue(report.requestsPerSecond() <= 10 / ((reportedAt - firstRequest) / 1e9), report.toString());
    // p99 of 10 is the slowest: a timeout, at least 300 ms, at most what the client waited
    assertTrue(report.p99Millis() >= 300 * (1 - 0.0625), report.toString());
    assertTrue(report.p99Millis() <= slowest / 1e6 * 1.0625, report.toString());
    assertTrue(report.atEpochMillis() >= epochBefore && report.atEpochMillis() <= System.currentTimeMillis());
  }
}
