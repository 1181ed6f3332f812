package io.meridian.core.health;

import io.meridian.core.config.HealthConfig;
import io.meridian.core.health.EndpointHealth.Source;
import io.meridian.core.health.EndpointHealth.Status;
import io.meridian.core.health.EndpointHealth.Vote;
import io.meridian.core.health.HealthOverride.Verb;
import io.meridian.core.policy.Endpoint;
import io.meridian.core.policy.PolicySet;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns every agent's observations, their heartbeats and the operators' overrides into one health
 * per endpoint. A pure function of its inputs and the previous state, so every member that has
 * the same inputs computes the same answer, and tests need no cluster.
 *
 * <p>Per endpoint address:
 *
 * <ol>
 *   <li>An agent votes when its heartbeat is at most {@code stale_after} old; an agent with a stale
 *       heartbeat is still <em>known</em> until its observations expire from the cluster.
 *   <li>With fresh votes from a majority of the known agents (a quorum), the address is up when
 *       more than {@code quorum} of the fresh agents that have decided see it up. Agents that have
 *       not decided yet (rise/fall still unknown) count for the quorum but do not vote.
 *   <li>Without a quorum (a split cut this member off from most agents, or the agents died) the
 *       last consensus stands (static stability); before the first consensus the configured
 *       state does.
 * </ol>
 *
 * An endpoint is up only when every probed address is (down wins, as in gdnsd). Then overrides
 * apply (endpoint and region: the stronger verb), then calculated health: a pool or region with
 * {@code min_healthy} and fewer up endpoints than that takes all of its endpoints down, counting
 * against the endpoints that are not drained.
 */
public final class Consensus {

  private final HealthConfig settings;

  public Consensus(HealthConfig settings) {
    this.settings = settings;
  }

  /** The inputs of one round, as the member has them now. */
  public record Inputs(
      Collection<Observation> observations,
      Map<String, AgentBeat> beats,
      Map<String, HealthOverride> overrides) {}

  public HealthState next(PolicySet policies, Inputs in, HealthState previous, long now) {
    Map<String, List<Observation>> byTarget = new HashMap<>();
    Set<String> known = new HashSet<>(in.beats().keySet());
    for (Observation o : in.observations()) {
      byTarget.computeIfAbsent(o.target(), t -> new ArrayList<>()).add(o);
      known.add(o.agent());
    }
    int fresh = 0;
    for (AgentBeat beat : in.beats().values()) {
      fresh += fresh(beat, now) ? 1 : 0;
    }
    Map<String, EndpointHealth> out = new LinkedHashMap<>();
    Map<String, Boolean> consensus = new HashMap<>();
    Map<String, Map<String, Double>> rtt = new HashMap<>();
    for (Endpoint e : policies.endpoints()) {
      HealthOverride override = override(in.overrides(), e, now);
      EndpointHealth base =
          policies.healthPlan().check(e.id()) == null
              ? configured(policies, e)
              : observed(policies, e, byTarget, in.beats(), override, previous, consensus, now);
      EndpointHealth decided = apply(override, base);
      out.put(e.key(), decided);
      Map<String, Double> r = rtt(e, byTarget, in.beats(), now);
      if (!r.isEmpty()) {
        rtt.put(e.key(), r);
      }
    }
    calculated(policies, out);
    Map<String, EndpointHealth> stamped = new LinkedHashMap<>();
    out.forEach(
        (key, h) -> stamped.put(key, h.since(previous.endpoints().get(key), now)));
    return new HealthState(stamped, consensus, rtt, now, fresh, known.size(), previous.headroom());
  }

  private boolean fresh(AgentBeat beat, long now) {
    return beat != null && now - beat.atEpochMillis() <= settings.staleAfter().toMillis();
  }

  private static HealthOverride override(
      Map<String, HealthOverride> overrides, Endpoint e, long now) {
    HealthOverride own = active(overrides.get(HealthOverride.endpoint(e.key())), now);
    HealthOverride region =
        e.region() == null
            ? null
            : active(overrides.get(HealthOverride.region(e.region().name())), now);
    return HealthOverride.stronger(own, region);
  }

  private static HealthOverride active(HealthOverride o, long now) {
    return o != null && o.activeAt(now) ? o : null;
  }

  private static EndpointHealth configured(PolicySet policies, Endpoint e) {
    boolean up = policies.configuredHealth().isUp(e.id());
    return health(e, up, Source.CONFIGURED, "not probed; configured health: " + (up ? "up" : "down"), List.of());
  }

