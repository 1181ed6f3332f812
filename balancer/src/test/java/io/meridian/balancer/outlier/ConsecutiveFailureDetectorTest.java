package io.meridian.balancer.outlier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.balancer.config.OutlierConfig;
import io.meridian.balancer.config.TargetConfig;
import io.meridian.balancer.select.TargetState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Ejection rules driven by explicit times; no timers, no sleeps. */
class ConsecutiveFailureDetectorTest {

  private static final long SECOND = 1_000_000_000L;
  private final List<TargetState> targets = new ArrayList<>();
  private final AtomicInteger changes = new AtomicInteger();

  private ConsecutiveFailureDetector detector(int count, int maxPercent, int enforcing) {
    for (int i = 0; i < count; i++) {
      targets.add(new TargetState("g", new TargetConfig("t" + i, "127.0.0.1", 1000 + i, 1), 0));
    }
    OutlierConfig config =
        new OutlierConfig(3, 2, Duration.ofSeconds(1), Duration.ofSeconds(10), maxPercent, enforcing);
    return new ConsecutiveFailureDetector(config, targets, new SplittableRandom(5), changes::incrementAndGet);
  }

  private static void report(OutlierDetector d, TargetState t, Outcome outcome, int times) {
    for (int i = 0; i < times; i++) {
      d.report(t, outcome);
    }
  }

  @Test
  void ejectsAfterConsecutive5xxOnlyWhenTheyAreConsecutive() {
    ConsecutiveFailureDetector d = detector(4, 50, 100);
    TargetState t = targets.get(0);
    report(d, t, Outcome.HTTP_5XX, 2);
    d.report(t, Outcome.SUCCESS);
    report(d, t, Outcome.HTTP_5XX, 2);
    d.detect(SECOND);
    assertFalse(d.isEjected(t));
    d.report(t, Outcome.HTTP_5XX);
    d.detect(2 * SECOND);
    assertTrue(d.isEjected(t));
    assertEquals(1, changes.get());
  }

  @Test
  void connectFailuresHaveTheirOwnThreshold() {
    ConsecutiveFailureDetector d = detector(4, 50, 100);
    report(d, targets.get(1), Outcome.CONNECT_FAILURE, 2);
    d.detect(SECOND);
    assertTrue(d.isEjected(targets.get(1)));
  }

  @Test
  void ejectionBacksOffAndTheTargetIsReadmittedWithAFreshStart() {
    ConsecutiveFailureDetector d = detector(4, 50, 100);
    TargetState t = targets.get(0);
    report(d, t, Outcome.CONNECT_FAILURE, 2);
    d.detect(0);
    d.detect(9 * SECOND);
    assertTrue(d.isEjected(t));
    d.detect(10 * SECOND);
    assertFalse(d.isEjected(t));
    assertEquals(10 * SECOND, t.joinedAtNanos());
    report(d, t, Outcome.CONNECT_FAILURE, 2);
    d.detect(11 * SECOND);
    d.detect(30 * SECOND); // second ejection lasts 2 x 10 s
    assertTrue(d.isEjected(t));
    d.detect(31 * SECOND);
    assertFalse(d.isEjected(t));
  }

  @Test
  void maxEjectionPercentKeepsMostTargetsInButAtLeastOneCanGo() {
    ConsecutiveFailureDetector d = detector(4, 50, 100);
    targets.forEach(t -> report(d, t, Outcome.HTTP_5XX, 3));
    d.detect(SECOND);
    assertEquals(new OutlierStats(4, 2, 2), d.stats());

    targets.clear();
    ConsecutiveFailureDetector small = detector(1, 10, 100);
    report(small, targets.get(0), Outcome.HTTP_5XX, 3);
    small.detect(SECOND);
    assertTrue(small.isEjected(targets.get(0)));
  }

  @Test
  void enforcingZeroIsADryRunThatStillCountsDetections() {
    ConsecutiveFailureDetector d = detector(3, 100, 0);
    targets.forEach(t -> report(d, t, Outcome.HTTP_5XX, 3));
    d.detect(SECOND);
    assertEquals(new OutlierStats(3, 0, 0), d.stats());
    assertEquals(0, changes.get());
  }

  @Test
  void theNoopDetectorNeverEjects() {
    OutlierDetector none = OutlierDetector.none();
    TargetState t = new TargetState("g", new TargetConfig("x", "127.0.0.1", 1, 1), 0);
    report(none, t, Outcome.HTTP_5XX, 100);
    assertFalse(none.isEjected(t));
    assertEquals(new OutlierStats(0, 0, 0), none.stats());
  }
}
