package io.meridian.balancer.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A whole balancer configuration, validated: what {@link BalancerConfigReader} returns and what
 * {@link io.meridian.balancer.Balancer} compiles. Immutable, so a reload can build the next one
 * while requests are served from the current one.
 *
 * @param eventLoops event loops serving the listeners (one per core is the usual choice)
 * @param listeners where clients connect
 * @param limits request size and timing limits for every listener
 * @param rateLimit per-client token bucket, or {@link RateLimitConfig#OFF}
 * @param accessLog whether each request is logged
 * @param routes the rules, in order; the first that matches decides
 * @param groups target groups by name, in document order
 * @param metrics where Prometheus metrics are served, or {@link MetricsConfig#OFF}
 */
public record BalancerConfig(
    int eventLoops,
    List<ListenerConfig> listeners,
    LimitsConfig limits,
    RateLimitConfig rateLimit,
    boolean accessLog,
    List<RouteConfig> routes,
    Map<String, GroupConfig> groups,
    MetricsConfig metrics) {

  public BalancerConfig {
    requireNonNull(listeners, "listeners");
    requireNonNull(limits, "limits");
    requireNonNull(rateLimit, "rateLimit");
    requireNonNull(metrics, "metrics");
    listeners = List.copyOf(listeners);
    routes = List.copyOf(routes);
    groups = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groups));
  }
}
