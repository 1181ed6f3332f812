package io.meridian.balancer.config;

import static java.util.Objects.requireNonNull;

import io.meridian.core.cluster.BalancerLoad;

/**
 * One balancer of Meridian's {@code balancers:} section: where it serves and how.
 *
 * @param region one of the document's regions; the balancer reports its load under it and obeys
 *     drills' refusals for it
 * @param name unique within the region
 * @param capacityPerSecond the requests per second it is sized for (0 = unknown), published with
 *     its load so drills and policies can judge headroom
 * @param config the balancer itself, in the syntax of {@code balancer/README.md}
 */
public record RegionBalancer(
    String region, String name, double capacityPerSecond, BalancerConfig config) {

  public RegionBalancer {
    requireNonNull(region, "region");
    requireNonNull(name, "name");
    requireNonNull(config, "config");
  }

  /** {@code region/name}, as the cluster knows it ({@link BalancerLoad#key}). */
  public String key() {
    return BalancerLoad.key(region, name);
  }
}
