package io.meridian.balancer.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.balancer.testing.BalancerFixture;
import io.meridian.balancer.testing.Client;
import io.meridian.balancer.testing.Client.Reply;
import io.vertx.core.Future;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Prometheus text from metrics.listen, scraped over HTTP, moving with real requests. */
class MetricsIT extends BalancerFixture {

  private static final String METRICS = "metrics: {listen: 127.0.0.1:0}\n";

  /** Every sample of one scrape: {@code name{labels}} to value. */
  private Map<String, Double> scrape() {
    try (Client scraper = new Client(clientVertx, balancer.metricsPort().orElseThrow())) {
      Reply reply = scraper.get("/metrics");
      assertEquals(200, reply.status());
      assertTrue(reply.headers().get("content-type").startsWith("text/plain"), reply.headers().toString());
      Map<String, Double> samples = new LinkedHashMap<>();
      for (String line : reply.body().split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int space = line.lastIndexOf(' ');
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
      return samples;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The sample named {@code name} carrying all {@code labels} ({@code k="v"} each), if any. */
  private OptionalDouble sample(String name, String... labels) {
    for (Map.Entry<String, Double> e : scrape().entrySet()) {
      String key = e.getKey();
      boolean named = key.equals(name) || key.startsWith(name + "{");
      if (named && List.of(labels).stream().allMatch(key::contains)) {
        return OptionalDouble.of(e.getValue());
      }
    }
    return OptionalDouble.empty();
  }

  private double value(String name, String... labels) {
    return sample(name, labels).orElse(Double.NaN);
  }

  /**
   * Waits for a sample to reach {@code expected}: a response is counted when the server has
   * written it, which may be just after the client read it.
   */
  private void awaitValue(double expected, String name, String... labels) {
    await().atMost(Duration.ofSeconds(5)).until(() -> value(name, labels) == expected);
  }

  @Test
  void requestsRetriesLatencyAndEjectionsMoveWithTraffic() throws Exception {
    backend(1).status(503);
    start(
        METRICS
            + "routes:\n  - forward: g\ngroups:\n  g:\n    retry: {on: [5xx]}\n"
            + "    outlier: {consecutive_5xx: 2, interval: 100ms, base_ejection: 30s}\n"
            + targets(2));
    assertEquals(Double.NaN, value("meridian_balancer_requests_total", "group=\"g\""));
    // round robin: b1, b2 (503, retried on b1), b1, b2 (503, retried): all four answered 200
    assertEquals(List.of(200, 200, 200, 200), getRoot(4).stream().map(Reply::status).toList());
    awaitValue(4.0, "meridian_balancer_requests_total", "group=\"g\"", "status=\"2xx\"");
    assertEquals(0.0, value("meridian_balancer_requests_total", "group=\"g\"", "status=\"5xx\""));
    assertEquals(2.0, value("meridian_balancer_retries_total", "group=\"g\""));
    awaitValue(4.0, "meridian_balancer_request_duration_seconds_count", "group=\"g\"");
    // a histogram: every request in the +Inf bucket, none of these loopback ones above 10 s
    String bucket = "meridian_balancer_request_duration_seconds_bucket";
    assertEquals(4.0, value(bucket, "group=\"g\"", "le=\"+Inf\""));
    assertEquals(4.0, value(bucket, "group=\"g\"", "le=\"10.0\""));
    // b2 failed twice in a row: the next detection round ejects it
    await().atMost(Duration.ofSeconds(5))
        .until(() -> value("meridian_balancer_ejections_total", "group=\"g\"") == 1.0);
    // the same meters in code
    assertEquals(2.0, balancer.metrics().get("meridian.balancer.retries").tag("group", "g").counter().count());
  }

  @Test
  void connectionsInFlightRateLimitsAndUnroutedRequests() throws Exception {
    start(
        METRICS
            + "rate_limit: {per_second: 0.001, burst: 2}\n"
            + "routes:\n  - match: {path: {prefix: /app}}\n    forward: g\ngroups:\n  g:\n"
            + targets(1));
    backend(0).hold(true);
    Future<Reply> held = client.sendAsync(new RequestOptions().setURI("/app"));
    await().atMost(Duration.ofSeconds(5))
        .until(() -> value("meridian_balancer_target_in_flight", "group=\"g\"", "target=\"b1\"") == 1.0);
    assertEquals(1.0, value("meridian_balancer_connections_active"));
    backend(0).release();
    assertEquals(200, held.await().status());
    await().atMost(Duration.ofSeconds(5))
        .until(() -> value("meridian_balancer_target_in_flight", "group=\"g\"", "target=\"b1\"") == 0.0);

    assertEquals(404, client.get("/elsewhere").status()); // the second token; no rule matches
    assertEquals(429, client.get("/app").status());
    assertEquals(1.0, value("meridian_balancer_rate_limited_total"));
    awaitValue(2.0, "meridian_balancer_requests_total", "group=\"none\"", "status=\"4xx\"");
    assertEquals(1.0, value("meridian_balancer_requests_total", "group=\"g\"", "status=\"2xx\""));

    client.close();
    client = null;
    await().atMost(Duration.ofSeconds(5))
        .until(() -> value("meridian_balancer_connections_active") == 0.0);
  }

  @Test
  void onlyGetMetricsIsServed() throws Exception {
    start(METRICS + "routes:\n  - forward: g\ngroups:\n  g:\n" + targets(1));
    try (Client scraper = new Client(clientVertx, balancer.metricsPort().orElseThrow())) {
      assertEquals(404, scraper.get("/").status());
      assertEquals(405, scraper.send(new RequestOptions().setMethod(io.vertx.core.http.HttpMethod.POST).setURI("/metrics")).status());
    }
  }

  @Test
  void withoutMetricsListenThereIsNoServerButTheMetersAreKept() throws Exception {
    start("routes:\n  - forward: g\ngroups:\n  g:\n" + targets(1));
    assertTrue(balancer.metricsPort().isEmpty());
    client.get("/");
    await().atMost(Duration.ofSeconds(5))
        .until(
            () ->
                balancer.metrics().get("meridian.balancer.requests").tags("group", "g", "status", "2xx")
                        .counter().count()
                    == 1.0);
  }
}
