package io.meridian.agent.schedule;

/**
 * Exponentially weighted moving average: {@code next = alpha * sample + (1 - alpha) * previous}.
 * With alpha 0.3 a sample's weight halves about every two rounds, so a real latency shift shows
 * within three or four probes while a single slow probe moves the estimate by less than a third.
 */
final class Ewma {

  private Ewma() {}

  /**
   * @param previous the estimate so far, or NaN when there is none (the sample then becomes it)
   */
  static double next(double previous, double sample, double alpha) {
    return Double.isNaN(previous) ? sample : alpha * sample + (1 - alpha) * previous;
  }
}
