package io.meridian.agent.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** First delays cover the interval; later ones stay within +-10% of it. */
class JitterTest {

  static final long INTERVAL = 1_000_000_000L;

  @Test
  void firstDelaysSpreadOverTheWholeInterval() {
    Jitter jitter = new Jitter(new SplittableRandom(7));
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    int[] tenths = new int[10];
    for (int i = 0; i < 10_000; i++) {
      long delay = jitter.firstNanos(INTERVAL);
      assertTrue(delay >= 0 && delay < INTERVAL, Long.toString(delay));
      min = Math.min(min, delay);
      max = Math.max(max, delay);
      tenths[(int) (delay * 10 / INTERVAL)]++;
    }
    assertTrue(min < INTERVAL / 100 && max > INTERVAL * 99 / 100);
    for (int count : tenths) {
      assertTrue(count > 800 && count < 1200, "uneven: " + Arrays.toString(tenths));
    }
  }

  @Test
  void laterDelaysStayWithinTenPercent() {
    Jitter jitter = new Jitter(new SplittableRandom(7));
    for (int i = 0; i < 10_000; i++) {
      long delay = jitter.nextNanos(INTERVAL);
      assertTrue(delay >= INTERVAL * 9 / 10 && delay < INTERVAL * 11 / 10, Long.toString(delay));
    }
  }

  @Test
  void theExtremesOfTheGeneratorMapToTheBounds() {
    assertEquals(0, new Jitter(fixed(0.0)).firstNanos(INTERVAL));
    assertEquals(INTERVAL * 9 / 10, new Jitter(fixed(0.0)).nextNanos(INTERVAL));
    assertEquals(INTERVAL, new Jitter(fixed(0.5)).nextNanos(INTERVAL));
  }

  /** A generator whose nextDouble is always {@code value}. */
  static RandomGenerator fixed(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }
}
