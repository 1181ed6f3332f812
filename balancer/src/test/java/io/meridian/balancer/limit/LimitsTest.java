package io.meridian.balancer.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.balancer.config.RateLimitConfig;
import io.meridian.balancer.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Token bucket, per-client rate limiter and retry budget on a manual clock. */
class LimitsTest {

  private final ManualClock clock = new ManualClock();

  @Test
  void bucketAllowsABurstThenTheRate() {
    TokenBucket bucket = new TokenBucket(3, 2, clock.getAsLong());
    assertTrue(bucket.tryTake(clock.getAsLong()));
    assertTrue(bucket.tryTake(clock.getAsLong()));
    assertTrue(bucket.tryTake(clock.getAsLong()));
    assertFalse(bucket.tryTake(clock.getAsLong()));
    clock.advance(Duration.ofMillis(499));
    assertFalse(bucket.tryTake(clock.getAsLong()));
    clock.advance(Duration.ofMillis(1));
    assertTrue(bucket.tryTake(clock.getAsLong()));
    clock.advance(Duration.ofHours(1));
    assertTrue(bucket.isFull(clock.getAsLong()));
  }

  @Test
  void rateLimiterKeepsClientsApartAndForgetsFullBuckets() {
    RateLimiter limiter = new RateLimiter(new RateLimitConfig(1, 2), clock);
    assertTrue(limiter.allow("10.0.0.1"));
    assertTrue(limiter.allow("10.0.0.1"));
    assertFalse(limiter.allow("10.0.0.1"));
    assertTrue(limiter.allow("10.0.0.2"));
    assertEquals(2, limiter.clients());
    clock.advance(Duration.ofSeconds(2));
    limiter.sweep();
    assertEquals(0, limiter.clients());
    assertTrue(new RateLimiter(RateLimitConfig.OFF, clock).allow("x"));
  }

  @Test
  void retryBudgetAllowsTheReserveThenAShareOfRequests() {
    RetryBudget budget = new RetryBudget(20, 2, clock);
    assertTrue(budget.tryRetry());
    assertTrue(budget.tryRetry());
    assertFalse(budget.tryRetry()); // reserve spent, nothing deposited
    for (int i = 0; i < 10; i++) {
      budget.deposit(); // 10 x 0.2 = 2 retries
    }
    assertTrue(budget.tryRetry());
    assertTrue(budget.tryRetry());
    assertFalse(budget.tryRetry());
    clock.advance(Duration.ofMillis(500)); // reserve refills at 2 per second
    assertTrue(budget.tryRetry());
    assertFalse(budget.tryRetry());
  }
}
