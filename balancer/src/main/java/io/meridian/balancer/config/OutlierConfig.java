package io.meridian.balancer.config;

import java.time.Duration;

/**
 * Passive outlier detection (Envoy's {@code outlier_detection}).
 *
 * @param consecutive5xx ejects after this many 5xx responses in a row; 0 disables this rule
 * @param consecutiveConnectFailures ejects after this many failed connects or resets in a row; 0
 *     disables this rule
 * @param interval how often the detector looks at the counters
 * @param baseEjection first ejection lasts this long; the n-th ejection lasts n times as long
 * @param maxEjectionPercent never eject more than this share of a group's targets
 * @param enforcingPercent share of detected outliers actually ejected (100 = all, 0 = dry run)
 */
public record OutlierConfig(
    int consecutive5xx,
    int consecutiveConnectFailures,
    Duration interval,
    Duration baseEjection,
    int maxEjectionPercent,
    int enforcingPercent) {

  public static final OutlierConfig OFF =
      new OutlierConfig(0, 0, Duration.ofSeconds(1), Duration.ofSeconds(30), 0, 0);

  public boolean enabled() {
    return consecutive5xx > 0 || consecutiveConnectFailures > 0;
  }
}
