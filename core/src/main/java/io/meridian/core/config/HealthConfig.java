package io.meridian.core.config;

import java.time.Duration;

/**
 * How observations of many agents become one health per endpoint.
 *
 * @param quorum an endpoint is up when more than this share of the agents with fresh observations
 *     see it up (0.5: a majority)
 * @param heartbeat how often each agent says it is alive; its observations are as fresh as its
 *     last heartbeat
 * @param staleAfter an agent silent for longer no longer votes
 * @param forgetAfter an agent silent for longer is forgotten: its observations leave the cluster
 *     and it no longer counts towards the quorum
 * @param propagation the time a published observation takes to change every DNS server's view,
 *     used only to predict failover times (measured in bench/)
 * @param agentRegion the region the agent of {@code meridian up} probes from
 */
public record HealthConfig(
    double quorum,
    Duration heartbeat,
    Duration staleAfter,
    Duration forgetAfter,
    Duration propagation,
    String agentRegion) {

  public static final HealthConfig DEFAULT =
      new HealthConfig(
          0.5,
          Duration.ofSeconds(1),
          Duration.ofSeconds(3),
          Duration.ofMinutes(5),
          Duration.ofMillis(100),
          "local");
}
