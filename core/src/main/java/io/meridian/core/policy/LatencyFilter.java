package io.meridian.core.policy;

import io.meridian.geo.Countries;
import io.meridian.geo.PrefixMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Latency: keeps the candidates with the lowest round-trip time from the client's measurement region
 * (the configured region nearest the client). Times are the health view's measurements; a target
 * nobody measured is estimated at 1 ms per 100 km of great-circle distance between the measurement
 * region and the target's region (light in fibre, both ways, with routing slack). An unknown client
 * location keeps every candidate.
 */
final class LatencyFilter implements Filter {

  static final String NAME = "latency";
  private static final double KM_PER_MILLISECOND = 100;

  private final PrefixMap<java.util.Optional<Region>> measurementRegion;

  /**
   * @param measurementRegion per client location, the nearest region (empty when unknown)
   */
  LatencyFilter(PrefixMap<java.util.Optional<Region>> measurementRegion) {
    this.measurementRegion = measurementRegion;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Target> apply(List<Target> candidates, Evaluation evaluation) {
    QueryContext query = evaluation.query();
    Region from = query.locate(measurementRegion).orElse(null);
    if (from == null || candidates.size() <= 1) {
      return candidates;
    }
    double[] rtt = new double[candidates.size()];
    double best = Double.MAX_VALUE;
    for (int i = 0; i < rtt.length; i++) {
      rtt[i] = rttMillis(from, candidates.get(i), query);
      best = Math.min(best, rtt[i]);
    }
    List<Target> kept = new ArrayList<>(2);
    for (int i = 0; i < rtt.length; i++) {
      if (rtt[i] == best) {
        kept.add(candidates.get(i)); // ties are kept, as in geoproximity: a later step may choose
      }
    }
    if (evaluation.tracing()) {
      evaluation.note("measured from " + from.name() + ": lowest RTT " + Math.round(best) + " ms");
    }
    return kept;
  }

  private static double rttMillis(Region from, Target target, QueryContext query) {
    if (target.endpoint() != null) {
      double measured = query.health().rttMillis(from.name(), target.endpoint().id());
      if (!Double.isNaN(measured)) {
        return measured;
      }
    }
    Region to = target.region();
    return Countries.distanceKm(from.latitude(), from.longitude(), to.latitude(), to.longitude())
        / KM_PER_MILLISECOND;
  }
}
