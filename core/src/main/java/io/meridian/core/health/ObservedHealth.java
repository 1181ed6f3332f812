package io.meridian.core.health;

import io.meridian.core.policy.Endpoint;
import io.meridian.core.policy.PolicySet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link HealthState} laid out by the endpoint ids of one snapshot: plain arrays, so the query
 * path reads a boolean per candidate. Endpoints the state does not know (added since it was built)
 * have their configured health; RTTs nobody measured fall back to the configured ones.
 */
final class ObservedHealth implements HealthView {

  private final HealthState state;
  private final PolicySet policies;
  private final boolean[] up;
  private final boolean[] drained;
  private final EndpointHealth[] health;
  private final Map<String, double[]> rttByRegion = new HashMap<>();

  ObservedHealth(HealthState state, PolicySet policies) {
    this.state = state;
    this.policies = policies;
    List<Endpoint> endpoints = policies.endpoints();
    HealthView configured = policies.configuredHealth();
    int n = endpoints.size();
    up = new boolean[n];
    drained = new boolean[n];
    health = new EndpointHealth[n];
    for (Endpoint e : endpoints) {
      int id = e.id();
      EndpointHealth h = state.endpoints().get(e.key());
      health[id] = h;
      up[id] = h == null ? configured.isUp(id) : h.up();
      drained[id] = h != null && h.status() == EndpointHealth.Status.DRAINED;
      Map<String, Double> measured = state.rttMillis().getOrDefault(e.key(), Map.of());
      measured.forEach((region, rtt) -> row(region, n)[id] = rtt);
    }
  }

  private double[] row(String region, int n) {
    return rttByRegion.computeIfAbsent(
        region,
        r -> {
          double[] fresh = new double[n];
          Arrays.fill(fresh, Double.NaN);
          return fresh;
        });
  }

  HealthState state() {
    return state;
  }

  @Override
  public double headroom(String region) {
    return state.headroom().getOrDefault(region, Double.NaN);
  }

  PolicySet policies() {
    return policies;
  }

  @Override
  public boolean isUp(int endpointId) {
    return up[endpointId];
  }

  @Override
  public boolean isDrained(int endpointId) {
    return drained[endpointId];
  }

  @Override
  public double rttMillis(String region, int endpointId) {
    double[] row = rttByRegion.get(region);
    double measured = row == null ? Double.NaN : row[endpointId];
    return Double.isNaN(measured)
        ? policies.configuredHealth().rttMillis(region, endpointId)
        : measured;
  }

  @Override
  public String describe(int endpointId) {
    EndpointHealth h = health[endpointId];
    return h == null ? policies.configuredHealth().describe(endpointId) : h.describe();
  }

  @Override
  public EndpointHealth health(int endpointId) {
    return health[endpointId];
  }
}
