package io.meridian.balancer.outlier;

import static java.util.Objects.requireNonNull;

import io.meridian.balancer.config.OutlierConfig;
import io.meridian.balancer.select.TargetState;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * Ejects a target after {@code consecutive_5xx} 5xx responses or {@code
 * consecutive_connect_failures} failed connections in a row; any success resets both runs.
 *
 * <ul>
 *   <li>{@link #report} only updates two atomic counters per target.
 *   <li>{@link #detect}, called on a timer with the current time, readmits targets whose ejection
 *       has run out and ejects those over a threshold. The n-th ejection of a target lasts n times
 *       {@code base_ejection} (back-off for a target that keeps failing); a readmitted target gets
 *       a fresh slow start.
 *   <li>At most {@code max_ejection_percent} of the group's targets are ejected at once (at least
 *       one when the percentage is above 0), so a bad deploy cannot eject everything and leave
 *       nothing to serve.
 *   <li>{@code enforcing_percent} below 100 ejects only that share of detections, drawn from the
 *       injected generator; 0 is a dry run that still counts detections.
 * </ul>
 *
 * <p>Time is whatever nanosecond clock the caller passes; {@code detect} is called from one timer
 * (one thread at a time), and {@link #isEjected} reads a volatile deadline.
 */
public final class ConsecutiveFailureDetector implements OutlierDetector {

  private static final class Counters {
    final AtomicInteger consecutive5xx = new AtomicInteger();
    final AtomicInteger consecutiveConnect = new AtomicInteger();
    volatile boolean ejected;
    long ejectedUntilNanos;
    int ejections;
  }

  private final OutlierConfig config;
  private final Map<TargetState, Counters> counters = new IdentityHashMap<>();
  private final RandomGenerator random;
  private final Runnable onChange;
  private final int maxEjected;
  private long detected;
  private long enforced;

  /**
   * @param onChange called from {@link #detect} when a target was ejected or readmitted, so the
   *     group rebuilds its load balancer
   */
  public ConsecutiveFailureDetector(
      OutlierConfig config, List<TargetState> targets, RandomGenerator random, Runnable onChange) {
    this.config = requireNonNull(config, "config");
    this.random = requireNonNull(random, "random");
    this.onChange = requireNonNull(onChange, "onChange");
    for (TargetState target : targets) {
      counters.put(target, new Counters());
    }
    int percent = config.maxEjectionPercent();
    this.maxEjected = percent == 0 ? 0 : Math.max(1, targets.size() * percent / 100);
  }

  @Override
  public void report(TargetState target, Outcome outcome) {
    Counters c = counters.get(target);
    if (c == null) {
      return;
    }
    switch (outcome) {
      case SUCCESS -> {
        // plain reads first: most requests succeed and need no write
        if (c.consecutive5xx.get() != 0) {
          c.consecutive5xx.set(0);
        }
        if (c.consecutiveConnect.get() != 0) {
          c.consecutiveConnect.set(0);
        }
      }
      case HTTP_5XX -> c.consecutive5xx.incrementAndGet();
      case CONNECT_FAILURE -> c.consecutiveConnect.incrementAndGet();
    }
  }

  @Override
  public boolean isEjected(TargetState target) {
    Counters c = counters.get(target);
    return c != null && c.ejected;
  }

  /** One detection round at {@code nowNanos}; see the class comment. */
  public synchronized void detect(long nowNanos) {
    boolean changed = false;
    int ejectedNow = 0;
    for (Map.Entry<TargetState, Counters> e : counters.entrySet()) {
      Counters c = e.getValue();
      if (c.ejected && nowNanos - c.ejectedUntilNanos >= 0) {
        c.ejected = false;
        e.getKey().rejoined(nowNanos);
        changed = true;
      }
      if (c.ejected) {
        ejectedNow++;
      }
    }
    for (Map.Entry<TargetState, Counters> e : counters.entrySet()) {
      Counters c = e.getValue();
      if (c.ejected || !overThreshold(c)) {
        continue;
      }
      detected++;
      c.consecutive5xx.set(0);
      c.consecutiveConnect.set(0);
      if (ejectedNow >= maxEjected || random.nextInt(100) >= config.enforcingPercent()) {
        continue;
      }
      enforced++;
      ejectedNow++;
      c.ejections++;
      c.ejectedUntilNanos = nowNanos + config.baseEjection().toNanos() * c.ejections;
      c.ejected = true;
      changed = true;
    }
    if (changed) {
      onChange.run();
    }
  }

  private boolean overThreshold(Counters c) {
    return (config.consecutive5xx() > 0 && c.consecutive5xx.get() >= config.consecutive5xx())
        || (config.consecutiveConnectFailures() > 0
            && c.consecutiveConnect.get() >= config.consecutiveConnectFailures());
  }

  @Override
  public synchronized OutlierStats stats() {
    int now = (int) counters.values().stream().filter(c -> c.ejected).count();
    return new OutlierStats(detected, enforced, now);
  }
}
