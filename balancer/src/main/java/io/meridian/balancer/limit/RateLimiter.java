package io.meridian.balancer.limit;

import static java.util.Objects.requireNonNull;

import io.meridian.balancer.config.RateLimitConfig;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per client address. Buckets that have refilled are dropped by {@link
 * #sweep} (a full bucket is the same as a new one), so memory follows the number of clients active
 * in the last {@code burst / perSecond} seconds, not every address ever seen.
 */
public final class RateLimiter {

  private final RateLimitConfig config;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(RateLimitConfig config, LongSupplier nanoTime) {
    this.config = requireNonNull(config, "config");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
  }

  public boolean enabled() {
    return config.enabled();
  }

  /** Whether {@code client} may send one more request now. */
  public boolean allow(String client) {
    if (!config.enabled()) {
      return true;
    }
    long now = nanoTime.getAsLong();
    return buckets
        .computeIfAbsent(client, c -> new TokenBucket(config.burst(), config.perSecond(), now))
        .tryTake(now);
  }

  /** Forgets full buckets; call every few seconds. */
  public void sweep() {
    long now = nanoTime.getAsLong();
    buckets.values().removeIf(b -> b.isFull(now));
  }

  public int clients() {
    return buckets.size();
  }
}
