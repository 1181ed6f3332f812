package io.meridian.balancer.limit;

import java.util.function.LongSupplier;

/**
 * Caps retries to a share of the traffic (Finagle's and Linkerd's retry budget), so retries cannot
 * multiply the load on a group that is failing anyway: every request deposits {@code percent/100}
 * of a token (up to {@link #MAX_BALANCE}), every retry spends one. A reserve of {@code
 * minPerSecond} tokens per second, refilled from the clock, lets a quiet group retry at all.
 */
public final class RetryBudget {

  /** Deposits are capped, so a long quiet period cannot bank a retry storm (100 retries). */
  static final long MAX_BALANCE_MILLIS = 100_000;

  /** Deposits are counted in thousandths of a token, so ten deposits of 0.2 are exactly 2. */
  private final long depositMillis;
  private final double reservePerNano;
  private final double maxReserve;
  private final LongSupplier nanoTime;
  private volatile long balanceMillis;
  private double reserve;
  private long lastNanos;

  public RetryBudget(int percent, int minPerSecond, LongSupplier nanoTime) {
    this.depositMillis = percent * 10L;
    this.reservePerNano = minPerSecond / 1e9;
    this.maxReserve = minPerSecond;
    this.nanoTime = nanoTime;
    this.reserve = minPerSecond;
    this.lastNanos = nanoTime.getAsLong();
  }

  /**
   * Called once per original (not retried) request: one volatile read when the balance is full,
   * which it is whenever the group is healthy, so the request path takes no lock.
   */
  public void deposit() {
    if (balanceMillis < MAX_BALANCE_MILLIS) {
      synchronized (this) {
        balanceMillis = Math.min(MAX_BALANCE_MILLIS, balanceMillis + depositMillis);
      }
    }
  }

  /** Spends a token for one retry, or says no. */
  public synchronized boolean tryRetry() {
    long now = nanoTime.getAsLong();
    reserve = Math.min(maxReserve, reserve + (now - lastNanos) * reservePerNano);
    lastNanos = now;
    if (reserve >= 1 - 1e-9) {
      reserve = Math.max(0, reserve - 1);
      return true;
    }
    if (balanceMillis >= 1000) {
      balanceMillis -= 1000;
      return true;
    }
    return false;
  }
}
