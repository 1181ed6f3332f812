package io.meridian.balancer.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.balancer.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sliding window on a manual clock: rates, ratios, p99, buckets leaving and recycled. */
class LoadWindowTest {

  private static final long MS = 1_000_000L;

  private final ManualClock clock = new ManualClock();
  private final LoadWindow window = new LoadWindow(clock, () -> 42L);

  private void record(int count, int status, long latencyMillis) {
    for (int i = 0; i < count; i++) {
      window.record(status, latencyMillis * MS, clock.getAsLong());
    }
  }

  private void advance(long millis) {
    clock.advance(Duration.ofMillis(millis));
  }

  @Test
  void anEmptyWindowReportsZeros() {
    advance(3000);
    assertEquals(new LoadReport(7, 0, 0, 0, 42L), window.report(7));
  }

  @Test
  void aYoungWindowDividesByTheTimeSinceStart() {
    advance(500);
    record(10, 200, 5);
    advance(1000);
    record(10, 200, 5);
    advance(500);
    assertEquals(10.0, window.report(0).requestsPerSecond(), 1e-9); // 20 in 2 s
  }

  @Test
  void secondsOlderThanTheWindowLeaveIt() {
    advance(500);
    record(50, 200, 5); // second 0
    advance(5000);
    record(30, 503, 5); // second 5
    advance(5000); // 10.5 s: the window is seconds 1..10, from 1 s to now
    LoadReport report = window.report(0);
    assertEquals(30 / 9.5, report.requestsPerSecond(), 1e-9);
    assertEquals(1.0, report.errorRatio(), 1e-9);
    advance(5000); // 15.5 s: seconds 6..15, nothing in them
    assertEquals(new LoadReport(0, 0, 0, 0, 42L), window.report(0));
  }

  @Test
  void errorRatioIsThe5xxShareOfResponses() {
    record(6, 200, 1);
    record(1, 404, 1);
    record(2, 502, 1);
    record(1, 503, 1);
    assertEquals(0.3, window.report(0).errorRatio(), 1e-9);
  }

  @Test
  void p99IsTheNearestRankWithinTheBinPrecision() {
    record(99, 200, 10);
    record(1, 200, 500);
    assertEquals(10.0, window.report(0).p99Millis(), 10 * 0.0625);
    record(1, 200, 500); // now 2 of 101 are slow: the 100th value is slow
    assertEquals(500.0, window.report(0).p99Millis(), 500 * 0.0625);
  }

  @Test
  void aRecycledBucketForgetsItsOldSecond() {
    advance(200);
    record(40, 500, 900); // second 0
    advance(11_000); // second 11 uses the same slot as second 0
    record(4, 200, 2);
    advance(500);
    LoadReport report = window.report(0);
    assertEquals(4 / 9.7, report.requestsPerSecond(), 1e-9); // seconds 2..11: from 2 s to 11.7 s
    assertEquals(0.0, report.errorRatio(), 1e-9);
    assertEquals(2.0, report.p99Millis(), 2 * 0.0625);
  }

  @Test
  void binsCoverEveryValueWithinTheirPrecision() {
    for (long v = 0; v < 5_000_000; v = v < 100 ? v + 1 : v + v / 7) {
      int bin = LatencyBins.index(v);
      assertTrue(LatencyBins.lower(bin) <= v, v + " below bin " + bin);
      assertTrue(v < LatencyBins.lower(bin + 1), v + " above bin " + bin);
      assertTrue(Math.abs(LatencyBins.middle(bin) - v) <= Math.max(0.5, v * 0.0625), "middle of " + v);
    }
    assertEquals(LatencyBins.COUNT - 1, LatencyBins.index(Long.MAX_VALUE));
  }
}
