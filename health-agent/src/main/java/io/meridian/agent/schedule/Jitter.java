package io.meridian.agent.schedule;

import java.util.random.RandomGenerator;

/**
 * Spreads probes in time so that targets added together (a config load adds thousands at once) do
 * not probe together for ever after: the first round starts at a uniformly random point of the
 * interval, and each later round is the interval stretched or shrunk by up to {@value #SPREAD} of
 * it, so any alignment that does appear dissolves over a few rounds.
 */
final class Jitter {

  /** Each round is {@code interval * (1 +- SPREAD)}. */
  static final double SPREAD = 0.10;

  private final RandomGenerator random;

  Jitter(RandomGenerator random) {
    this.random = random;
  }

  /** Delay before a new target's first probe: uniform in {@code [0, interval)}. */
  long firstNanos(long intervalNanos) {
    return (long) (random.nextDouble() * intervalNanos);
  }

  /** Delay between two rounds: uniform in {@code [0.9, 1.1) * interval}. */
  long nextNanos(long intervalNanos) {
    double factor = 1 - SPREAD + 2 * SPREAD * random.nextDouble();
    return (long) (factor * intervalNanos);
  }
}
