package io.meridian.agent.schedule;

import io.meridian.core.health.Observation;
import static java.util.Objects.requireNonNull;

import io.meridian.agent.probe.Probe;
import io.meridian.core.health.CheckSpec;
import io.meridian.core.health.RiseFall;
import io.meridian.core.health.RiseFall.State;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Probes every {@link Target} once per its check's interval, turns the raw results into a state
 * with {@link RiseFall}, smooths RTT, and tells a listener what it believes.
 *
 * <ul>
 *   <li><b>Targets come as a set.</b> {@link #update} replaces the whole set: targets not in it
 *       stop (a probe in flight is finished and ignored), targets new in it start from {@link
 *       State#UNKNOWN}, targets in both keep their history. So checks disappear with the config
 *       that named them.
 *   <li><b>Jitter.</b> A new target's first probe is at a random point of its interval, later
 *       rounds are the interval +-10% ({@link Jitter}), with the injected {@link RandomGenerator}.
 *   <li><b>No pile-up.</b> A target has at most one probe in flight. A round that comes due while
 *       the previous probe is still running is skipped and counted ({@link
 *       SchedulerStats#skipped()}); the timeout, at most the interval, bounds how many are skipped.
 *   <li><b>Overload is not an outage.</b> A failure of a probe whose round started late, or that
 *       came later than its timeout allows (both by more than a tenth of the interval), is set
 *       aside rather than recorded ({@link SchedulerStats#setAside()}), at most {@code fall} times
 *       in a row: an agent with more targets than it can serve must not take them down.
 *   <li><b>RTT</b> is an EWMA with {@link #RTT_ALPHA} over passing probes, forgotten when the
 *       target goes down so a recovered target is not judged by its old latency.
 *   <li><b>Reports.</b> The listener hears about a target after its first result, on every state
 *       change, and otherwise at most every {@code reportEvery} (zero: after every result), so a
 *       publisher sees fresh RTTs without one write per probe.
 * </ul>
 *
 * <p>Each target lives on one Vert.x event-loop context (a {@link Shard}; one by default, the
 * caller's if it is on one) and is driven by Vert.x timers, so there is no locking and no thread of
 * our own; the listener is called on that context and must not block. A shard makes one probe per
 * distinct {@link CheckSpec}, shares it among its targets and closes it with the last of them. Time
 * comes from the injected nanosecond clock (rise/fall grace, RTT, lateness) and wall clock ({@link
 * Observation#observedAtEpochMillis()}); the timers themselves run on real time.
 */
public final class HealthScheduler {

  /** Weight of the newest RTT sample, see {@link Ewma}. */
  public static final double RTT_ALPHA = 0.3;

  private final List<Shard> shards;
  private final Counters counters = new Counters();

  private HealthScheduler(Builder builder) {
    Vertx vertx = builder.vertx;
    Function<CheckSpec, Probe> probeFactory =
        builder.probeFactory != null
            ? builder.probeFactory
            : spec -> Probe.of(vertx, spec, builder.nanoTime);
    List<Shard> made = new ArrayList<>();
    for (int i = 0; i < builder.eventLoops; i++) {
      // one shard keeps the caller's generator; several each get their own, seeded from it,
      // because a generator is not safe to share between threads
      RandomGenerator random =
          builder.eventLoops == 1
              ? builder.random
              : new SplittableRandom(builder.random.nextLong());
      made.add(
          new Shard(
              context(vertx, i),
              builder.agent,
              builder.region,
              builder.listener,
              probeFactory,
              builder.nanoTime,
              builder.clock,
              new Jitter(random),
              builder.reportEvery,
              counters));
    }
    this.shards = List.copyOf(made);
  }

  /**
   * The first shard runs on the caller's context when it is on one of this Vert.x; every further
   * shard on a new event-loop context, which Vert.x assigns round-robin over its event loops.
   */
  private static Context context(Vertx vertx, int shard) {
    Context current = Vertx.currentContext();
    if (shard == 0) {
      return current != null && current.owner() == vertx ? current : vertx.getOrCreateContext();
    }
    // the one internal call: public API offers new event-loop contexts only by deploying verticles
    return ((VertxInternal) vertx).createEventLoopContext();
  }

  /**
   * @param agent this agent's name, carried in every observation
   * @param region where this agent probes from
   * @param listener called on the event loop of the target's shard; must not block
   */
  public static Builder builder(
      Vertx vertx, String agent, String region, Consumer<Observation> listener) {
    return new Builder(vertx, agent, region, listener);
  }

  /**
   * Makes {@code targets} the set being probed.
   *
   * @return completes once the change is in effect: removed targets will not be probed again
   */
  public Future<Void> update(Set<Target> targets) {
    List<Set<Target>> parts = new ArrayList<>();
    for (int i = 0; i < shards.size(); i++) {
      parts.add(new HashSet<>());
    }
    for (Target target : targets) {
      parts.get(Math.floorMod(target.hashCode(), shards.size())).add(target);
    }
    List<Future<Void>> done = new ArrayList<>();
    for (int i = 0; i < shards.size(); i++) {
      done.add(shards.get(i).update(Set.copyOf(parts.get(i))));
    }
    return Future.all(done).mapEmpty();
  }

  /** Stops every target and closes the probes; the scheduler cannot be used again. */
  public Future<Void> close() {
    return Future.all(shards.stream().map(Shard::close).toList()).mapEmpty();
  }

  /** The counters so far; safe to call from any thread. */
  public SchedulerStats stats() {
    return counters.snapshot(shards.stream().mapToInt(Shard::targets).sum());
  }

  /** Settings with defaults: real clocks, a fresh random generator, a report every 10 s. */
  public static final class Builder {
    private final Vertx vertx;
    private final String agent;
    private final String region;
    private final Consumer<Observation> listener;
    private LongSupplier nanoTime = System::nanoTime;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = RandomGenerator.getDefault();
    private Duration reportEvery = Duration.ofSeconds(10);
    private Function<CheckSpec, Probe> probeFactory;
    private int eventLoops = 1;

    private Builder(Vertx vertx, String agent, String region, Consumer<Observation> listener) {
      this.vertx = requireNonNull(vertx, "vertx");
      this.agent = requireNonNull(agent, "agent");
      this.region = requireNonNull(region, "region");
      this.listener = requireNonNull(listener, "listener");
    }

    /** The clock for rise/fall, RTT and lateness; also given to the default probes. */
    public Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = requireNonNull(nanoTime, "nanoTime");
      return this;
    }

    /** The wall clock stamped on observations. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** The source of jitter; seed it in tests. */
    public Builder random(RandomGenerator random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /** The longest a target goes unreported while its state stays the same; zero: every result. */
    public Builder reportEvery(Duration reportEvery) {
      requireNonNull(reportEvery, "reportEvery");
      if (reportEvery.isNegative()) {
        throw new IllegalArgumentException(
            "reportEvery must not be negative but was " + reportEvery);
      }
      this.reportEvery = reportEvery;
      return this;
    }

    /**
     * How a probe is made for a check type; {@link Probe#of} by default. Lets a caller count or
     * decorate real probes.
     */
    public Builder probes(Function<CheckSpec, Probe> probeFactory) {
      this.probeFactory = requireNonNull(probeFactory, "probeFactory");
      return this;
    }

    /**
     * How many event loops share the targets; 1 by default. More spread the work over Vert.x's
     * event loops, each target staying on one of them. On the 2-core machine of {@code
     * bench/RESULTS.md}, 4 loops (two per core) sustained 10,000 TCP probes a second without a late
     * round where 2 did not: with more loops, one that waits for a CPU holds back fewer targets.
     */
    public Builder eventLoops(int eventLoops) {
      if (eventLoops < 1) {
        throw new IllegalArgumentException("eventLoops must be at least 1 but was " + eventLoops);
      }
      this.eventLoops = eventLoops;
      return this;
    }

    public HealthScheduler build() {
      return new HealthScheduler(this);
    }
  }
}
