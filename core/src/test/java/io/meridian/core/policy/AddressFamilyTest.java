package io.meridian.core.policy;

import static io.meridian.core.policy.PolicyFixtures.allUp;
import static io.meridian.core.policy.PolicyFixtures.cnameEndpoint;
import static io.meridian.core.policy.PolicyFixtures.endpoint;
import static io.meridian.core.policy.PolicyFixtures.healthWithDown;
import static io.meridian.core.policy.PolicyFixtures.keys;
import static io.meridian.core.policy.PolicyFixtures.labels;
import static io.meridian.core.policy.PolicyFixtures.query;
import static io.meridian.core.policy.PolicyFixtures.targets;
import static io.meridian.core.policy.PolicyFixtures.to;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.core.health.HealthView;
import io.meridian.geo.GeoDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A and AAAA: a target without an address of the asked family is no candidate at all (it neither
 * answers nor counts for health); CNAME endpoints serve both; a nested policy serves a family when
 * one of its targets does.
 */
class AddressFamilyTest {

  static final Endpoint V4 = endpoint(0, "p/v4", "192.0.2.1");
  static final Endpoint V6 = endpoint(1, "p/v6", "2001:db8::1");
  static final Endpoint DUAL = endpoint(2, "p/dual", "192.0.2.2", "2001:db8::2");
  static final Endpoint ALIAS = cnameEndpoint(3, "p/alias", "cdn.example.net.");
  static final Endpoint.AddressFamily A = Endpoint.AddressFamily.IPV4;
  static final Endpoint.AddressFamily AAAA = Endpoint.AddressFamily.IPV6;

  record Case(
      String name,
      Endpoint.AddressFamily family,
      int[] down,
      List<String> answer,
      boolean healthy) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "A: IPv4, dual-stack, CNAME",
            A,
            new int[0],
            List.of("p/v4", "p/dual", "p/alias"),
            true),
        new Case(
            "AAAA: IPv6, dual-stack, CNAME",
            AAAA,
            new int[0],
            List.of("p/v6", "p/dual", "p/alias"),
            true),
        new Case(
            "AAAA: a down IPv6-less endpoint does not matter",
            AAAA,
            new int[] {0},
            List.of("p/v6", "p/dual", "p/alias"),
            true),
        new Case("A: the IPv4 one down", A, new int[] {0}, List.of("p/dual", "p/alias"), true),
        new Case(
            "AAAA: all AAAA candidates down, the IPv4 one up: fail open among AAAA candidates",
            AAAA,
            new int[] {1, 2, 3},
            List.of("p/v6", "p/dual", "p/alias"),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void onlyTargetsOfTheFamilyAreCandidates(Case c) {
    List<Target> targets = targets(to(V4), to(V6), to(DUAL), to(ALIAS));
    Policy policy = new Policy(0, "p", targets, List.of(Filters.up()), WhenAllDown.OPEN, List.of());
    assertEquals(List.of("p/v4", "p/dual", "p/alias"), labels(policy.targets(A)), "A candidates");
    assertEquals(
        List.of("p/v6", "p/dual", "p/alias"), labels(policy.targets(AAAA)), "AAAA candidates");
    Decision d = query("192.0.2.99", c.family(), healthWithDown(4, c.down())).decide(policy);
    assertEquals(c.answer(), keys(d));
    assertEquals(c.healthy(), d.healthy());
  }

  @Test
  void noCandidateOfTheFamilyIsNodataNotFailure() {
    List<Target> targets = targets(to(V4));
    Policy policy =
        new Policy(0, "v4only", targets, List.of(Filters.up()), WhenAllDown.CLOSED, List.of());
    assertEquals(Decision.Kind.NODATA, query("192.0.2.99", AAAA, allUp(4)).decide(policy).kind());
    assertEquals(List.of("p/v4"), keys(query("192.0.2.99", A, allUp(4)).decide(policy)));
  }

  @Test
  void weightedPicksOnlyAmongTheFamily() {
    // the IPv4-only endpoint weighs 1000: AAAA queries still never get it
    List<Target> targets = targets(to(V4).weight(1000), to(DUAL).weight(1));
    Policy policy =
        new Policy(
            0,
            "w",
            targets,
            List.of(Filters.up(), Filters.weighted()),
            WhenAllDown.OPEN,
            List.of());
    for (long seed = 0; seed < 50; seed++) {
      assertEquals(
          List.of("p/dual"), keys(query("192.0.2.99", AAAA, allUp(4), seed, null).decide(policy)));
    }
  }

  @Test
  void aNestedPolicyWithoutTheFamilyIsNoCandidate() {
    Policy v4only =
        new Policy(
            0, "v4only", targets(to(V4)), List.of(Filters.up()), WhenAllDown.OPEN, List.of());
    List<Target> targets = targets(to(v4only).priority(1), to(DUAL).priority(2));
    Policy failover =
        new Policy(
            1,
            "failover",
            targets,
            List.of(Filters.up(), Filters.priority()),
            WhenAllDown.OPEN,
            List.of());
    assertEquals(List.of("p/v4"), keys(query("192.0.2.99", A, allUp(4)).decide(failover)));
    assertEquals(
        List.of("p/dual"),
        keys(query("192.0.2.99", AAAA, allUp(4)).decide(failover)),
        "the v4-only child is healthy but serves no AAAA");
    assertEquals(List.of("policy:v4only", "p/dual"), labels(failover.targets(A)));
    assertEquals(List.of("p/dual"), labels(failover.targets(AAAA)));
  }

  @TempDir Path dir;

  @Test
  void geoSkipsATierWithoutTheFamily() {
    GeoDatabase db = PolicyFixtures.cityDatabase(dir);
    LocationFilters locations = new LocationFilters(() -> db);
    List<Target> targets = targets(to(V4).geo("US-CA"), to(DUAL).geo("default"));
    Policy geo =
        new Policy(
            0,
            "geo",
            targets,
            List.of(Filters.up(), locations.geo(targets)),
            WhenAllDown.OPEN,
            List.of());
    HealthView health = allUp(4);
    assertEquals(List.of("p/v4"), keys(query(PolicyFixtures.SAN_FRANCISCO, A, health).decide(geo)));
    Decision aaaa = query(PolicyFixtures.SAN_FRANCISCO, AAAA, health).decide(geo);
    assertEquals(List.of("p/dual"), keys(aaaa), "no IPv6 in US-CA: the default tier");
    assertEquals(true, aaaa.healthy());
  }
}
