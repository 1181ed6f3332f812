package io.meridian.core.policy;

import io.meridian.core.health.HealthPlan;
import io.meridian.core.health.HealthView;
import java.util.List;
import java.util.Map;

/**
 * The compiled policies of a snapshot: policies by name, endpoints by id, the health the
 * configuration states (what stands until agents observe an endpoint), and how endpoints are
 * watched.
 */
public record PolicySet(
    Map<String, Policy> byName,
    List<Endpoint> endpoints,
    HealthView configuredHealth,
    HealthPlan healthPlan) {

  public static final PolicySet EMPTY =
      new PolicySet(
          Map.of(),
          List.of(),
          new io.meridian.core.health.StaticHealth(new boolean[0], Map.of()),
          HealthPlan.NONE);

  public PolicySet {
    byName = Map.copyOf(byName);
    endpoints = List.copyOf(endpoints);
  }

  public int count() {
    return byName.size();
  }
}
