package io.meridian.core.health;

import io.meridian.core.policy.PolicySet;
import java.util.Map;

/**
 * The cluster's health as one member sees it, keyed by endpoint key rather than by id, so it
 * outlives the snapshot it was computed for: {@link #project} turns it into the id-indexed {@link
 * HealthView} of any snapshot, and an endpoint it does not know yet gets its configured health.
 *
 * @param endpoints by {@code pool/name}
 * @param consensus the last consensus per endpoint address ({@code pool/name|address}), kept for
 *     static stability and paused monitoring
 * @param rttMillis endpoint key to region to the mean RTT fresh agents of that region measured
 * @param freshAgents agents whose heartbeat is fresh
 * @param knownAgents agents with any observation or heartbeat still on record
 * @param headroom by region: requests per second its balancers can still take (their configured
 *     capacity minus their load, summed over those that report and state a capacity); regions
 *     without such balancers are absent
 */
public record HealthState(
    Map<String, EndpointHealth> endpoints,
    Map<String, Boolean> consensus,
    Map<String, Map<String, Double>> rttMillis,
    long builtAtEpochMillis,
    int freshAgents,
    int knownAgents,
    Map<String, Double> headroom) {

  public static final HealthState EMPTY = new HealthState(Map.of(), Map.of(), Map.of(), 0, 0, 0, Map.of());

  public HealthState {
    endpoints = Map.copyOf(endpoints);
    consensus = Map.copyOf(consensus);
    rttMillis = Map.copyOf(rttMillis);
    headroom = Map.copyOf(headroom);
  }

  /** This state with the balancers' headroom of now. */
  public HealthState withHeadroom(Map<String, Double> next) {
    return new HealthState(endpoints, consensus, rttMillis, builtAtEpochMillis, freshAgents,
        knownAgents, next);
  }

  /** This state as the query path of {@code policies}' snapshot reads it. */
  public HealthView project(PolicySet policies) {
    return new ObservedHealth(this, policies);
  }
}
