package io.meridian.core.cluster;

import static java.util.Objects.requireNonNull;

/**
 * A drill's order to a region's balancers: refuse all traffic until it is lifted or expires, as a
 * region whose front door has failed would.
 *
 * @param region the region whose balancers refuse
 * @param reason shown in logs and in the balancers' state
 * @param by who set it (the drill)
 * @param expiresAtEpochMillis when it lapses by itself, so a drill whose member died ends anyway
 */
public record Refusal(String region, String reason, String by, long expiresAtEpochMillis) {

  public Refusal {
    requireNonNull(region, "region");
    requireNonNull(reason, "reason");
    requireNonNull(by, "by");
  }

  public boolean activeAt(long nowEpochMillis) {
    return nowEpochMillis < expiresAtEpochMillis;
  }
}
