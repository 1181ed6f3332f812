package io.meridian.balancer.server;

import static java.util.Objects.requireNonNull;

import io.meridian.balancer.config.BalancerConfig;
import io.meridian.balancer.limit.RateLimiter;
import io.meridian.balancer.proxy.GroupProxy;
import io.meridian.balancer.rules.RouteTable;
import java.util.Map;

/**
 * Everything a request needs from one configuration, swapped as a whole on reload: the compiled
 * rules, the groups they point at, the rate limiter. A request reads the current one once, at its
 * start, and keeps using it even if a reload happens meanwhile.
 */
public record Routing(
    BalancerConfig config,
    RouteTable<Action> routes,
    Map<String, GroupProxy> groups,
    RateLimiter rateLimiter) {

  public Routing {
    requireNonNull(config, "config");
    requireNonNull(routes, "routes");
    groups = Map.copyOf(groups);
    requireNonNull(rateLimiter, "rateLimiter");
  }
}
