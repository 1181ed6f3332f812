package io.meridian.core.health;

import io.meridian.core.policy.PolicySet;

/**
 * Where the query path gets endpoint health from: asked once per query with that query's snapshot,
 * so health and endpoint ids always belong together, even while a reload swaps the snapshot.
 */
@FunctionalInterface
public interface HealthSource {

  /** Health as configured ({@code health: up|down}); no agents. */
  HealthSource CONFIGURED = PolicySet::configuredHealth;

  HealthView viewFor(PolicySet policies);
}
