package io.meridian.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.core.config.ConfigReader;
import io.meridian.core.config.HealthConfig;
import io.meridian.core.health.EndpointHealth.Source;
import io.meridian.core.health.EndpointHealth.Status;
import io.meridian.core.health.HealthOverride.Verb;
import io.meridian.core.health.RiseFall.State;
import io.meridian.core.policy.PolicySet;
import io.meridian.core.snapshot.SnapshotCompiler;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consensus as a pure function: agents' observations, heartbeats and overrides in, one health per
 * endpoint out, with the previous state carried for static stability.
 */
class ConsensusTest {

  static final long NOW = 1_000_000;
  static PolicySet policies;
  final Consensus consensus = new Consensus(HealthConfig.DEFAULT); // stale after 3 s

  @BeforeAll
  static void compile() throws Exception {
    String yaml =
        """
        checks:
          web: { type: http, port: 80, interval: 1s, fall: 2 }
        regions:
          eu-west: { latitude: 53.35, longitude: -6.26, min_healthy: 2 }
          us-east: { latitude: 38.90, longitude: -77.04 }
        pools:
          eu:
            check: web
            endpoints:
              - { name: dub-1, address: 192.0.2.10, region: eu-west }
              - { name: dub-2, address: 192.0.2.11, region: eu-west }
              - { name: dub-3, addresses: [192.0.2.12, 192.0.2.13], region: eu-west }
          us:
            check: web
            min_healthy: 2
            endpoints:
              - { name: iad-1, address: 198.51.100.10, region: us-east }
              - { name: iad-2, address: 198.51.100.11, region: us-east }
          static:
            endpoints:
              - { name: s1, address: 203.0.113.1, health: down }
              - { name: s2, address: 203.0.113.2, check: web, health: down }
        zones:
          - name: example.test.
            soa: { mname: ns1, rname: hostmaster }
            records:
              - { name: "@", type: NS, value: ns1 }
              - { name: ns1, type: A, value: 192.0.2.53 }
        """;
    policies =
        new SnapshotCompiler(Clock.systemUTC())
            .compile(ConfigReader.read(yaml, "consensus-test", Path.of(".")), null)
            .policies();
  }

  /** Builds one round's inputs: who beat when, what each saw, which overrides hold. */
  static final class Round {
    final List<Observation> observations = new ArrayList<>();
    final Map<String, AgentBeat> beats = new HashMap<>();
    final Map<String, HealthOverride> overrides = new HashMap<>();

    Round agent(String agent, String region, long beatAgo) {
      beats.put(agent, new AgentBeat(agent, region, NOW - beatAgo, 0));
      return this;
    }

    Round saw(String agent, String endpoint, String address, State state, double rtt) {
      String region = beats.containsKey(agent) ? beats.get(agent).region() : "eu-west";
      observations.add(
          new Observation(agent, region, endpoint, ip(address), state, rtt, NOW - 500, "test"));
      return this;
    }

    Round saw(String agent, String endpoint, String address, State state) {
      return saw(agent, endpoint, address, state, Double.NaN);
    }

    Round override(String subject, Verb verb) {
      overrides.put(subject, new HealthOverride(subject, verb, "test", "ops", NOW - 1, 0));
      return this;
    }

    Consensus.Inputs inputs() {
      return new Consensus.Inputs(observations, beats, overrides);
    }
  }

  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Three agents in three regions, all fresh, all seeing every eu and us address as given. */
  static Round threeAgents(State dub1a, State dub1b, State dub1c) {
    Round r = new Round().agent("a", "eu-west", 100).agent("b", "us-east", 100).agent("c", "ap", 100);
    r.saw("a", "eu/dub-1", "192.0.2.10", dub1a)
        .saw("b", "eu/dub-1", "192.0.2.10", dub1b)
        .saw("c", "eu/dub-1", "192.0.2.10", dub1c);
    for (String agent : List.of("a", "b", "c")) {
      r.saw(agent, "eu/dub-2", "192.0.2.11", State.UP)
          .saw(agent, "eu/dub-3", "192.0.2.12", State.UP)
          .saw(agent, "eu/dub-3", "192.0.2.13", State.UP)
          .saw(agent, "us/iad-1", "198.51.100.10", State.UP)
          .saw(agent, "us/iad-2", "198.51.100.11", State.UP);
    }
    return r;
  }

