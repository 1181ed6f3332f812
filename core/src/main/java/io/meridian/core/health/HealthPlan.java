package io.meridian.core.health;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What the configuration says about watching a snapshot's endpoints: which check type probes each
 * (by endpoint id; null when it is not probed and its configured health stands), and the
 * calculated-health thresholds of pools and regions (Route 53's calculated health checks).
 *
 * @param checks by endpoint id
 * @param poolMinHealthy pool name to the least number of healthy endpoints for the pool to count
 *     as up; pools without a threshold are absent
 * @param regionMinHealthy the same for regions
 */
public record HealthPlan(
    List<CheckSpec> checks,
    Map<String, Integer> poolMinHealthy,
    Map<String, Integer> regionMinHealthy) {

  public static final HealthPlan NONE = new HealthPlan(List.of(), Map.of(), Map.of());

  public HealthPlan {
    checks = Collections.unmodifiableList(new ArrayList<>(checks)); // may hold nulls
    poolMinHealthy = Map.copyOf(poolMinHealthy);
    regionMinHealthy = Map.copyOf(regionMinHealthy);
  }

  /** The check probing endpoint {@code id}, or null. */
  public CheckSpec check(int id) {
    return id < checks.size() ? checks.get(id) : null;
  }
}
