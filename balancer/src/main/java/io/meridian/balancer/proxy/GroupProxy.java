package io.meridian.balancer.proxy;

import static java.util.Objects.requireNonNull;

import io.meridian.balancer.config.GroupConfig;
import io.meridian.balancer.health.ActiveHealth;
import io.meridian.balancer.limit.RetryBudget;
import io.meridian.balancer.metrics.BalancerMetrics;
import io.meridian.balancer.select.TargetGroup;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * A target group at work: its {@link TargetGroup} (who is eligible, the pick), its {@link
 * Forwarder} (connections, retries, the exchange) and its active health checks. Per-target limits
 * are the forwarder's pools': at most {@code max_connections} connections per target, at most
 * {@code max_pending} requests waiting for one (per event loop); beyond that a request fails at
 * once with 503 (circuit breaking), instead of queueing without bound behind a slow target.
 */
public final class GroupProxy {

  private final TargetGroup group;
  private final Forwarder forwarder;
  private final ActiveHealth health;

  /**
   * @param maxBodySize the listeners' {@code limits.max_body_size}, for bodies of unknown length
   * @param metrics counts the group's retries
   */
  public GroupProxy(
      Vertx vertx,
      TargetGroup group,
      long maxBodySize,
      BalancerMetrics metrics,
      LongSupplier nanoTime,
      RandomGenerator random) {
    this.group = requireNonNull(group, "group");
    GroupConfig config = group.config();
    this.forwarder =
        new Forwarder(
            group,
            ((VertxInternal) vertx).transport().channelFactory(false),
            new RetryPolicy(config.retry()),
            new RetryBudget(
                config.retry().budgetPercent(), config.retry().minPerSecond(), nanoTime),
            new RequestIds(random),
            nanoTime,
            () -> metrics.retried(group.name()),
            maxBodySize);
    this.health =
        config
            .healthCheck()
            .map(check -> ActiveHealth.start(vertx, group, check, nanoTime, random))
            .orElseGet(() -> ActiveHealth.none(vertx));
  }

  public TargetGroup group() {
    return group;
  }

  public Forwarder forwarder() {
    return forwarder;
  }

  /**
   * Stops health checks, waits for in-flight requests (at most {@code maxWaitMillis}), then closes
   * the pooled connections.
   */
  public Future<Void> drainAndClose(Vertx vertx, long maxWaitMillis) {
    health.close();
    if (maxWaitMillis < 1) {
      forwarder.close();
      return Future.succeededFuture();
    }
    Promise<Void> drained = Promise.promise();
    long timer = vertx.setTimer(maxWaitMillis, id -> drained.tryComplete());
    group.drain().whenComplete((v, e) -> {
      vertx.cancelTimer(timer);
      drained.tryComplete();
    });
    return drained.future().andThen(v -> forwarder.close());
  }
}
