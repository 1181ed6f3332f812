package io.meridian.balancer.lb;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Strict rotation over an immutable list, one atomic counter shared by all callers. */
final class RoundRobinLoadBalancer<T, C> implements LoadBalancer<T, C> {

  private final List<T> candidates;
  private final AtomicInteger next;

  RoundRobinLoadBalancer(List<T> candidates, int start) {
    this.candidates = candidates;
    this.next = new AtomicInteger(Math.floorMod(start, candidates.size()));
  }

  @Override
  public T pick(C context) {
    int size = candidates.size();
    if (size == 1) {
      return candidates.get(0);
    }
    return candidates.get(Math.floorMod(next.getAndIncrement(), size));
  }
}
