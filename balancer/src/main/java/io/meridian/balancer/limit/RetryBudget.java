package io.meridian.balancer.limit;

import java.util.function.LongSupplier;

/**
 * Caps retries to a share of the traffic (Finagle's and Linkerd's retry budget), so retries cannot
 * multiply the load on a group that is failing anyway: every request deposits {@code percent/100}
 * of a token (up to {@link #MAX_BALANCE}), every retry spends one. A reserve of {@code
 * minPerSecond} tokens per second, refilled from the clock, lets a quiet group retry at all.
 */
public final class RetryBudget {

  /** Deposits are capped, so a long quiet period cannot bank a retry storm. */
  static final double MAX_BALANCE = 100;

  private final double deposit;
  private final double reservePerNano;
  private final double maxReserve;
  private final LongSupplier nanoTime;
  private double balance;
  private double reserve;
  private long lastNanos;

  public RetryBudget(int percent, int minPerSecond, LongSupplier nanoTime) {
    this.deposit = percent / 100.0;
    this.reservePerNano = minPerSecond / 1e9;
    this.maxReserve = minPerSecond;
    this.nanoTime = nanoTime;
    this.reserve = minPerSecond;
    this.lastNanos = nanoTime.getAsLong();
  }

  /** Called once per original (not retried) request. */
  public synchronized void deposit() {
    balance = Math.min(MAX_BALANCE, balance + deposit);
  }

  /** Spends a token for one retry, or says no. */
  public synchronized boolean tryRetry() {
    long now = nanoTime.getAsLong();
    reserve = Math.min(maxReserve, reserve + (now - lastNanos) * reservePerNano);
    lastNanos = now;
    if (reserve >= 1) {
      reserve -= 1;
      return true;
    }
    if (balance >= 1) {
      balance -= 1;
      return true;
    }
    return false;
  }
}
