package io.meridian.balancer.config;

import java.util.Optional;

/**
 * Where Prometheus scrapes the balancer's metrics: {@code GET /metrics} on a Vert.x HTTP server of
 * its own, apart from the listeners (so a scrape never competes with routing or rate limits).
 *
 * @param host the IP literal to bind, empty when metrics are not served
 * @param port the port; 0 picks a free one
 */
public record MetricsConfig(Optional<String> host, int port) {

  /** No metrics server; the meters are still kept and readable through {@code Balancer.metrics()}. */
  public static final MetricsConfig OFF = new MetricsConfig(Optional.empty(), 0);

  public boolean enabled() {
    return host.isPresent();
  }
}
