package io.meridian.core.policy;

import static io.meridian.core.policy.PolicyFixtures.allUp;
import static io.meridian.core.policy.PolicyFixtures.bytes;
import static io.meridian.core.policy.PolicyFixtures.endpoint;
import static io.meridian.core.policy.PolicyFixtures.healthWithDown;
import static io.meridian.core.policy.PolicyFixtures.keys;
import static io.meridian.core.policy.PolicyFixtures.labels;
import static io.meridian.core.policy.PolicyFixtures.query;
import static io.meridian.core.policy.PolicyFixtures.targets;
import static io.meridian.core.policy.PolicyFixtures.to;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.geo.PrefixMaps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code cidr} ({@code routing: ip}): the client's most specific named network (longest prefix)
 * picks the targets tagged with that name; otherwise, or when those are down, the {@code default}
 * ones. IPv4 and IPv6 networks.
 */
class CidrFilterTest {

  /** No geo database: cidr must not ask for one. */
  static final LocationFilters LOCATIONS =
      new LocationFilters(
          () -> {
            throw new AssertionError("cidr routing needs no geo database");
          });

  static final Map<PrefixMaps.Network, String> NETWORKS = new LinkedHashMap<>();

  static {
    NETWORKS.put(network("10.0.0.0", 8), "office");
    NETWORKS.put(network("10.1.0.0", 16), "lab");
    NETWORKS.put(network("10.1.2.0", 24), "office"); // an office desk inside the lab
    NETWORKS.put(network("192.0.2.128", 25), "vpn");
    NETWORKS.put(network("2001:db8:1::", 48), "office");
    NETWORKS.put(network("2001:db8:1:2::", 64), "lab");
  }

  static PrefixMaps.Network network(String address, int length) {
    return new PrefixMaps.Network(bytes(address), length);
  }

  static final Endpoint OFFICE = endpoint(0, "p/office", "198.51.100.1");
  static final Endpoint LAB = endpoint(1, "p/lab", "198.51.100.2");
  static final Endpoint BOTH = endpoint(2, "p/both", "198.51.100.3");
  static final Endpoint DEFAULT = endpoint(3, "p/default", "198.51.100.4");
  static final Endpoint VPN = endpoint(4, "p/vpn", "198.51.100.5");

  static final List<Target> TARGETS =
      targets(
          to(OFFICE).cidr("office"),
          to(LAB).cidr("lab"),
          to(BOTH).cidr("office", "lab"),
          to(DEFAULT).cidr("default"),
          to(VPN).cidr("vpn"));

  /**
   * @param scope the ECS scope: the prefix over which the answer is constant, e.g. 21 for 10.1.9.9
   *     (10.1.8.0/21 is all lab: the office /24 at 10.1.2.0 splits the lab /16)
   */
  record Case(String name, String client, int[] down, List<String> answer, int scope) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case up(String name, String client, List<String> answer, int scope) {
    return new Case(name, client, new int[0], answer, scope);
  }

  static Stream<Case> cases() {
    List<String> office = List.of("p/office", "p/both");
    List<String> lab = List.of("p/lab", "p/both");
    return Stream.of(
        up("office /8", "10.200.0.1", office, 9),
        up("lab /16 beats office /8", "10.1.9.9", lab, 21),
        up("office /24 inside the lab /16", "10.1.2.3", office, 24),
        up("vpn /25", "192.0.2.200", List.of("p/vpn"), 25),
        up("next to the vpn /25: default", "192.0.2.1", List.of("p/default"), 25),
        up("no network: default", "198.18.0.1", List.of("p/default"), 6),
        up("IPv6 office /48", "2001:db8:1:ff::1", office, 57),
        up("IPv6 lab /64 beats office /48", "2001:db8:1:2::1", lab, 64),
        up("IPv6 no network: default", "2001:db8:2::1", List.of("p/default"), 47),
        new Case(
            "lab targets down: default, not the office",
            "10.1.9.9",
            new int[] {1, 2},
            List.of("p/default"),
            21),
        new Case(
            "one lab target down: the other", "10.1.9.9", new int[] {1}, List.of("p/both"), 21),
        new Case("all down: fail open to the lab", "10.1.9.9", new int[] {0, 1, 2, 3, 4}, lab, 21));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void longestPrefixThenDefault(Case c) {
    Policy policy =
        new Policy(
            0,
            "ip",
            TARGETS,
            List.of(Filters.up(), LOCATIONS.cidr(TARGETS, NETWORKS)),
            WhenAllDown.OPEN,
            List.of());
    QueryContext query = query(c.client(), healthWithDown(5, c.down()));
    Decision decision = query.decide(policy);
    assertEquals(c.answer(), keys(decision));
    assertEquals(c.down().length < 5, decision.healthy());
    assertEquals(c.scope(), query.scope(), "ECS scope");
  }

  @Test
  void withoutADefaultTargetClientsOutsideEveryNetworkGetNothing() {
    List<Target> targets = TARGETS.subList(0, 3);
    Filter cidr = LOCATIONS.cidr(targets, NETWORKS);
    assertEquals(
        List.of(), labels(PolicyFixtures.apply(cidr, targets, query("198.18.0.1", allUp(5)))));
    assertEquals(
        List.of(),
        labels(PolicyFixtures.apply(cidr, targets, query("192.0.2.200", allUp(5)))),
        "vpn has no target here");
    Policy policy =
        new Policy(0, "ip", targets, List.of(Filters.up(), cidr), WhenAllDown.OPEN, List.of());
    assertEquals(Decision.Kind.NODATA, query("198.18.0.1", allUp(5)).decide(policy).kind());
  }

  @Test
  void noNamedNetworksAtAllMeansDefaultForEveryone() {
    Filter cidr = LOCATIONS.cidr(TARGETS, Map.of());
    QueryContext query = query("10.1.2.3", allUp(5));
    assertEquals(List.of("p/default"), labels(PolicyFixtures.apply(cidr, TARGETS, query)));
    assertEquals(0, query.scope(), "nothing depends on the client");
  }

  @Test
  void sourcePrefixLimitsTheBitsRead() {
    Filter cidr = LOCATIONS.cidr(TARGETS, NETWORKS);
    byte[] lab = bytes("10.1.9.9");
    // ECS 10.1.9.9/8: only 10.0.0.0 is read, which is office (the lab needs 16 bits); a scope
    // longer than the source says the answer needed more bits than were given (RFC 7871 7.2.1)
    for (int[] sourceAndScope : new int[][] {{8, 16}, {15, 16}, {16, 23}, {24, 21}, {32, 21}}) {
      QueryContext query =
          new QueryContext(
              lab,
              sourceAndScope[0],
              Endpoint.AddressFamily.IPV4,
              allUp(5),
              PolicyFixtures.random(1),
              null,
              1);
      List<String> out = labels(PolicyFixtures.apply(cidr, TARGETS, query));
      assertEquals(
          sourceAndScope[0] >= 16 ? List.of("p/lab", "p/both") : List.of("p/office", "p/both"),
          out,
          "source /" + sourceAndScope[0]);
      assertEquals(sourceAndScope[1], query.scope(), "scope for source /" + sourceAndScope[0]);
    }
  }
}
