package io.meridian.agent.role;

import static java.util.Objects.requireNonNull;

import io.meridian.agent.schedule.HealthScheduler;
import io.meridian.agent.schedule.Target;
import io.meridian.core.cluster.SharedHealth;
import io.meridian.core.health.AgentBeat;
import io.meridian.core.health.CheckSpec;
import io.meridian.core.health.Observation;
import io.meridian.core.policy.Endpoint;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.vertx.core.Vertx;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The agent role: probes every endpoint address the current snapshot gives a check, once per
 * agent (never once per DNS server), and shares what it believes through the cluster. It follows
 * reloads (checks disappear with the config that named them, and their observations are
 * withdrawn), beats every {@code health.heartbeat} so its observations count as fresh, and leaves
 * the cluster's health state on close.
 */
public final class HealthAgent implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(HealthAgent.class.getName());

  /** Besides every change of belief, an observation is republished this often (fresh RTTs). */
  static final Duration REPORT_EVERY = Duration.ofSeconds(5);

  /**
   * Four event loops per core: on 2 cores, 10,000 TCP probes a second had 0-0.03 % of rounds late
   * with 8 loops against 0.9-3 % with 4 (bench/RESULTS.md): a loop that waits for a CPU holds back
   * fewer targets. The process's Vert.x needs as many event-loop threads ({@link
   * #EVENT_LOOPS}); idle ones cost nothing.
   */
  public static final int EVENT_LOOPS =
      Math.max(1, Math.min(16, 4 * Runtime.getRuntime().availableProcessors()));

  private final Vertx vertx;
  private final String name;
  private final String region;
  private final SharedHealth shared;
  private final Clock clock;
  private final HealthScheduler scheduler;
  private final long beatTimer;
  private volatile Set<Target> targets = Set.of();

  public HealthAgent(
      Vertx vertx, String name, String region, SharedHealth shared, Current<Snapshot> snapshot,
      Clock clock) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.name = requireNonNull(name, "name");
    this.region = requireNonNull(region, "region");
    this.shared = requireNonNull(shared, "shared");
    this.clock = requireNonNull(clock, "clock");
    this.scheduler =
        HealthScheduler.builder(vertx, name, region, this::publish)
            .clock(clock)
            .reportEvery(REPORT_EVERY)
            .eventLoops(EVENT_LOOPS)
            .build();
    Snapshot first = snapshot.get();
    follow(first);
    snapshot.subscribe(this::follow);
    beat();
    this.beatTimer = vertx.setPeriodic(first.health().heartbeat().toMillis(), id -> beat());
  }

  /** Every endpoint address with a check in {@code snapshot}, as scheduler targets. */
  public static Set<Target> targets(Snapshot snapshot) {
    Set<Target> out = new LinkedHashSet<>();
    for (Endpoint e : snapshot.policies().endpoints()) {
      CheckSpec check = snapshot.policies().healthPlan().check(e.id());
      if (check != null) {
        for (InetAddress address : e.addresses()) {
          out.add(new Target(e.key(), address, check));
        }
      }
    }
    return out;
  }

  private void follow(Snapshot snapshot) {
    Set<Target> next = targets(snapshot);
    Set<Target> dropped = new HashSet<>(targets);
    dropped.removeAll(next);
    targets = next;
    scheduler
        .update(next)
        .onSuccess(
            v -> {
              Set<String> kept = new HashSet<>();
              next.forEach(t -> kept.add(target(t)));
              dropped.stream()
                  .map(HealthAgent::target)
                  .filter(t -> !kept.contains(t))
                  .forEach(t -> shared.withdraw(name, t));
            });
    LOG.log(Level.INFO, () -> "agent " + name + "@" + region + ": probing " + next.size()
        + " endpoint addresses");
  }

  private static String target(Target t) {
    return t.endpoint() + "|" + t.address().getHostAddress();
  }

  private void publish(Observation observation) {
    try {
      shared.publish(observation);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "could not publish " + observation.key() + ": " + e);
    }
  }

  private void beat() {
    shared.beat(new AgentBeat(name, region, clock.millis(), targets.size()));
  }

  public String name() {
    return name;
  }

  public HealthScheduler scheduler() {
    return scheduler;
  }

  @Override
  public void close() {
    vertx.cancelTimer(beatTimer);
    try {
      scheduler.close().await();
    } catch (Exception e) {
      LOG.log(Level.DEBUG, "scheduler close: " + e);
    }
    try {
      shared.leave(name, targets.stream().map(HealthAgent::target).toList());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the votes go stale instead
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "could not leave the health state: " + e);
    }
  }
}
