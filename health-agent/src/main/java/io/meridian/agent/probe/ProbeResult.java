package io.meridian.agent.probe;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The raw outcome of one probe: passed or not, how long it took, and a short reason a person can
 * read. Raw means no memory: deciding whether a target is up is {@link
 * io.meridian.core.health.RiseFall}'s job.
 *
 * @param ok whether the check passed
 * @param rtt from the start of the probe to the full response (HTTP) or the established connection
 *     (TCP); for a failure, the time until it was known to fail
 * @param detail e.g. {@code "HTTP 200"}, {@code "HTTP 503, expected 200-399"}, {@code "timeout
 *     after 1000 ms"}
 */
public record ProbeResult(boolean ok, Duration rtt, String detail) {

  public ProbeResult {
    requireNonNull(rtt, "rtt");
    requireNonNull(detail, "detail");
  }

  static ProbeResult passed(long rttNanos, String detail) {
    return new ProbeResult(true, Duration.ofNanos(rttNanos), detail);
  }

  static ProbeResult failed(long rttNanos, String detail) {
    return new ProbeResult(false, Duration.ofNanos(rttNanos), detail);
  }
}
