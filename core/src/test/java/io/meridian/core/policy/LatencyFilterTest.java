package io.meridian.core.policy;

import static io.meridian.core.policy.PolicyFixtures.AP_SOUTH;
import static io.meridian.core.policy.PolicyFixtures.EU_WEST;
import static io.meridian.core.policy.PolicyFixtures.LONDON;
import static io.meridian.core.policy.PolicyFixtures.MUMBAI;
import static io.meridian.core.policy.PolicyFixtures.NEW_YORK;
import static io.meridian.core.policy.PolicyFixtures.NOWHERE;
import static io.meridian.core.policy.PolicyFixtures.NOWHERE_V6;
import static io.meridian.core.policy.PolicyFixtures.SAN_FRANCISCO_V6;
import static io.meridian.core.policy.PolicyFixtures.SAO_PAULO;
import static io.meridian.core.policy.PolicyFixtures.SA_EAST;
import static io.meridian.core.policy.PolicyFixtures.US_EAST;
import static io.meridian.core.policy.PolicyFixtures.endpoint;
import static io.meridian.core.policy.PolicyFixtures.keys;
import static io.meridian.core.policy.PolicyFixtures.labels;
import static io.meridian.core.policy.PolicyFixtures.query;
import static io.meridian.core.policy.PolicyFixtures.targets;
import static io.meridian.core.policy.PolicyFixtures.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.core.health.StaticHealth;
import io.meridian.geo.Countries;
import io.meridian.geo.GeoDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code latency}: the candidate with the lowest round-trip time from the client's measurement
 * region (the configured region nearest the client), measured ({@code StaticHealth} rtt) or, when
 * unmeasured, estimated at 1 ms per 100 km between the regions; an unknown client location keeps
 * every candidate.
 */
class LatencyFilterTest {

  static final double NAN = Double.NaN;

  @TempDir static Path dir;
  static LocationFilters locations;

  /** sa-east has no endpoint: it is only a place to measure from. */
  static final List<Region> REGIONS = List.of(EU_WEST, US_EAST, AP_SOUTH, SA_EAST);

  static final Endpoint DUB = endpoint(0, "eu/dub-1", EU_WEST, "192.0.2.10");
  static final Endpoint IAD = endpoint(1, "us/iad-1", US_EAST, "198.51.100.10");
  static final Endpoint BOM = endpoint(2, "ap/bom-1", AP_SOUTH, "203.0.113.10");
  static final List<Target> TARGETS = targets(to(DUB), to(IAD), to(BOM));

  @BeforeAll
  static void database() {
    GeoDatabase db = PolicyFixtures.cityDatabase(dir);
    locations = new LocationFilters(() -> db);
  }

  /** RTTs by endpoint id (dub, iad, bom), NaN where unmeasured, from the named regions. */
  static StaticHealth rtt(boolean[] up, Map<String, double[]> fromRegions) {
    return new StaticHealth(up, fromRegions);
  }

  static final boolean[] ALL_UP = {true, true, true};

  /** eu-west measured all but bom; us-east measured iad and bom; nobody measured from ap/sa. */
  static final Map<String, double[]> MEASURED =
      Map.of("eu-west", new double[] {5, 70, NAN}, "us-east", new double[] {NAN, 2, 200});

