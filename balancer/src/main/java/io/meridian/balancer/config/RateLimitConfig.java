package io.meridian.balancer.config;

/**
 * A token bucket per client address: {@code burst} tokens to start with, refilled at {@code
 * perSecond}; a request without a token gets 429.
 *
 * @param perSecond refill rate; 0 turns rate limiting off
 * @param burst bucket size, at least 1 when on
 */
public record RateLimitConfig(double perSecond, int burst) {

  public static final RateLimitConfig OFF = new RateLimitConfig(0, 0);

  public boolean enabled() {
    return perSecond > 0;
  }
}
