package io.meridian.balancer.select;

import java.time.Duration;

/**
 * Ramps a (re)joining target's weight up linearly over a window (Envoy's {@code slow_start_config},
 * Armeria's {@code ofRampingUp}), so a cold backend - empty caches, JIT not warm - is not handed a
 * full share at once. The factor starts at {@link #MIN_FACTOR}, not 0, so the target is tried and
 * a weight of 0 never reaches a load balancer.
 */
public record SlowStart(long windowNanos) {

  /** The share a target gets the moment it joins. */
  public static final double MIN_FACTOR = 0.1;

  public static final SlowStart OFF = new SlowStart(0);

  public static SlowStart of(Duration window) {
    return new SlowStart(window.toNanos());
  }

  /** The weight multiplier of a target that joined at {@code joinedAtNanos}, in (0, 1]. */
  public double factor(long joinedAtNanos, long nowNanos) {
    if (windowNanos <= 0) {
      return 1;
    }
    long elapsed = nowNanos - joinedAtNanos;
    if (elapsed >= windowNanos) {
      return 1;
    }
    return Math.max(MIN_FACTOR, (double) Math.max(0, elapsed) / windowNanos);
  }

  /** Whether some target is still ramping, so the balancer must be rebuilt as time passes. */
  public boolean ramping(long joinedAtNanos, long nowNanos) {
    return windowNanos > 0 && nowNanos - joinedAtNanos < windowNanos;
  }
}