  HealthState run(Round round, HealthState previous) {
    return consensus.next(policies, round.inputs(), previous, NOW);
  }

  EndpointHealth of(HealthState state, String key) {
    return state.endpoints().get(key);
  }

  @Test
  void majorityOfFreshAgentsDecides() {
    record Case(State a, State b, State c, Status expected) {}
    for (Case c :
        List.of(
            new Case(State.UP, State.UP, State.UP, Status.UP),
            new Case(State.UP, State.UP, State.DOWN, Status.UP),
            new Case(State.UP, State.DOWN, State.DOWN, Status.DOWN),
            new Case(State.DOWN, State.DOWN, State.DOWN, Status.DOWN),
            // undecided agents count for the quorum but do not vote: 1 of 1 decided sees it up
            new Case(State.UP, State.UNKNOWN, State.UNKNOWN, Status.UP),
            // a tie is not more than half
            new Case(State.UP, State.DOWN, State.UNKNOWN, Status.DOWN))) {
      EndpointHealth h = of(run(threeAgents(c.a, c.b, c.c), HealthState.EMPTY), "eu/dub-1");
      assertEquals(c.expected, h.status(), c.toString());
      assertEquals(Source.CONSENSUS, h.source(), c.toString());
      assertEquals(3, h.votes().size());
    }
  }

  @Test
  void quorumShareIsConfigurable() {
    Consensus strict =
        new Consensus(
            new HealthConfig(0.7, HealthConfig.DEFAULT.heartbeat(), HealthConfig.DEFAULT.staleAfter(),
                HealthConfig.DEFAULT.forgetAfter(), HealthConfig.DEFAULT.propagation(), "local"));
    HealthState s =
        strict.next(policies, threeAgents(State.UP, State.UP, State.DOWN).inputs(),
            HealthState.EMPTY, NOW);
    assertEquals(Status.DOWN, of(s, "eu/dub-1").status(), "2 of 3 is not more than 70 %");
  }

  @Test
  void staleAgentsDoNotVoteButQuorumHolds() {
    Round r = threeAgents(State.DOWN, State.UP, State.UP);
    r.agent("a", "eu-west", 10_000); // a's heartbeat is 10 s old: it no longer votes
    HealthState s = run(r, HealthState.EMPTY);
    EndpointHealth h = of(s, "eu/dub-1");
    assertEquals(Status.UP, h.status());
    assertEquals(Source.CONSENSUS, h.source());
    assertTrue(h.reason().contains("2 of 2 fresh agents"), h.reason());
    assertEquals(2, s.freshAgents());
    assertEquals(3, s.knownAgents());
  }

  @Test
  void withoutQuorumTheLastConsensusStands() {
    HealthState before = run(threeAgents(State.UP, State.UP, State.UP), HealthState.EMPTY);
    // this member now sees only agent c, which says down: 1 of 3 is no quorum
    Round cutOff = threeAgents(State.UP, State.UP, State.DOWN);
    cutOff.agent("a", "eu-west", 60_000).agent("b", "us-east", 60_000);
    HealthState after = run(cutOff, before);
    EndpointHealth h = of(after, "eu/dub-1");
    assertEquals(Status.UP, h.status(), "static stability: no flapping on the minority side");
    assertEquals(Source.STALE, h.source());
    assertTrue(h.reason().contains("1 of 3 agents fresh"), h.reason());
  }

  @Test
  void beforeTheFirstConsensusTheConfiguredStateStands() {
    Round nobody = new Round();
    HealthState s = run(nobody, HealthState.EMPTY);
    assertEquals(Status.UP, of(s, "eu/dub-1").status());
    assertEquals(Source.INITIAL, of(s, "eu/dub-1").source());
    // configured down, probed, no consensus yet: down until agents say otherwise
    assertEquals(Status.DOWN, of(s, "static/s2").status());
    assertEquals(Source.INITIAL, of(s, "static/s2").source());
    // not probed at all
    assertEquals(Status.DOWN, of(s, "static/s1").status());
    assertEquals(Source.CONFIGURED, of(s, "static/s1").source());
  }

