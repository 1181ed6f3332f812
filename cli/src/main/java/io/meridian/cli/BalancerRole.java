package io.meridian.cli;

import io.meridian.balancer.Balancer;
import io.meridian.balancer.DataPlaneVertx;
import io.meridian.balancer.config.RegionBalancer;
import io.meridian.balancer.metrics.LoadReport;
import io.meridian.balancer.server.AccessLog;
import io.meridian.core.cluster.BalancerLoad;
import io.meridian.core.cluster.Refusal;
import io.meridian.core.cluster.SharedBalancers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the L7 balancers this process is given, as a member of the cluster: every second each one
 * publishes its {@link BalancerLoad}, and every {@link #TICK_MILLIS} each one follows the drills'
 * {@link Refusal} for its region (refusing all traffic while one is active). A new configuration
 * reloads balancers that stay, starts new ones and closes those that went.
 *
 * <p>A balancer without {@code metrics.listen} of its own records its meters in the process's
 * registry (served on the process's {@code metrics.listen}), tagged with its {@code region} and
 * {@code balancer} name, and takes them out again when it closes; one with {@code metrics.listen}
 * keeps a Prometheus registry of its own behind that address.
 *
 * <p>The balancers run on a Vert.x of their own ({@link DataPlaneVertx}: io_uring where the
 * kernel allows it), so the data plane neither shares event loops with the process's other roles
 * nor changes their transport.
 */
final class BalancerRole implements AutoCloseable {

  private static final Logger LOG = System.getLogger(BalancerRole.class.getName());

  /** How often refusals are followed: a drill's fail mode takes effect within this. */
  static final long TICK_MILLIS = 200;

  private final Vertx vertx;
  private final Vertx dataPlane;
  private final SharedBalancers shared;
  private final MeterRegistry processMeters;
  /** Replaced whole by {@link #apply}; the tick reads it without a lock (it runs on an event loop). */
  private volatile Map<String, Running> running = Map.of();
  private final long timer;
  private long lastPublish;

  /** A started balancer; {@code meters} is its view of the process's registry, or null. */
  private record Running(RegionBalancer entry, Balancer balancer, CompositeMeterRegistry meters) {

    Running reloaded(RegionBalancer next) {
      return new Running(next, balancer, meters);
    }

    /**
     * Withdraws its load from the cluster, closes the balancer and takes its meters out of the
     * process's registry.
     */
    void stop(SharedBalancers shared) {
      shared.withdraw(entry.region(), entry.name());
      balancer.close().await();
      if (meters != null) {
        List.copyOf(meters.getMeters()).forEach(meters::remove);
      }
    }
  }

  private BalancerRole(Vertx vertx, SharedBalancers shared, MeterRegistry processMeters) {
    this.vertx = vertx;
    this.dataPlane = DataPlaneVertx.create(new VertxOptions());
    this.shared = shared;
    this.processMeters = processMeters;
    this.timer = vertx.setPeriodic(TICK_MILLIS, id -> tick());
  }

  static BalancerRole start(Vertx vertx, SharedBalancers shared, List<RegionBalancer> entries,
      MeterRegistry processMeters) {
    BalancerRole role = new BalancerRole(vertx, shared, processMeters);
    role.apply(entries);
    return role;
  }

  /** What each balancer listens on, for the start-up lines. */
  List<String> describe() {
    List<String> out = new ArrayList<>();
    running.forEach(
        (key, r) ->
            out.add(
                key
                    + " on "
                    + r.entry().config().listeners().stream()
                        .map(l -> l.host() + ":" + r.balancer().port(l.name()))
                        .collect(java.util.stream.Collectors.joining(" "))));
    return out;
  }

  /**
   * Makes {@code entries} the running balancers; not on an event loop (it waits for starts and
   * reloads).
   */
  synchronized void apply(List<RegionBalancer> entries) {
    Map<String, Running> before = running;
    Map<String, Running> after = new LinkedHashMap<>();
    for (RegionBalancer entry : entries) {
      Running current = before.get(entry.key());
      if (current == null) {
        after.put(entry.key(), start(entry));
      } else {
        current.balancer().reload(entry.config()).await();
        after.put(entry.key(), current.reloaded(entry));
      }
    }
    running = java.util.Collections.unmodifiableMap(after);
    before.forEach(
        (key, gone) -> {
          if (!after.containsKey(key)) {
            gone.stop(shared);
          }
        });
  }

  private void tick() {
    long now = System.currentTimeMillis();
    Map<String, Refusal> refusals = shared.refusals();
    boolean publish = now - lastPublish >= 1000;
    for (Running r : running.values()) {
      Refusal refusal = refusals.get(r.entry().region());
      boolean refuse = refusal != null && refusal.activeAt(now);
      if (r.balancer().refusing() != refuse) {
        r.balancer().refuse(refuse);
        LOG.log(
            Level.INFO,
            r.entry().key()
                + (refuse ? " refuses all traffic: " + refusal.reason() : " serves again"));
      }
      if (publish) {
        shared.publish(load(r));
      }
    }
    if (publish) {
      lastPublish = now;
    }
  }

  private static BalancerLoad load(Running r) {
    LoadReport load = r.balancer().load();
    return new BalancerLoad(
        r.entry().region(),
        r.entry().name(),
        r.entry().capacityPerSecond(),
        load.activeConnections(),
        load.requestsPerSecond(),
        load.p99Millis(),
        load.errorRatio(),
        r.balancer().refusing(),
        load.atEpochMillis());
  }

  private Running start(RegionBalancer entry) {
    if (entry.config().metrics().enabled()) {
      return new Running(entry,
          Balancer.start(dataPlane, entry.config(), AccessLog.toLogger()).await(), null);
    }
    CompositeMeterRegistry meters = new CompositeMeterRegistry();
    meters.config().commonTags("region", entry.region(), "balancer", entry.name());
    meters.add(processMeters);
    Balancer started =
        Balancer.start(dataPlane, entry.config(), AccessLog.toLogger(), meters).await();
    return new Running(entry, started, meters);
  }

  @Override
  public synchronized void close() {
    vertx.cancelTimer(timer);
    Map<String, Running> last = running;
    running = Map.of();
    for (Running r : last.values()) {
      r.stop(shared);
    }
    dataPlane.close().await();
  }
}
