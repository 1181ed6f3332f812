package io.meridian.core.policy;

import io.meridian.geo.PrefixMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the candidates of the first tier, for the client's location, that has any: geolocation
 * (tiers: subdivision, country, continent, default) and cidr (tiers: the client's named network,
 * default). After {@code up} this moves to a less specific tier when the specific one has no
 * healthy target, as Route 53 does. When every target of the client's tiers is down (while targets
 * for other places are up, so {@code up} kept those), the policy's {@link WhenAllDown} decides, as
 * if all were down. No tier for the client at all: nothing is kept (NODATA).
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
    return allDownOrNothing(tiers.value(match), evaluation);
  }

  /**
   * No candidate is left in the client's tiers. When that is because every target serving the
   * client is down ({@code up} removed them, and did not fail open because targets for other places
   * are up), this client's answer is all down: the policy's {@link WhenAllDown} decides, as Route
   * 53 answers with the most specific record when none is healthy. Otherwise nothing serves the
   * client (NODATA).
   */
  private static List<Target> allDownOrNothing(List<List<Integer>> tiers, Evaluation evaluation) {
    List<Target> all = evaluation.policy().targets(evaluation.query().family());
    List<Target> first = List.of();
    for (List<Integer> tier : tiers) {
      List<Target> serving = new ArrayList<>();
      for (Target target : all) {
        if (tier.contains(target.index())) {
          if (evaluation.healthy(target)) {
            return nothing(evaluation); // removed by another step, not for being down
          }
          serving.add(target);
        }
      }
      if (first.isEmpty()) {
        first = serving;
      }
    }
    if (first.isEmpty()) {
      return nothing(evaluation);
    }
    WhenAllDown mode = evaluation.policy().whenAllDown();
    if (evaluation.tracing()) {
      evaluation.note(
          "every target for the client's location is down: "
              + (mode == WhenAllDown.OPEN
                  ? "failing open to " + labels(first) + " (a parent policy sees this one as down)"
                  : "answering per when_all_down "
                      + mode.name().toLowerCase(java.util.Locale.ROOT)));
    }
    if (mode == WhenAllDown.OPEN) {
      return first;
    }
    evaluation.stop(mode);
    return List.of();
  }

  private static List<Target> nothing(Evaluation evaluation) {
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
