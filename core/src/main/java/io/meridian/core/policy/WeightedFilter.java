package io.meridian.core.policy;

import java.util.List;

/**
 * Picks one candidate at random in proportion to its weight; zero weights are picked only when
 * every weight is zero (then uniformly). Selecting per query, rather than ordering a list, is what
 * makes weights hold: resolvers reorder lists.
 */
final class WeightedFilter implements Filter {

  static final String NAME = "weighted";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Target> apply(List<Target> candidates, Evaluation evaluation) {
    if (candidates.size() <= 1) {
      return candidates;
    }
    long total = 0;
    for (Target target : candidates) {
      total += Math.max(0, target.weight());
    }
    var random = evaluation.query().random();
    if (total == 0) {
      return List.of(candidates.get(random.nextInt(candidates.size())));
    }
    long pick = random.nextLong(total);
    for (Target target : candidates) {
      pick -= Math.max(0, target.weight());
      if (pick < 0) {
        if (evaluation.tracing()) {
          evaluation.note(
              "picked " + target.label() + " (weight " + target.weight() + " of " + total + ")");
        }
        return List.of(target);
      }
    }
    throw new IllegalStateException("weights changed during a pick");
  }
}
