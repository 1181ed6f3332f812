package io.meridian.balancer.server;

import io.meridian.balancer.config.BalancerConfig;
import io.meridian.balancer.config.GroupConfig;
import io.meridian.balancer.config.RouteConfig;
import io.meridian.balancer.lb.LoadBalancer;
import io.meridian.balancer.limit.RateLimiter;
import io.meridian.balancer.metrics.BalancerMetrics;
import io.meridian.balancer.proxy.GroupProxy;
import io.meridian.balancer.rules.RouteTable;
import io.meridian.balancer.select.TargetGroup;
import io.meridian.balancer.select.TargetState;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Turns a validated {@link BalancerConfig} into a {@link Routing}. Targets that the previous
 * routing already had (same group, name, address and weight) keep their state, so a reload does
 * not forget health, ejections, latency or in-flight counts.
 */
public final class RoutingCompiler {

  private final Vertx vertx;
  private final LongSupplier nanoTime;
  private final RandomGenerator random;
  private final BalancerMetrics metrics;

  public RoutingCompiler(
      Vertx vertx, LongSupplier nanoTime, RandomGenerator random, BalancerMetrics metrics) {
    this.vertx = vertx;
    this.nanoTime = nanoTime;
    this.random = random;
    this.metrics = metrics;
  }

  public Routing compile(BalancerConfig config, Routing previous) {
    Map<String, GroupProxy> groups = new LinkedHashMap<>();
    for (GroupConfig group : config.groups().values()) {
      List<TargetState> before =
          previous == null || !previous.groups().containsKey(group.name())
              ? List.of()
              : previous.groups().get(group.name()).group().targets();
      groups.put(
          group.name(),
          new GroupProxy(
              vertx,
              new TargetGroup(group, before, nanoTime, random),
              config.limits().maxBodySize(),
              metrics,
              nanoTime,
              random));
    }
    RouteTable<Action> routes =
        RouteTable.compile(config.routes(), action -> action(action, groups));
    RateLimiter limiter =
        previous != null && previous.config().rateLimit().equals(config.rateLimit())
            ? previous.rateLimiter()
            : new RateLimiter(config.rateLimit(), nanoTime);
    return new Routing(config, routes, groups, limiter);
  }

  private Action action(RouteConfig.ActionConfig action, Map<String, GroupProxy> groups) {
    if (action instanceof RouteConfig.Forward f) {
      return new Action.Forward(groups.get(f.group()));
    }
    if (action instanceof RouteConfig.Split s) {
      List<RouteConfig.WeightedGroup> parts =
          s.groups().stream().filter(p -> p.weight() > 0).toList();
      Map<GroupProxy, Integer> weights = new java.util.LinkedHashMap<>();
      parts.forEach(p -> weights.merge(groups.get(p.group()), p.weight(), Integer::sum));
      String label =
          parts.stream().map(p -> p.group() + ":" + p.weight()).collect(Collectors.joining(","));
      Map<Action.Forward, Integer> forwards = new java.util.LinkedHashMap<>();
      weights.forEach((group, weight) -> forwards.put(new Action.Forward(group), weight));
      return new Action.Split(
          LoadBalancer.weightedRandom(List.copyOf(forwards.keySet()), forwards::get, random),
          label);
    }
    if (action instanceof RouteConfig.Respond r) {
      return Action.Respond.of(
          r.status(), r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8), r.contentType());
    }
    RouteConfig.Redirect r = (RouteConfig.Redirect) action;
    return new Action.Redirect(r.status(), r.location());
  }
}
