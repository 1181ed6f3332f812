package io.meridian.balancer.lb;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * The candidate with the lowest score, scanning all of them (fine for the tens of targets a group
 * has). The scan starts one place further on each pick, so among equal scores the picks rotate
 * instead of always landing on the first candidate. Scores are read live, which is the point:
 * least connections and least response time react to the load of the last moment.
 */
final class ScoringLoadBalancer<T, C> implements LoadBalancer<T, C> {

  private final List<T> candidates;
  private final ToDoubleFunction<T> score;
  private final AtomicInteger start = new AtomicInteger();

  ScoringLoadBalancer(List<T> candidates, ToDoubleFunction<T> score) {
    this.candidates = candidates;
    this.score = score;
  }

  @Override
  public T pick(C context) {
    int size = candidates.size();
    int first = Math.floorMod(start.getAndIncrement(), size);
    T best = candidates.get(first);
    double bestScore = score.applyAsDouble(best);
    for (int i = 1; i < size; i++) {
      T candidate = candidates.get((first + i) % size);
      double candidateScore = score.applyAsDouble(candidate);
      if (candidateScore < bestScore) {
        best = candidate;
        bestScore = candidateScore;
      }
    }
    return best;
  }
}
