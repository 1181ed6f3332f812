package io.meridian.core.snapshot;

import java.util.Optional;

/**
 * Chooses the SOA serial a zone is served with, so that it changes on every accepted change even
 * when the operator forgot to raise it (secondaries and caches key on it). An unchanged zone keeps
 * its serial; a changed one gets the configured serial (or the Unix time when none is configured)
 * if that is newer in RFC 1982 arithmetic, else the previous serial plus one.
 */
final class SerialPolicy {

  static final long NOT_CONFIGURED = -1;
  private static final long MOD = 1L << 32;
  private static final long HALF = 1L << 31;

  private SerialPolicy() {}

  static long choose(
      Optional<Long> configured, String contentDigest, Zone previous, long nowEpochSeconds) {
    long base = configured.orElse(nowEpochSeconds % MOD);
    if (previous == null) {
      return base;
    }
    boolean unchanged =
        previous.contentDigest().equals(contentDigest)
            && previous.configuredSerial() == configured.orElse(NOT_CONFIGURED);
    if (unchanged) {
      return previous.serial();
    }
    return isNewer(base, previous.serial()) ? base : (previous.serial() + 1) % MOD;
  }

  /** RFC 1982 section 3.2: is {@code a} greater than {@code b} in 32-bit serial arithmetic? */
  static boolean isNewer(long a, long b) {
    return (a < b && b - a > HALF) || (a > b && a - b < HALF);
  }
}