  private EndpointHealth observed(
      PolicySet policies,
      Endpoint e,
      Map<String, List<Observation>> byTarget,
      Map<String, AgentBeat> beats,
      HealthOverride override,
      HealthState previous,
      Map<String, Boolean> consensus,
      long now) {
    boolean initial = policies.configuredHealth().isUp(e.id());
    boolean paused = override != null && override.verb() == Verb.PAUSE;
    boolean allUp = true;
    Source source = Source.CONSENSUS;
    List<String> reasons = new ArrayList<>();
    List<Vote> votes = new ArrayList<>();
    for (InetAddress address : e.addresses()) {
      String target = e.key() + "|" + address.getHostAddress();
      List<Observation> seen = byTarget.getOrDefault(target, List.of());
      int freshAgents = 0;
      int upVotes = 0;
      int decided = 0;
      for (Observation o : seen) {
        boolean isFresh = fresh(beats.get(o.agent()), now);
        votes.add(
            new Vote(o.agent(), o.region(), address.getHostAddress(), o.state(), o.rttMillis(),
                o.observedAtEpochMillis(), isFresh, o.detail()));
        if (isFresh) {
          freshAgents++;
          if (o.state() != RiseFall.State.UNKNOWN) {
            decided++;
            upVotes += o.state() == RiseFall.State.UP ? 1 : 0;
          }
        }
      }
      Boolean last = previous.consensus().get(target);
      boolean quorum = !seen.isEmpty() && freshAgents >= seen.size() / 2 + 1 && decided > 0;
      boolean up;
      Source addressSource;
      String reason;
      if (paused) {
        up = last != null ? last : initial;
        addressSource = Source.PAUSED;
        reason = "monitoring paused by " + override.by() + " (" + override.reason() + "), keeping "
            + (last != null ? "the last consensus" : "the initial state");
      } else if (quorum) {
        up = upVotes > settings.quorum() * decided;
        addressSource = Source.CONSENSUS;
        reason = upVotes + " of " + decided + " fresh agents see it up";
      } else if (last != null) {
        up = last;
        addressSource = Source.STALE;
        reason = "no quorum (" + freshAgents + " of " + seen.size()
            + " agents fresh), keeping the last consensus";
      } else {
        up = initial;
        addressSource = Source.INITIAL;
        reason = "no consensus yet (" + freshAgents + " of " + seen.size()
            + " agents fresh and decided: " + decided + "), initial state";
      }
      if (!paused || last != null) {
        consensus.put(target, up);
      }
      allUp &= up;
      source = weaker(source, addressSource);
      reasons.add((e.addresses().size() > 1 ? address.getHostAddress() + ": " : "") + reason);
    }
    return health(e, allUp, source, String.join("; ", reasons), votes);
  }

  /** The least certain source of an endpoint's addresses names the endpoint's. */
  private static Source weaker(Source a, Source b) {
    return UNCERTAINTY.indexOf(a) >= UNCERTAINTY.indexOf(b) ? a : b;
  }

  private static final List<Source> UNCERTAINTY =
      List.of(Source.CONSENSUS, Source.STALE, Source.INITIAL, Source.PAUSED);

  private static EndpointHealth apply(HealthOverride o, EndpointHealth base) {
    if (o == null || o.verb() == Verb.PAUSE) {
      return base;
    }
    Status status =
        switch (o.verb()) {
          case FORCE_DOWN -> Status.DOWN;
          case FORCE_UP -> Status.UP;
          default -> Status.DRAINED;
        };
    return new EndpointHealth(
        base.endpoint(), status, Source.FORCED,
        o.verb().label() + " on " + o.subject() + " by " + o.by() + " (" + o.reason()
            + "); observed: " + base.status().name().toLowerCase(Locale.ROOT),
        base.votes(), 0);
  }

  /** Pools, then regions, below their {@code min_healthy} take their up endpoints down. */
  private static void calculated(PolicySet policies, Map<String, EndpointHealth> out) {
    HealthPlan plan = policies.healthPlan();
    if (plan.poolMinHealthy().isEmpty() && plan.regionMinHealthy().isEmpty()) {
      return;
    }
    Map<String, List<Endpoint>> groups = new LinkedHashMap<>();
    for (Endpoint e : policies.endpoints()) {
      String pool = e.key().substring(0, e.key().indexOf('/'));
      if (plan.poolMinHealthy().containsKey(pool)) {
        groups.computeIfAbsent("pool " + pool, k -> new ArrayList<>()).add(e);
      }
    }
    for (Endpoint e : policies.endpoints()) {
      if (e.region() != null && plan.regionMinHealthy().containsKey(e.region().name())) {
        groups.computeIfAbsent("region " + e.region().name(), k -> new ArrayList<>()).add(e);
      }
    }
    groups.forEach(
        (group, members) -> {
          String name = group.substring(group.indexOf(' ') + 1);
          int min = group.startsWith("pool ")
              ? plan.poolMinHealthy().get(name)
              : plan.regionMinHealthy().get(name);
          int up = 0;
          int serving = 0;
          for (Endpoint e : members) {
            Status s = out.get(e.key()).status();
            up += s == Status.UP ? 1 : 0;
            serving += s == Status.DRAINED ? 0 : 1;
          }
          int needed = Math.min(min, serving);
          if (up >= needed) {
            return;
          }
          String reason = group + " has " + up + " healthy of " + members.size()
              + ", needs " + needed;
          for (Endpoint e : members) {
            EndpointHealth h = out.get(e.key());
            if (h.up()) {
              out.put(e.key(), new EndpointHealth(
                  h.endpoint(), Status.DOWN, Source.CALCULATED, reason + "; own: " + h.reason(),
                  h.votes(), 0));
            }
          }
        });
  }

  private Map<String, Double> rtt(
      Endpoint e, Map<String, List<Observation>> byTarget, Map<String, AgentBeat> beats, long now) {
    Map<String, double[]> sums = new HashMap<>();
    for (InetAddress address : e.addresses()) {
      for (Observation o : byTarget.getOrDefault(e.key() + "|" + address.getHostAddress(), List.of())) {
        if (o.state() == RiseFall.State.UP && !Double.isNaN(o.rttMillis())
            && fresh(beats.get(o.agent()), now)) {
          double[] s = sums.computeIfAbsent(o.region(), r -> new double[2]);
          s[0] += o.rttMillis();
          s[1]++;
        }
      }
    }
    Map<String, Double> out = new HashMap<>();
    sums.forEach((region, s) -> out.put(region, s[0] / s[1]));
    return out;
  }

  private static EndpointHealth health(
      Endpoint e, boolean up, Source source, String reason, List<Vote> votes) {
    return new EndpointHealth(e.key(), up ? Status.UP : Status.DOWN, source, reason, votes, 0);
  }
}
