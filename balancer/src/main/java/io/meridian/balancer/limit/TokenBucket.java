package io.meridian.balancer.limit;

/**
 * A token bucket: holds up to {@code capacity} tokens, gains {@code perSecond} tokens per second,
 * and a request takes one or is refused. Time is passed in (nanoseconds on any monotonic clock),
 * so tests drive it without waiting. Synchronized: buckets are per client and rarely contended.
 */
public final class TokenBucket {

  private final double capacity;
  private final double perNano;
  private double tokens;
  private long lastNanos;

  public TokenBucket(double capacity, double perSecond, long nowNanos) {
    if (!(capacity >= 1) || !(perSecond >= 0)) {
      throw new IllegalArgumentException(
          "capacity must be at least 1 and rate not negative: " + capacity + ", " + perSecond);
    }
    this.capacity = capacity;
    this.perNano = perSecond / 1e9;
    this.tokens = capacity;
    this.lastNanos = nowNanos;
  }

  /** Takes a token if there is one. */
  public synchronized boolean tryTake(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Whether the bucket has refilled completely, i.e. forgetting it changes nothing. */
  public synchronized boolean isFull(long nowNanos) {
    refill(nowNanos);
    return tokens >= capacity;
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * perNano);
      lastNanos = nowNanos;
    }
  }
}
