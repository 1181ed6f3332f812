package io.meridian.core.health;

import static java.util.Objects.requireNonNull;

/**
 * An agent saying it is alive. An agent publishes an observation whenever its belief changes (and
 * now and then besides), so while its heartbeat is fresh its last observations are its current
 * beliefs; once the heartbeat is stale it no longer votes.
 *
 * @param targets how many endpoint addresses it probes
 */
public record AgentBeat(String agent, String region, long atEpochMillis, int targets) {

  public AgentBeat {
    requireNonNull(agent, "agent");
    requireNonNull(region, "region");
  }
}