  record Case(
      String name, String client, boolean[] up, Map<String, double[]> rtt, List<String> answer) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("London, from eu-west: dub 5 ms", LONDON, ALL_UP, MEASURED, List.of("eu/dub-1")),
        new Case(
            "London, dub down: iad 70 ms measured beats bom ~83 ms estimated",
            LONDON,
            new boolean[] {false, true, true},
            MEASURED,
            List.of("us/iad-1")),
        new Case(
            "New York, from us-east: iad 2 ms", NEW_YORK, ALL_UP, MEASURED, List.of("us/iad-1")),
        new Case(
            "New York, iad down: dub ~55 ms estimated beats bom 200 ms measured",
            NEW_YORK,
            new boolean[] {true, false, true},
            MEASURED,
            List.of("eu/dub-1")),
        new Case(
            "a measurement beats the distance: bom 1 ms from us-east",
            NEW_YORK,
            ALL_UP,
            Map.of("us-east", new double[] {NAN, 50, 1}),
            List.of("ap/bom-1")),
        new Case(
            "Mumbai, nothing measured: same region, 0 km",
            MUMBAI,
            ALL_UP,
            MEASURED,
            List.of("ap/bom-1")),
        new Case(
            "Sao Paulo measures from sa-east (no endpoints there): iad is nearer than dub",
            SAO_PAULO,
            ALL_UP,
            MEASURED,
            List.of("us/iad-1")),
        new Case(
            "IPv6 client in California: from us-east",
            SAN_FRANCISCO_V6,
            ALL_UP,
            MEASURED,
            List.of("us/iad-1")),
        new Case(
            "unknown location keeps all",
            NOWHERE,
            ALL_UP,
            MEASURED,
            List.of("eu/dub-1", "us/iad-1", "ap/bom-1")),
        new Case(
            "unknown IPv6 location keeps all",
            NOWHERE_V6,
            ALL_UP,
            MEASURED,
            List.of("eu/dub-1", "us/iad-1", "ap/bom-1")),
        new Case(
            "all down: fail open, lowest of all",
            LONDON,
            new boolean[] {false, false, false},
            MEASURED,
            List.of("eu/dub-1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void lowestRoundTripFromTheClientsRegion(Case c) {
    Policy policy =
        new Policy(
            0,
            "fast",
            TARGETS,
            List.of(Filters.up(), locations.latency(TARGETS, REGIONS)),
            WhenAllDown.OPEN,
            List.of());
    assertEquals(c.answer(), keys(query(c.client(), rtt(c.up(), c.rtt())).decide(policy)));
  }

  @Test
  void theEstimateIsOneMillisecondPer100Kilometres() {
    // from us-east, unmeasured: dub at d(us-east, eu-west)/100 ms, bom at d(us-east, ap-south)/100;
    // a measured iad just below / just above dub's estimate decides which one wins
    double dub =
        Countries.distanceKm(
                US_EAST.latitude(), US_EAST.longitude(), EU_WEST.latitude(), EU_WEST.longitude())
            / 100;
    assertTrue(dub > 50 && dub < 60, "Washington-Dublin is about 5,500 km: " + dub);
    Filter latency = locations.latency(TARGETS, REGIONS);
    for (double delta : new double[] {-0.01, +0.01}) {
      StaticHealth health = rtt(ALL_UP, Map.of("us-east", new double[] {NAN, dub + delta, NAN}));
      assertEquals(
          List.of(delta < 0 ? "us/iad-1" : "eu/dub-1"),
          labels(PolicyFixtures.apply(latency, TARGETS, query(NEW_YORK, health))),
          "iad measured at " + (dub + delta) + " ms");
    }
  }

  @Test
  void oneCandidateIsKeptAsItIs() {
    Filter latency = locations.latency(TARGETS, REGIONS);
    assertEquals(
        List.of("ap/bom-1"),
        labels(
            PolicyFixtures.apply(
                latency, TARGETS, TARGETS.subList(2, 3), query(LONDON, rtt(ALL_UP, MEASURED)))));
    assertEquals(
        List.of(),
        labels(
            PolicyFixtures.apply(
                latency, TARGETS, List.of(), query(LONDON, rtt(ALL_UP, MEASURED)))));
  }

  @Test
  void equalTimesAreAllKept() {
    // as in geoproximity: two unmeasured endpoints in one region are at the same estimated time,
    // and both stay candidates for a later step (weighted, first-n) to choose from
    Endpoint dub2 = endpoint(3, "eu/dub-2", EU_WEST, "192.0.2.11");
    List<Target> targets = targets(to(DUB), to(dub2), to(IAD));
    StaticHealth health = new StaticHealth(new boolean[] {true, true, true, true}, Map.of());
    assertEquals(
        List.of("eu/dub-1", "eu/dub-2"),
        labels(
            PolicyFixtures.apply(
                locations.latency(targets, REGIONS), targets, query(LONDON, health))));
  }
}
