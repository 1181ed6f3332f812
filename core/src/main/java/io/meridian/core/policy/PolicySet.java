package io.meridian.core.policy;

import io.meridian.core.health.HealthView;
import java.util.List;
import java.util.Map;

/**
 * The compiled policies of a snapshot: policies by name, endpoints by id, and the health the
 * configuration states (until agents observe endpoints).
 */
public record PolicySet(
    Map<String, Policy> byName, List<Endpoint> endpoints, HealthView configuredHealth) {

  public static final PolicySet EMPTY =
      new PolicySet(
          Map.of(), List.of(), new io.meridian.core.health.StaticHealth(new boolean[0], Map.of()));

  public PolicySet {
    byName = Map.copyOf(byName);
    endpoints = List.copyOf(endpoints);
  }

  public int count() {
    return byName.size();
  }
}
