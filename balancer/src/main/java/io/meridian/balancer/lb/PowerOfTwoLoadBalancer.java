package io.meridian.balancer.lb;

import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/** Two distinct random candidates; the less loaded (per weight) wins, the first on a tie. */
final class PowerOfTwoLoadBalancer<T, C> implements LoadBalancer<T, C> {

  private final List<T> candidates;
  private final ToIntFunction<T> active;
  private final ToDoubleFunction<T> weight;
  private final RandomGenerator random;

  PowerOfTwoLoadBalancer(
      List<T> candidates,
      ToIntFunction<T> active,
      ToDoubleFunction<T> weight,
      RandomGenerator random) {
    this.candidates = candidates;
    this.active = active;
    this.weight = weight;
    this.random = random;
  }

  @Override
  public T pick(C context) {
    int size = candidates.size();
    if (size == 1) {
      return candidates.get(0);
    }
    int a = random.nextInt(size);
    int b = random.nextInt(size - 1);
    if (b >= a) {
      b++; // uniform over the others, never a itself
    }
    T first = candidates.get(a);
    T second = candidates.get(b);
    return load(second) < load(first) ? second : first;
  }

  private double load(T candidate) {
    return (active.applyAsInt(candidate) + 1) / weight.applyAsDouble(candidate);
  }
}
