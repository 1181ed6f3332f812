package io.meridian.core.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.meridian.core.health.AgentBeat;
import io.meridian.core.health.Consensus;
import io.meridian.core.health.EndpointHealth;
import io.meridian.core.health.HealthOverride;
import io.meridian.core.health.HealthState;
import io.meridian.core.health.LiveHealth;
import io.meridian.core.health.Observation;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Keeps this member's copy of the shared health state and turns it into {@link HealthState}s for
 * the query path. Observations, heartbeats and loads are {@link SharedEntries} views kept current
 * by Hazelcast's threads, and replayed every {@link #REPLAY_MILLIS} for what came without events
 * (a joiner's copy of the maps, a split that healed); the overrides are read whole from their
 * replicated map on each of their events and each replay. Events only ask for a rebuild; one
 * thread rebuilds at most every {@code debounce} and also on a tick (heartbeats going stale and
 * overrides expiring are changes nobody announces). The query path reads {@link #health()}, which
 * never calls Hazelcast, so answers go on when the cluster does not.
 */
public final class HealthFeed implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(HealthFeed.class.getName());
  private static final long DEBOUNCE_MILLIS = 5;
  /** How often the shared views are read again whole. */
  static final long REPLAY_MILLIS = 1_000;

  private final Current<Snapshot> snapshot;
  private final Clock clock;
  private final Consensus consensus;
  private final LiveHealth live;
  /** The overrides as last read whole from the cluster. */
  private volatile Map<String, HealthOverride> overrides = Map.of();
  private final ScheduledExecutorService worker;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AtomicLong transitions = new AtomicLong();
  private final AtomicLong rebuilds = new AtomicLong();
  private final List<Consumer<EndpointHealth>> transitionListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final SharedHealth shared;
  private final SharedBalancers balancers;

  public HealthFeed(HazelcastInstance hazelcast, Current<Snapshot> snapshot, Clock clock) {
    this.snapshot = snapshot;
    this.clock = clock;
    Snapshot first = snapshot.get();
    this.live = new LiveHealth(HealthState.EMPTY, first.policies());
    this.consensus = new Consensus(first.health());
    this.shared = new SharedHealth(hazelcast, first.health().forgetAfter());
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "health-feed");
              t.setDaemon(true);
              return t;
            });
    rebuild(); // the configured/initial state, before any event
    shared.listen(new LocalCopy());
    readOverrides();
    // balancers report about once a second each: the periodic rebuild below picks their loads
    // up, a rebuild per report would redo the whole consensus for a headroom figure
    this.balancers = new SharedBalancers(hazelcast);
    balancers.followLoads();
    hazelcast
        .getLifecycleService()
        .addLifecycleListener(
            e -> {
              if (e.getState() == LifecycleEvent.LifecycleState.MERGED) {
                replay(); // this member rejoined after a split: its copy may miss changes
              }
            });
    snapshot.subscribe(s -> changed());
    long tick = Math.max(50, first.health().heartbeat().toMillis() / 4);
    worker.scheduleWithFixedDelay(this::rebuild, tick, tick, TimeUnit.MILLISECONDS);
    worker.scheduleWithFixedDelay(
        this::replay, REPLAY_MILLIS, REPLAY_MILLIS, TimeUnit.MILLISECONDS);
    changed();
  }

  /** What the query path reads. */
  public LiveHealth health() {
    return live;
  }

  public SharedHealth shared() {
    return shared;
  }

  /** The balancers' shared state, this member's view of their loads kept current. */
  public SharedBalancers balancers() {
    return balancers;
  }

  /** Rebuilds now, on the feed's thread, and returns the result (for tools, not the query path). */
  public HealthState refresh() throws InterruptedException {
    try {
      worker.submit(this::rebuild).get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    return live.state();
  }

  /** Status changes of endpoints so far (a metric). */
  public long transitions() {
    return transitions.get();
  }

  public long rebuilds() {
    return rebuilds.get();
  }

  /** Called on the feed's thread after each status change of an endpoint. */
  public void onTransition(Consumer<EndpointHealth> listener) {
    transitionListeners.add(listener);
  }

  /** Something changed: rebuild soon (at most once per {@link #DEBOUNCE_MILLIS}). */
  private void changed() {
    if (pending.compareAndSet(false, true)) {
      try {
        worker.schedule(this::rebuild, DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        pending.set(false);
      }
    }
  }

  private void rebuild() {
    pending.set(false);
    try {
      HealthState previous = live.state();
      io.meridian.core.policy.PolicySet policies = snapshot.get().policies();
      long now = clock.millis();
      HealthState next =
          consensus.next(
                  policies,
                  new Consensus.Inputs(
                      List.copyOf(shared.observations().values()), shared.beats(),
                      overrides),
                  previous,
                  now)
              .withHeadroom(headroom(now));
      live.publish(next, policies);
      rebuilds.incrementAndGet();
      if (next.freshAgents() != previous.freshAgents() || next.knownAgents() != previous.knownAgents()) {
        LOG.log(Level.INFO, () -> "health: " + next.freshAgents() + " of " + next.knownAgents()
            + " agents fresh");
      }
      next.endpoints()
          .forEach(
              (key, h) -> {
                EndpointHealth before = previous.endpoints().get(key);
                if (before != null && before.status() != h.status()) {
                  transitions.incrementAndGet();
                  LOG.log(Level.INFO, () -> "health: " + key + " is " + h.describe());
                  transitionListeners.forEach(l -> l.accept(h));
                }
              });
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "health rebuild failed; keeping the previous state", e);
    }
  }

  /**
   * Per region, what its balancers can still take: capacity minus requests per second, summed over
   * those that state a capacity and reported within {@link SharedBalancers#LOAD_TTL_MILLIS}; a
   * refusing balancer has none.
   */
  private Map<String, Double> headroom(long now) {
    Map<String, Double> out = new java.util.TreeMap<>();
    for (BalancerLoad load : balancers.loads().values()) {
      if (load.capacityPerSecond() > 0 && now - load.atEpochMillis() <= SharedBalancers.LOAD_TTL_MILLIS) {
        double room = load.refusing() ? 0 : Math.max(0, load.capacityPerSecond() - load.requestsPerSecond());
        out.merge(load.region(), room, Double::sum);
      }
    }
    return out;
  }

  /** Reads every shared view again whole: what changed asks for a rebuild. */
  private void replay() {
    try {
      shared.replay();
      balancers.replayLoads();
      readOverrides();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "health replay failed: " + e);
    }
  }

  /** Synchronized: two reads racing must not leave the older one in place. */
  private synchronized void readOverrides() {
    Map<String, HealthOverride> now = shared.overrides();
    if (!now.equals(overrides)) {
      overrides = now;
      changed();
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }

  /** Turns cluster events into rebuilds. */
  private final class LocalCopy implements SharedHealth.Listener {
    @Override
    public void observation(String key, Observation value) {
      changed();
    }

    @Override
    public void beat(String agent, AgentBeat before, AgentBeat after) {
      // a beat only refreshes a known agent (the tick sees freshness); a new or gone one changes
      // who votes
      if (before == null || after == null) {
        changed();
      }
    }

    @Override
    public void overridesChanged() {
      readOverrides();
    }
  }
}
