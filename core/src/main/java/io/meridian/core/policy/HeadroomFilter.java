package io.meridian.core.policy;

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
    // two passes over the candidates rather than a list of the known ones: this runs per query
    int known = 0;
    Target onlyKnown = null;
    double total = 0;
    for (Target target : candidates) {
      double headroom = evaluation.headroom(target);
      if (!Double.isNaN(headroom)) {
        known++;
        onlyKnown = target;
        total += Math.max(0, headroom);
      }
    }
    if (known == 0) {
      if (evaluation.tracing()) {
        evaluation.note("no candidate's region reports headroom: all kept");
      }
      return candidates;
    }
    if (known == 1) {
      return List.of(onlyKnown);
    }
    var random = evaluation.query().random();
    // every known region full: one of them uniformly; otherwise in proportion to the room left
    double pick = total == 0 ? random.nextInt(known) : random.nextDouble() * total;
    Target last = null;
    for (Target target : candidates) {
      double headroom = evaluation.headroom(target);
      if (Double.isNaN(headroom)) {
        continue;
      }
      double room = total == 0 ? 1 : Math.max(0, headroom);
      pick -= room;
      last = target;
      if (pick < 0) {
        if (evaluation.tracing() && total > 0) {
          evaluation.note(String.format(java.util.Locale.ROOT,
              "picked %s (headroom %.0f of %.0f requests/s)", target.label(), room, total));
        }
        return List.of(target);
      }
    }
    return List.of(last); // rounding at the very end of the range
  }
}
