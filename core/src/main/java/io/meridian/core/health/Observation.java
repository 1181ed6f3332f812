package io.meridian.core.health;

import static java.util.Objects.requireNonNull;

import io.meridian.core.health.RiseFall.State;
import java.net.InetAddress;

/**
 * What one agent believes about one endpoint address, after rise/fall. This is the value the agent
 * publishes; consensus across agents and the combination of an endpoint's addresses happen where
 * observations from all agents meet.
 *
 * @param agent the observing agent's name
 * @param region the region the agent probes from; RTTs are only comparable within a region
 * @param endpoint the endpoint's {@code pool/name} key
 * @param address the probed address (an endpoint may have several)
 * @param state after rise/fall; {@link State#UNKNOWN} until enough results agreed
 * @param rttMillis smoothed RTT of passing probes (the agent scheduler's EWMA), {@link
 *     Double#NaN} before the first pass and after the target went down
 * @param observedAtEpochMillis when the last result arrived, on the agent's wall clock
 * @param detail the last probe's reason, e.g. {@code "HTTP 503, expected 200-399"}
 */
public record Observation(
    String agent,
    String region,
    String endpoint,
    InetAddress address,
    State state,
    double rttMillis,
    long observedAtEpochMillis,
    String detail) {

  public Observation {
    requireNonNull(agent, "agent");
    requireNonNull(region, "region");
    requireNonNull(endpoint, "endpoint");
    requireNonNull(address, "address");
    requireNonNull(state, "state");
    requireNonNull(detail, "detail");
  }

  /** Unique per agent and endpoint address: the key this observation is shared under. */
  public String key() {
    return agent + "|" + target();
  }

  /** The endpoint address observed, {@code pool/name|address}, the same for every agent. */
  public String target() {
    return endpoint + "|" + address.getHostAddress();
  }
}
