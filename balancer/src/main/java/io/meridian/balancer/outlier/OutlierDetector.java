package io.meridian.balancer.outlier;

import io.meridian.balancer.select.TargetState;

/**
 * Passive health (Envoy's outlier detection): the request path only {@link #report}s what happened;
 * deciding to eject is done elsewhere, on a timer ({@link ConsecutiveFailureDetector#detect}), so a
 * burst of failures costs the request path a counter update and nothing more.
 */
public interface OutlierDetector {

  /** Records one result; cheap, never blocks, callable from any event loop. */
  void report(TargetState target, Outcome outcome);

  /** Whether the target is ejected now and must not be picked. */
  boolean isEjected(TargetState target);

  /** Counters for metrics. */
  OutlierStats stats();

  /** The detector for groups without outlier detection: reports are dropped, nobody is ejected. */
  static OutlierDetector none() {
    return NoopOutlierDetector.INSTANCE;
  }
}
