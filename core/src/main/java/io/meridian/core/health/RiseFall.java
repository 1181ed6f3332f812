package io.meridian.core.health;

/**
 * Anti-flap for one probed target: turns a stream of raw pass/fail results into a state that only
 * changes when the results agree for long enough. This is the only place that decides; probes
 * report raw results and consumers read {@link #state()} (gdnsd's {@code up_thresh}/{@code
 * down_thresh} in the core, not in each monitor).
 *
 * <ul>
 *   <li>{@code rise} consecutive successes make the target {@link State#UP};
 *   <li>{@code fall} consecutive failures make it {@link State#DOWN};
 *   <li>until either has happened it is {@link State#UNKNOWN}: the caller decides what unknown
 *       means (the DNS side keeps the configured state, a balancer may start cautiously);
 *   <li>a failure within {@code startGrace} of {@code startNanos} is ignored, as if the probe had
 *       not run: it neither counts towards {@code fall} nor breaks a run of successes, so a target
 *       that is still booting when checks begin does not go down first and up a few rounds later.
 * </ul>
 *
 * <p>So a target that alternates success and failure never changes state once it has one, unless
 * {@code rise} or {@code fall} is 1. Time is whatever {@code long} nanosecond clock the caller
 * passes in ({@link System#nanoTime()} in production, a counter in tests); only differences are
 * used, so it may start anywhere and wrap. Not thread-safe: one owner feeds it, which the scheduler
 * guarantees by handling each target on one event loop.
 */
public final class RiseFall {

  /** What the results seen so far say about a target. */
  public enum State {
    /** Neither {@code rise} successes nor {@code fall} failures in a row yet. */
    UNKNOWN,
    UP,
    DOWN
  }

  private final int rise;
  private final int fall;
  private final long startNanos;
  private final long graceNanos;
  private State state = State.UNKNOWN;
  private int successes;
  private int failures;

  /**
   * @param rise consecutive successes to go up, at least 1
   * @param fall consecutive failures to go down, at least 1
   * @param graceNanos failures before {@code startNanos + graceNanos} are ignored; 0 for none
   * @param startNanos when checking began, on the caller's clock
   */
  public RiseFall(int rise, int fall, long graceNanos, long startNanos) {
    if (rise < 1) {
      throw new IllegalArgumentException("rise must be at least 1 but was " + rise);
    }
    if (fall < 1) {
      throw new IllegalArgumentException("fall must be at least 1 but was " + fall);
    }
    if (graceNanos < 0) {
      throw new IllegalArgumentException("grace must not be negative but was " + graceNanos);
    }
    this.rise = rise;
    this.fall = fall;
    this.graceNanos = graceNanos;
    this.startNanos = startNanos;
  }

  /** The thresholds and grace of {@code spec}, starting at {@code startNanos}. */
  public static RiseFall of(CheckSpec spec, long startNanos) {
    return new RiseFall(spec.rise(), spec.fall(), spec.startGrace().toNanos(), startNanos);
  }

  /**
   * Records one raw result.
   *
   * @param ok whether the probe passed
   * @param nowNanos when it finished, on the same clock as {@code startNanos}
   * @return the state after this result; compare with {@link #state()} before the call to see a
   *     change
   */
  public State record(boolean ok, long nowNanos) {
    if (ok) {
      failures = 0;
      successes = saturatingIncrement(successes);
      if (successes >= rise) {
        state = State.UP;
      }
    } else if (!inGrace(nowNanos)) {
      successes = 0;
      failures = saturatingIncrement(failures);
      if (failures >= fall) {
        state = State.DOWN;
      }
    }
    return state;
  }

  /** The current state; {@link State#UNKNOWN} until enough results agreed. */
  public State state() {
    return state;
  }

  /** Successes in a row (counted results only), 0 after a counted failure. */
  public int successes() {
    return successes;
  }

  /** Counted failures in a row, 0 after a success. */
  public int failures() {
    return failures;
  }

  /** Whether a failure at {@code nowNanos} would be ignored. */
  public boolean inGrace(long nowNanos) {
    return nowNanos - startNanos < graceNanos;
  }

  private static int saturatingIncrement(int count) {
    return count == Integer.MAX_VALUE ? count : count + 1;
  }

  @Override
  public String toString() {
    return state + " (" + successes + "/" + rise + " up, " + failures + "/" + fall + " down)";
  }
}
