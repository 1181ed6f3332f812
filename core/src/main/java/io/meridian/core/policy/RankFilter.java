package io.meridian.core.policy;

import io.meridian.geo.PrefixMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the candidates of the best rank for the client's location, where a rank per target was
 * computed for every client network when the snapshot was compiled (geoproximity: biased distance).
 * Ties are all kept; an unknown location ranks everything equal.
 */
final class RankFilter implements Filter {

  private final String name;
  private final PrefixMap<List<Integer>> ranks;

  /**
   * @param ranks per client location, the rank of each target by index (lower is better)
   */
  RankFilter(String name, PrefixMap<List<Integer>> ranks) {
    this.name = name;
    this.ranks = ranks;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Target> apply(List<Target> candidates, Evaluation evaluation) {
    QueryContext query = evaluation.query();
    List<Integer> rank = query.locate(ranks);
    int best = Integer.MAX_VALUE;
    for (Target candidate : candidates) {
      best = Math.min(best, rank.get(candidate.index()));
    }
    List<Target> kept = new ArrayList<>();
    for (Target candidate : candidates) {
      if (rank.get(candidate.index()) == best) {
        kept.add(candidate);
      }
    }
    if (evaluation.tracing() && !kept.isEmpty()) {
      evaluation.note("nearest to the client: " + kept.get(0).region().name());
    }
    return kept;
  }
}
