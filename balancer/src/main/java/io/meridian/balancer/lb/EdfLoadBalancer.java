package io.meridian.balancer.lb;

import java.util.List;
import java.util.PriorityQueue;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * Earliest deadline first over weights (Envoy's {@code edf_scheduler.h}): every candidate has a
 * deadline, initially {@code 1 / weight}; a pick takes the smallest deadline, makes it the current
 * time and puts the candidate back at {@code now + 1 / weight}. Equal deadlines go to the candidate
 * listed first, so a sequence is fully determined by the weights and the start offset. O(log n) per
 * pick under a lock; when all weights are equal this degenerates to round robin, which {@link
 * #create} serves with the lock-free {@link RoundRobinLoadBalancer} instead.
 */
final class EdfLoadBalancer<T, C> implements LoadBalancer<T, C> {

  private record Entry<T>(T candidate, int order, double step, double deadline)
      implements Comparable<Entry<T>> {
    @Override
    public int compareTo(Entry<T> other) {
      int byDeadline = Double.compare(deadline, other.deadline);
      return byDeadline != 0 ? byDeadline : Integer.compare(order, other.order);
    }
  }

  private final PriorityQueue<Entry<T>> queue = new PriorityQueue<>();

  private EdfLoadBalancer(List<T> candidates, double[] weights) {
    for (int i = 0; i < candidates.size(); i++) {
      double step = 1 / weights[i];
      queue.add(new Entry<>(candidates.get(i), i, step, step));
    }
  }

  static <T, C> LoadBalancer<T, C> create(
      List<T> candidates, ToDoubleFunction<T> weight, RandomGenerator random) {
    double[] weights = new double[candidates.size()];
    boolean equal = true;
    for (int i = 0; i < weights.length; i++) {
      weights[i] = weight.applyAsDouble(candidates.get(i));
      if (!(weights[i] > 0) || Double.isInfinite(weights[i])) {
        throw new IllegalArgumentException(
            "weight of " + candidates.get(i) + " must be positive and finite: " + weights[i]);
      }
      equal &= weights[i] == weights[0];
    }
    int offset = random.nextInt(candidates.size());
    if (equal) {
      return new RoundRobinLoadBalancer<>(candidates, offset);
    }
    EdfLoadBalancer<T, C> edf = new EdfLoadBalancer<>(candidates, weights);
    for (int i = 0; i < offset; i++) {
      edf.pick(null);
    }
    return edf;
  }

  @Override
  public synchronized T pick(C context) {
    Entry<T> due = queue.poll();
    queue.add(new Entry<>(due.candidate, due.order, due.step, due.deadline + due.step));
    return due.candidate;
  }
}
