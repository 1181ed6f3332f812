package io.meridian.core.policy;

import io.meridian.geo.PrefixMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the candidates of the first tier, for the client's location, that has any: geolocation
 * (tiers: subdivision, country, continent, default) and cidr (tiers: the client's named network,
 * default). After {@code up} this moves to a less specific tier when the specific one has no
 * healthy target, as Route 53 does. No tier with a candidate: nothing is kept (NODATA).
 *
 * <p>The tiers for every client network are computed when the snapshot is compiled, merged into the
 * widest prefixes that share them; a query walks one prefix map.
 */
final class TierFilter implements Filter {

  private final String name;

  /** Per client location: target indices per tier, first tier first. */
  private final PrefixMap<List<List<Integer>>> tiers;

  TierFilter(String name, PrefixMap<List<List<Integer>>> tiers) {
    this.name = name;
    this.tiers = tiers;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Target> apply(List<Target> candidates, Evaluation evaluation) {
    QueryContext query = evaluation.query();
    int match = tiers.match(query.client(), query.sourcePrefix());
    query.consulted(PrefixMap.scope(match));
    for (List<Integer> tier : tiers.value(match)) {
      List<Target> kept = new ArrayList<>(tier.size());
      for (Target candidate : candidates) {
        if (tier.contains(candidate.index())) {
          kept.add(candidate);
        }
      }
      if (!kept.isEmpty()) {
        if (evaluation.tracing()) {
          evaluation.note("first tier with a candidate for the client: " + labels(kept));
        }
        return kept;
      }
    }
    if (evaluation.tracing()) {
      evaluation.note("no candidate serves the client's location and none is a default");
    }
    return List.of();
  }

  private static List<String> labels(List<Target> targets) {
    List<String> out = new ArrayList<>(targets.size());
    targets.forEach(t -> out.add(t.label()));
    return out;
  }
}
