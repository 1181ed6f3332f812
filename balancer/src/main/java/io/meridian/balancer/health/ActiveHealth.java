package io.meridian.balancer.health;

import static java.util.Objects.requireNonNull;

import io.meridian.agent.probe.Probe;
import io.meridian.balancer.config.GroupConfig.HealthCheck;
import io.meridian.balancer.select.TargetGroup;
import io.meridian.balancer.select.TargetState;
import io.meridian.core.health.CheckSpec;
import io.meridian.core.health.RiseFall;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Active checks of one group's targets with the health agent's probes ({@link Probe}, one per
 * distinct {@link CheckSpec}) and core's {@link RiseFall}: every target is probed once per
 * interval, first at a random point of the first interval so targets do not probe in step; a
 * target never has two probes in flight. Only state changes reach the group ({@link
 * TargetGroup#health}), which then rebuilds its selection; the request path never waits for a
 * probe.
 */
public final class ActiveHealth {

  private final Vertx vertx;
  private final List<Long> timers = new ArrayList<>();
  private final Map<CheckSpec, Probe> probes = new HashMap<>();
  private volatile boolean closed;

  private ActiveHealth(Vertx vertx) {
    this.vertx = vertx;
  }

  /** No checks: for groups without {@code health_check}. */
  public static ActiveHealth none(Vertx vertx) {
    return new ActiveHealth(vertx);
  }

  public static ActiveHealth start(
      Vertx vertx,
      TargetGroup group,
      HealthCheck check,
      LongSupplier nanoTime,
      RandomGenerator random) {
    requireNonNull(check, "check");
    ActiveHealth health = new ActiveHealth(vertx);
    for (TargetState target : group.targets()) {
      CheckSpec spec = check.specFor(target.config().port());
      Probe probe = health.probes.computeIfAbsent(spec, s -> Probe.of(vertx, s, nanoTime));
      health.schedule(group, target, spec, probe, nanoTime, random);
    }
    return health;
  }

  private void schedule(
      TargetGroup group,
      TargetState target,
      CheckSpec spec,
      Probe probe,
      LongSupplier nanoTime,
      RandomGenerator random) {
    InetAddress address = address(target.config().host());
    RiseFall riseFall = RiseFall.of(spec, nanoTime.getAsLong());
    long interval = spec.interval().toMillis();
    boolean[] inFlight = {false};
    Runnable round =
        () -> {
          if (closed || inFlight[0]) {
            return;
          }
          inFlight[0] = true;
          probe
              .probe(address)
              .onComplete(
                  ar -> {
                    inFlight[0] = false;
                    if (closed) {
                      return;
                    }
                    RiseFall.State before = riseFall.state();
                    boolean ok = ar.succeeded() && ar.result().ok();
                    RiseFall.State after = riseFall.record(ok, nanoTime.getAsLong());
                    if (after != before) {
                      group.health(target, after);
                    }
                  });
        };
    long first = 1 + random.nextLong(Math.max(1, interval));
    timers.add(
        vertx.setTimer(
            first,
            id -> {
              round.run();
              synchronized (timers) {
                if (!closed) {
                  timers.add(vertx.setPeriodic(interval, p -> round.run()));
                }
              }
            }));
  }

  private static InetAddress address(String ip) {
    try {
      return InetAddress.getByName(ip); // a validated IP literal: no lookup happens
    } catch (UnknownHostException e) {
      throw new IllegalStateException("validated address does not parse: " + ip, e);
    }
  }

  /** Stops all checks and closes the probes. */
  public Future<Void> close() {
    synchronized (timers) {
      closed = true;
      timers.forEach(vertx::cancelTimer);
    }
    List<Future<Void>> closing = new ArrayList<>();
    probes.values().forEach(p -> closing.add(p.close()));
    return Future.all(closing).mapEmpty();
  }
}
