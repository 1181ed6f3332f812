package io.meridian.balancer.lb;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/** A uniform draw over the cumulative weights, found by binary search: O(log n), no lock. */
final class WeightedRandomLoadBalancer<T, C> implements LoadBalancer<T, C> {

  private final List<T> candidates;
  private final double[] cumulative;
  private final RandomGenerator random;

  WeightedRandomLoadBalancer(
      List<T> candidates, ToDoubleFunction<T> weight, RandomGenerator random) {
    this.candidates = candidates;
    this.random = random;
    this.cumulative = new double[candidates.size()];
    double sum = 0;
    for (int i = 0; i < cumulative.length; i++) {
      sum += Math.max(0, weight.applyAsDouble(candidates.get(i)));
      cumulative[i] = sum;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("weights must add up to more than 0");
    }
  }

  @Override
  public T pick(C context) {
    double point = random.nextDouble() * cumulative[cumulative.length - 1];
    int at = Arrays.binarySearch(cumulative, point);
    int index = at >= 0 ? at + 1 : -at - 1;
    return candidates.get(Math.min(index, candidates.size() - 1));
  }
}
