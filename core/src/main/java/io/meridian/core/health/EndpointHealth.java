package io.meridian.core.health;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One endpoint's health with its provenance: what it is, why, and who voted.
 *
 * @param endpoint the {@code pool/name} key
 * @param reason one line on how this was decided
 * @param votes what each agent last said about each of the endpoint's addresses
 * @param sinceEpochMillis when the status last changed (or was first decided)
 */
public record EndpointHealth(
    String endpoint,
    Status status,
    Source source,
    String reason,
    List<Vote> votes,
    long sinceEpochMillis) {

  /** What the query path sees. */
  public enum Status {
    UP,
    DOWN,
    /** Out of the answers by an operator, not failed. */
    DRAINED
  }

  /** Where the status came from. */
  public enum Source {
    /** Not probed: {@code health: up|down} in the configuration. */
    CONFIGURED,
    /** Probed, but no consensus yet: the configured state stands until there is one. */
    INITIAL,
    /** A quorum of agents with fresh observations. */
    CONSENSUS,
    /** Too few fresh agents for a quorum: the last consensus stands (static stability). */
    STALE,
    /** Monitoring paused by an operator: the last consensus stands. */
    PAUSED,
    /** Forced up or down, or drained, by an operator. */
    FORCED,
    /** Its pool or region has fewer healthy endpoints than it needs (calculated health). */
    CALCULATED
  }

  /**
   * @param fresh whether the agent's heartbeat is recent enough for it to count
   */
  public record Vote(
      String agent,
      String region,
      String address,
      RiseFall.State state,
      double rttMillis,
      long observedAtEpochMillis,
      boolean fresh,
      String detail) {

    @Override
    public String toString() {
      return agent
          + "@"
          + region
          + " "
          + address
          + " "
          + state.name().toLowerCase(Locale.ROOT)
          + (Double.isNaN(rttMillis) ? "" : String.format(Locale.ROOT, " %.1fms", rttMillis))
          + (fresh ? "" : " (stale)")
          + (detail.isEmpty() ? "" : " [" + detail + "]");
    }
  }

  public EndpointHealth {
    requireNonNull(endpoint, "endpoint");
    requireNonNull(status, "status");
    requireNonNull(source, "source");
    requireNonNull(reason, "reason");
    votes = List.copyOf(votes);
  }

  public boolean up() {
    return status == Status.UP;
  }

  /**
   * This health dated: {@code since} stays the previous one's while the status is the same, and
   * is {@code now} when it changed (or there was none).
   */
  EndpointHealth since(EndpointHealth previous, long now) {
    long at = previous != null && previous.status == status ? previous.sinceEpochMillis : now;
    return new EndpointHealth(endpoint, status, source, reason, votes, at);
  }


  /** {@code up (consensus: 2 of 3 fresh agents see it up) votes: ...}, for explain and logs. */
  public String describe() {
    return status.name().toLowerCase(Locale.ROOT)
        + " ("
        + source.name().toLowerCase(Locale.ROOT)
        + ": "
        + reason
        + ")"
        + (votes.isEmpty()
            ? ""
            : " votes: " + votes.stream().map(Vote::toString).collect(Collectors.joining("; ")));
  }
}
