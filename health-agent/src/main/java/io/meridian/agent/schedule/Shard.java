package io.meridian.agent.schedule;

import io.meridian.core.health.Observation;
import io.meridian.agent.probe.Probe;
import io.meridian.agent.probe.ProbeResult;
import io.meridian.core.health.CheckSpec;
import io.meridian.core.health.RiseFall;
import io.meridian.core.health.RiseFall.State;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The targets of one event loop: everything here runs on {@link #context}, so nothing is locked.
 * {@link HealthScheduler} splits targets over its shards by hash, so a target always lands on the
 * same one.
 *
 * <p>Rounds that fall due within the same tick ({@link #tickNanos}: 1 % of the interval, between 1
 * and 10 ms) share one timer on the event loop, set for the end of the tick. A timer per round cost an
 * event-loop wake-up per probe, which at 10,000 probes a second was most of the scheduler's CPU;
 * sharing makes it about a hundred a second per shard, and a round starts at most one tick late.
 */
final class Shard {

  private static final Logger LOG = System.getLogger(Shard.class.getName());

  private final Context context;
  private final String agent;
  private final String region;
  private final Consumer<Observation> listener;
  private final Function<CheckSpec, Probe> probeFactory;
  private final LongSupplier nanoTime;
  private final Clock clock;
  private final Jitter jitter;
  private final long reportEveryNanos;
  private final Counters counters;

  // owned by the context's thread
  private final Map<Target, Check> checks = new HashMap<>();
  private final Map<CheckSpec, SharedProbe> probes = new HashMap<>();
  /** Checks waiting for their round, by the end of their tick on {@link System#nanoTime()}. */
  private final Map<Long, List<Check>> ticks = new HashMap<>();
  private boolean closed;
  private volatile int targetCount;

  Shard(
      Context context,
      String agent,
      String region,
      Consumer<Observation> listener,
      Function<CheckSpec, Probe> probeFactory,
      LongSupplier nanoTime,
      Clock clock,
      Jitter jitter,
      Duration reportEvery,
      Counters counters) {
    this.context = context;
    this.agent = agent;
    this.region = region;
    this.listener = listener;
    this.probeFactory = probeFactory;
    this.nanoTime = nanoTime;
    this.clock = clock;
    this.jitter = jitter;
    this.reportEveryNanos = reportEvery.toNanos();
    this.counters = counters;
  }

  /** Makes {@code next} this shard's targets; completes once in effect. */
  Future<Void> update(Set<Target> next) {
    return onContext(() -> apply(next));
  }

  /** Stops everything; later updates fail. */
  Future<Void> close() {
    return onContext(
        () -> {
          if (!closed) {
            apply(Set.of());
            closed = true;
          }
        });
  }

  int targets() {
    return targetCount;
  }

  private void apply(Set<Target> next) {
    if (closed) {
      throw new IllegalStateException("scheduler is closed");
    }
    List<Target> gone = new ArrayList<>();
    for (Target target : checks.keySet()) {
      if (!next.contains(target)) {
        gone.add(target);
      }
    }
    for (Target target : gone) {
      Check check = checks.remove(target);
      check.stop();
      release(target.check());
    }
    Set<Target> added = new HashSet<>(next);
    added.removeAll(checks.keySet());
    long now = nanoTime.getAsLong();
    for (Target target : added) {
      Check check = new Check(target, acquire(target.check()), now);
      checks.put(target, check);
      check.schedule(jitter.firstNanos(target.check().interval().toNanos()));
    }
    targetCount = checks.size();
  }

  private Probe acquire(CheckSpec spec) {
    SharedProbe shared = probes.computeIfAbsent(spec, s -> new SharedProbe(probeFactory.apply(s)));
    shared.users++;
    return shared.probe;
  }

  private void release(CheckSpec spec) {
    SharedProbe shared = probes.get(spec);
    if (--shared.users == 0) {
      probes.remove(spec);
      shared.probe.close();
    }
  }

  /**
   * Runs {@code check}'s round after {@code delayNanos}, rounded up to the end of its tick. The
   * timers run on real time, so ticks are taken on {@link System#nanoTime()}, not on the injected
   * clock (which tests freeze).
   */
  private void at(long delayNanos, long tick, Check check) {
    long now = System.nanoTime();
    long end = Math.floorDiv(now + delayNanos + tick - 1, tick) * tick;
    List<Check> due = ticks.get(end);
    if (due == null) {
      due = new ArrayList<>();
      ticks.put(end, due);
      long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - now + 999_999));
      // on the event loop itself, then on this context: a Vert.x timer would register a close
      // hook on a CloseFuture all event loops share, a contended monitor at these rates
      ContextInternal on = (ContextInternal) context;
      on.nettyEventLoop().schedule(() -> on.emit(end, this::fire), millis, TimeUnit.MILLISECONDS);
    }
    due.add(check);
  }

  private void fire(long end) {
    List<Check> due = ticks.remove(end);
    if (due != null) {
      for (Check check : due) {
        check.round();
      }
    }
  }

  /** 1 % of the interval, between 1 and 10 ms: well inside the tenth that counts as late. */
  static long tickNanos(long intervalNanos) {
    return Math.min(TimeUnit.MILLISECONDS.toNanos(10), Math.max(1_000_000, intervalNanos / 100));
  }

  private Future<Void> onContext(Runnable action) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          try {
            action.run();
            done.complete();
          } catch (RuntimeException e) {
            done.fail(e);
          }
        });
    return done.future();
  }

  private void report(Observation observation) {
    try {
      listener.accept(observation);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "observation listener failed for " + observation.endpoint(), e);
    }
  }

  /** One probe per check type, counted so it is closed with the last target that uses it. */
  private static final class SharedProbe {
    final Probe probe;
    int users;

    SharedProbe(Probe probe) {
      this.probe = probe;
    }
  }

  /** The schedule and memory of one target; touched only on the scheduler's context. */
  private final class Check {
    final Target target;
    final Probe probe;
    final RiseFall riseFall;
    final long intervalNanos;
    final long lateNanos;
    final long tickNanos;
    long dueNanos;
    /** How late the round of the probe in flight started. */
    long startLatenessNanos;
    /** Failures set aside in a row, see {@link #busy}. */
    int setAsideInRow;
    boolean inFlight;
    boolean stopped;
    boolean reported;
    long lastReportNanos;
    double rttMillis = Double.NaN;

    Check(Target target, Probe probe, long now) {
      this.target = target;
      this.probe = probe;
      this.riseFall = RiseFall.of(target.check(), now);
      this.intervalNanos = target.check().interval().toNanos();
      this.lateNanos = intervalNanos / 10;
      this.tickNanos = tickNanos(intervalNanos);
    }

    void schedule(long delayNanos) {
      dueNanos = nanoTime.getAsLong() + delayNanos;
      at(delayNanos, tickNanos, this);
    }

    /** A stopped check stays in its tick and does nothing when the tick comes. */
    void stop() {
      stopped = true;
    }

    void round() {
      if (stopped) {
        return;
      }
      long lateness = nanoTime.getAsLong() - dueNanos;
      counters.rounds.incrementAndGet();
      if (lateness > lateNanos) {
        counters.late.incrementAndGet();
      }
      counters.maxLatenessNanos.accumulateAndGet(lateness, Math::max);
      schedule(jitter.nextNanos(intervalNanos));
      if (inFlight) {
        counters.skipped.incrementAndGet();
        return;
      }
      inFlight = true;
      startLatenessNanos = lateness;
      counters.started.incrementAndGet();
      probe
          .probe(target.address())
          .onComplete(
              outcome -> {
                ProbeResult result =
                    outcome.succeeded()
                        ? outcome.result()
                        : new ProbeResult(false, Duration.ZERO, "probe failed: " + outcome.cause());
                if (Vertx.currentContext() == context) {
                  finish(result);
                } else {
                  context.runOnContext(v -> finish(result));
                }
              });
    }

    /**
     * Whether a failure may be the agent's own doing rather than the target's: its round started
     * late, or the failure came later than the timeout allows, both by more than a tenth of the
     * interval. Then the event loop was too busy to tell a slow target from a slow agent, and an
     * agent that reported such failures would take healthy endpoints down when it is overloaded.
     * Such a failure is set aside (counted, not recorded, not reported) — but never {@code fall}
     * times in a row, so an overloaded agent still notices a real outage, at most {@code fall}
     * intervals later.
     */
    boolean busy(ProbeResult result) {
      long overrun = result.rtt().toNanos() - target.check().timeout().toNanos();
      return startLatenessNanos > lateNanos || overrun > lateNanos;
    }

    void finish(ProbeResult result) {
      inFlight = false;
      if (stopped) {
        return;
      }
      long now = nanoTime.getAsLong();
      counters.results.incrementAndGet();
      if (!result.ok() && busy(result) && setAsideInRow < target.check().fall()) {
        setAsideInRow++;
        counters.setAside.incrementAndGet();
        return;
      }
      setAsideInRow = 0;
      if (!result.ok()) {
        counters.failures.incrementAndGet();
      }
      State before = riseFall.state();
      State after = riseFall.record(result.ok(), now);
      if (after == State.DOWN) {
        rttMillis = Double.NaN;
      } else if (result.ok()) {
        rttMillis = Ewma.next(rttMillis, result.rtt().toNanos() / 1e6, HealthScheduler.RTT_ALPHA);
      }
      if (!reported || after != before || now - lastReportNanos >= reportEveryNanos) {
        reported = true;
        lastReportNanos = now;
        report(
            new Observation(
                agent,
                region,
                target.endpoint(),
                target.address(),
                after,
                rttMillis,
                clock.millis(),
                result.detail()));
      }
    }
  }
}
