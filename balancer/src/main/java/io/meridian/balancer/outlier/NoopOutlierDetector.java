package io.meridian.balancer.outlier;

import io.meridian.balancer.select.TargetState;

/** A null object, so callers never check whether detection is on (Envoy's {@code DetectorHostMonitorNullImpl}). */
enum NoopOutlierDetector implements OutlierDetector {
  INSTANCE;

  @Override
  public void report(TargetState target, Outcome outcome) {}

  @Override
  public boolean isEjected(TargetState target) {
    return false;
  }

  @Override
  public OutlierStats stats() {
    return new OutlierStats(0, 0, 0);
  }
}
