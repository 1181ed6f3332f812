package io.meridian.balancer.metrics;

/**
 * Log-linear bins of latencies in microseconds (HdrHistogram's idea, small): values below 8 have
 * a bin each; above, every power of two is split into 8 equal bins, so a bin is at most 1/8 of
 * its lower bound wide and its midpoint is within 6.25 % of any value in it. {@link #COUNT} bins
 * cover up to 2^40 µs (12 days); longer values land in the last bin.
 */
final class LatencyBins {

  private static final int SUB_BITS = 3;
  private static final int SUB = 1 << SUB_BITS;
  private static final int MAX_EXPONENT = 39;

  static final int COUNT = SUB + (MAX_EXPONENT - SUB_BITS + 1) * SUB;

  private LatencyBins() {}

  static int index(long micros) {
    if (micros < SUB) {
      return (int) Math.max(0, micros);
    }
    int exponent = 63 - Long.numberOfLeadingZeros(micros);
    if (exponent > MAX_EXPONENT) {
      return COUNT - 1;
    }
    int sub = (int) (micros >>> (exponent - SUB_BITS)) & (SUB - 1);
    return SUB + (exponent - SUB_BITS) * SUB + sub;
  }

  /** The smallest value of bin {@code index}, in µs. */
  static long lower(int index) {
    if (index < SUB) {
      return index;
    }
    int exponent = (index - SUB) / SUB + SUB_BITS;
    int sub = (index - SUB) % SUB;
    return (long) (SUB + sub) << (exponent - SUB_BITS);
  }

  /** The middle of bin {@code index}, in µs: what a percentile falling in it reports. */
  static double middle(int index) {
    long low = lower(index);
    long width = index < SUB ? 1 : 1L << ((index - SUB) / SUB);
    return low + (width - 1) / 2.0;
  }
}