  @Test
  void anEndpointIsUpOnlyWhenEveryAddressIs() {
    Round r = threeAgents(State.UP, State.UP, State.UP);
    r.observations.removeIf(o -> o.address().getHostAddress().equals("192.0.2.13"));
    for (String agent : List.of("a", "b", "c")) {
      r.saw(agent, "eu/dub-3", "192.0.2.13", State.DOWN);
    }
    EndpointHealth h = of(run(r, HealthState.EMPTY), "eu/dub-3");
    assertEquals(Status.DOWN, h.status());
    assertTrue(h.reason().contains("192.0.2.13: 0 of 3"), h.reason());
  }

  @Test
  void overridesBeatObservations() {
    HealthState s =
        run(
            threeAgents(State.DOWN, State.DOWN, State.DOWN)
                .override(HealthOverride.endpoint("eu/dub-1"), Verb.FORCE_UP)
                .override(HealthOverride.endpoint("eu/dub-2"), Verb.FORCE_DOWN)
                .override(HealthOverride.endpoint("us/iad-1"), Verb.DRAIN),
            HealthState.EMPTY);
    assertEquals(Status.UP, of(s, "eu/dub-1").status());
    assertEquals(Source.FORCED, of(s, "eu/dub-1").source());
    assertTrue(of(s, "eu/dub-1").reason().endsWith("observed: down"), of(s, "eu/dub-1").reason());
    assertEquals(Status.DOWN, of(s, "eu/dub-2").status());
    assertEquals(Status.DRAINED, of(s, "us/iad-1").status());
  }

  @Test
  void theStrongerOfEndpointAndRegionOverridesWins() {
    HealthState s =
        run(
            threeAgents(State.UP, State.UP, State.UP)
                .override(HealthOverride.region("eu-west"), Verb.DRAIN)
                .override(HealthOverride.endpoint("eu/dub-1"), Verb.FORCE_UP)
                .override(HealthOverride.endpoint("eu/dub-2"), Verb.FORCE_DOWN),
            HealthState.EMPTY);
    assertEquals(Status.DRAINED, of(s, "eu/dub-1").status(), "drain beats force-up");
    assertEquals(Status.DOWN, of(s, "eu/dub-2").status(), "force-down beats drain");
    assertEquals(Status.DRAINED, of(s, "eu/dub-3").status());
    assertEquals(Status.UP, of(s, "us/iad-1").status());
  }

  @Test
  void expiredOverridesNoLongerCount() {
    Round r = threeAgents(State.UP, State.UP, State.UP);
    String subject = HealthOverride.endpoint("eu/dub-1");
    r.overrides.put(subject, new HealthOverride(subject, Verb.FORCE_DOWN, "drill", "ops", 0, NOW - 1));
    assertEquals(Status.UP, of(run(r, HealthState.EMPTY), "eu/dub-1").status());
  }

  @Test
  void pausedMonitoringKeepsTheLastConsensus() {
    HealthState before = run(threeAgents(State.UP, State.UP, State.UP), HealthState.EMPTY);
    HealthState paused =
        run(
            threeAgents(State.DOWN, State.DOWN, State.DOWN)
                .override(HealthOverride.endpoint("eu/dub-1"), Verb.PAUSE),
            before);
    assertEquals(Status.UP, of(paused, "eu/dub-1").status());
    assertEquals(Source.PAUSED, of(paused, "eu/dub-1").source());
    // unpaused, the observations count again
    HealthState resumed = run(threeAgents(State.DOWN, State.DOWN, State.DOWN), paused);
    assertEquals(Status.DOWN, of(resumed, "eu/dub-1").status());
  }

