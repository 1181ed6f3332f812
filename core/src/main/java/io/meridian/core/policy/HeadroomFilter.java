package io.meridian.core.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks one candidate at random in proportion to its region's headroom: the requests per second
 * the region's balancers can still take (their configured capacity minus the load they report to
 * the cluster). Behind a failover, {@code chain: [up, headroom]} over the remaining regions
 * spreads a failed region's clients over them by how much room each has, instead of sending all
 * of them to the nearest. Candidates whose region has no known headroom take part only when no
 * candidate's is known (then all are kept); when every known region is full, one of them is
 * picked uniformly.
 */
final class HeadroomFilter implements Filter {

  static final String NAME = "headroom";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Target> apply(List<Target> candidates, Evaluation evaluation) {
    List<Target> known = new ArrayList<>(candidates.size());
    double[] room = new double[candidates.size()];
    double total = 0;
    for (Target target : candidates) {
      double headroom = evaluation.headroom(target);
      if (!Double.isNaN(headroom)) {
        room[known.size()] = Math.max(0, headroom);
        total += room[known.size()];
        known.add(target);
      }
    }
    if (known.size() <= 1) {
      if (evaluation.tracing() && known.isEmpty()) {
        evaluation.note("no candidate's region reports headroom: all kept");
      }
      return known.isEmpty() ? candidates : known;
    }
    var random = evaluation.query().random();
    if (total == 0) {
      return List.of(known.get(random.nextInt(known.size())));
    }
    double pick = random.nextDouble() * total;
    for (int i = 0; i < known.size(); i++) {
      pick -= room[i];
      if (pick < 0) {
        if (evaluation.tracing()) {
          evaluation.note(String.format(java.util.Locale.ROOT,
              "picked %s (headroom %.0f of %.0f requests/s)", known.get(i).label(), room[i], total));
        }
        return List.of(known.get(i));
      }
    }
    return List.of(known.get(known.size() - 1)); // rounding at the very end of the range
  }
}