  @Test
  void calculatedHealthTakesAPoolOrRegionDown() {
    // us needs 2 healthy: one down takes the other down too
    Round r = threeAgents(State.UP, State.UP, State.UP);
    r.observations.removeIf(o -> o.endpoint().equals("us/iad-2"));
    for (String agent : List.of("a", "b", "c")) {
      r.saw(agent, "us/iad-2", "198.51.100.11", State.DOWN);
    }
    HealthState s = run(r, HealthState.EMPTY);
    assertEquals(Status.DOWN, of(s, "us/iad-1").status());
    assertEquals(Source.CALCULATED, of(s, "us/iad-1").source());
    assertTrue(of(s, "us/iad-1").reason().startsWith("pool us has 1 healthy of 2, needs 2"),
        of(s, "us/iad-1").reason());
    // eu-west needs 2 of 3: dub-1 down leaves 2, still fine
    HealthState eu = run(threeAgents(State.DOWN, State.DOWN, State.DOWN), HealthState.EMPTY);
    assertEquals(Status.UP, of(eu, "eu/dub-2").status());
  }

  @Test
  void drainedEndpointsAreNoFailureForCalculatedHealth() {
    // draining one of the two us endpoints leaves one serving; needed becomes 1
    HealthState s =
        run(
            threeAgents(State.UP, State.UP, State.UP)
                .override(HealthOverride.endpoint("us/iad-2"), Verb.DRAIN),
            HealthState.EMPTY);
    assertEquals(Status.UP, of(s, "us/iad-1").status());
    assertEquals(Status.DRAINED, of(s, "us/iad-2").status());
  }

  @Test
  void rttIsTheMeanOfFreshUpAgentsPerRegion() {
    Round r = new Round().agent("a1", "eu-west", 100).agent("a2", "eu-west", 100)
        .agent("b", "us-east", 100).agent("old", "us-east", 60_000);
    r.saw("a1", "eu/dub-1", "192.0.2.10", State.UP, 2.0)
        .saw("a2", "eu/dub-1", "192.0.2.10", State.UP, 4.0)
        .saw("b", "eu/dub-1", "192.0.2.10", State.UP, 80.0)
        .saw("old", "eu/dub-1", "192.0.2.10", State.UP, 500.0);
    HealthState s = run(r, HealthState.EMPTY);
    HealthView view = s.project(policies);
    int id = policies.endpoints().stream().filter(e -> e.key().equals("eu/dub-1")).findFirst()
        .orElseThrow().id();
    assertEquals(3.0, view.rttMillis("eu-west", id), 1e-9);
    assertEquals(80.0, view.rttMillis("us-east", id), 1e-9);
    assertTrue(Double.isNaN(view.rttMillis("ap-south", id)));
  }

  @Test
  void sinceMovesOnlyWhenTheStatusChanges() {
    HealthState first = consensus.next(policies, threeAgents(State.UP, State.UP, State.UP).inputs(),
        HealthState.EMPTY, NOW - 5000);
    HealthState same = run(threeAgents(State.UP, State.UP, State.UP), first);
    assertEquals(NOW - 5000, of(same, "eu/dub-1").sinceEpochMillis());
    HealthState changed = run(threeAgents(State.DOWN, State.DOWN, State.UP), same);
    assertEquals(NOW, of(changed, "eu/dub-1").sinceEpochMillis());
  }

  @Test
  void theProjectionFollowsTheSnapshotIdsAndDrains() {
    HealthState s =
        run(
            threeAgents(State.DOWN, State.UP, State.DOWN)
                .override(HealthOverride.endpoint("eu/dub-2"), Verb.DRAIN),
            HealthState.EMPTY);
    HealthView view = new LiveHealth(s, policies).viewFor(policies);
    for (var e : policies.endpoints()) {
      EndpointHealth h = s.endpoints().get(e.key());
      assertEquals(h.up(), view.isUp(e.id()), e.key());
      assertEquals(h.status() == Status.DRAINED, view.isDrained(e.id()), e.key());
      assertEquals(h.describe(), view.describe(e.id()));
    }
    assertFalse(view.isUp(0));
  }
}
