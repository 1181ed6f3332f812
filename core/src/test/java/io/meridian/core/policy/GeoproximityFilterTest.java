package io.meridian.core.policy;

import static io.meridian.core.policy.PolicyFixtures.AP_SOUTH;
import static io.meridian.core.policy.PolicyFixtures.BERLIN;
import static io.meridian.core.policy.PolicyFixtures.EU_WEST;
import static io.meridian.core.policy.PolicyFixtures.HOUSTON;
import static io.meridian.core.policy.PolicyFixtures.KANSAS;
import static io.meridian.core.policy.PolicyFixtures.LONDON;
import static io.meridian.core.policy.PolicyFixtures.LONDON_V6;
import static io.meridian.core.policy.PolicyFixtures.MONTREAL;
import static io.meridian.core.policy.PolicyFixtures.MUMBAI;
import static io.meridian.core.policy.PolicyFixtures.NEW_YORK;
import static io.meridian.core.policy.PolicyFixtures.NOWHERE;
import static io.meridian.core.policy.PolicyFixtures.NOWHERE_V6;
import static io.meridian.core.policy.PolicyFixtures.REYKJAVIK;
import static io.meridian.core.policy.PolicyFixtures.SAN_FRANCISCO;
import static io.meridian.core.policy.PolicyFixtures.SAO_PAULO;
import static io.meridian.core.policy.PolicyFixtures.US_EAST;
import static io.meridian.core.policy.PolicyFixtures.allUp;
import static io.meridian.core.policy.PolicyFixtures.endpoint;
import static io.meridian.core.policy.PolicyFixtures.healthWithDown;
import static io.meridian.core.policy.PolicyFixtures.keys;
import static io.meridian.core.policy.PolicyFixtures.labels;
import static io.meridian.core.policy.PolicyFixtures.query;
import static io.meridian.core.policy.PolicyFixtures.targets;
import static io.meridian.core.policy.PolicyFixtures.to;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.geo.Countries;
import io.meridian.geo.GeoDatabase;
import io.meridian.geo.Location;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code geoproximity}: the candidates whose region is nearest the client by great-circle distance,
 * with Route 53's bias (biased distance = distance × (1 − bias/100)); ties are all kept; an unknown
 * location keeps everything.
 */
class GeoproximityFilterTest {

  @TempDir static Path dir;
  static GeoDatabase db;
  static LocationFilters locations;

  static final Endpoint DUB_1 = endpoint(0, "eu/dub-1", EU_WEST, "192.0.2.10");
  static final Endpoint DUB_2 = endpoint(1, "eu/dub-2", EU_WEST, "192.0.2.11");
  static final Endpoint IAD = endpoint(2, "us/iad-1", US_EAST, "198.51.100.10");
  static final Endpoint BOM = endpoint(3, "ap/bom-1", AP_SOUTH, "203.0.113.10");

  static final List<String> CLIENTS =
      List.of(
          SAN_FRANCISCO,
          NEW_YORK,
          HOUSTON,
          MONTREAL,
          LONDON,
          BERLIN,
          MUMBAI,
          REYKJAVIK,
          SAO_PAULO,
          KANSAS,
          LONDON_V6,
          NOWHERE,
          NOWHERE_V6);

  @BeforeAll
  static void database() {
    db = PolicyFixtures.cityDatabase(dir);
    locations = new LocationFilters(() -> db);
  }

  static List<Target> withBias(int dub, int iad, int bom) {
    return targets(to(DUB_1).bias(dub), to(DUB_2).bias(dub), to(IAD).bias(iad), to(BOM).bias(bom));
  }

  record Case(String name, String client, List<Target> targets, int[] down, List<String> answer) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case near(String name, String client, String... answer) {
    return new Case(name, client, withBias(0, 0, 0), new int[0], List.of(answer));
  }

  static Stream<Case> cases() {
    return Stream.of(
        near("London: Dublin, both endpoints (a tie)", LONDON, "eu/dub-1", "eu/dub-2"),
        near("Berlin: Dublin", BERLIN, "eu/dub-1", "eu/dub-2"),
        near("New York: Washington", NEW_YORK, "us/iad-1"),
        near("San Francisco: Washington", SAN_FRANCISCO, "us/iad-1"),
        near("Mumbai: Mumbai", MUMBAI, "ap/bom-1"),
        near("Sao Paulo: Washington", SAO_PAULO, "us/iad-1"),
        near("Reykjavik, unbiased: Dublin", REYKJAVIK, "eu/dub-1", "eu/dub-2"),
        near("IPv6 London: Dublin", LONDON_V6, "eu/dub-1", "eu/dub-2"),
        near(
            "unknown location: everything",
            NOWHERE,
            "eu/dub-1",
            "eu/dub-2",
            "us/iad-1",
            "ap/bom-1"),
        near(
            "unknown IPv6 location: everything",
            NOWHERE_V6,
            "eu/dub-1",
            "eu/dub-2",
            "us/iad-1",
            "ap/bom-1"),
        // Reykjavik-Dublin is about 1,500 km, Reykjavik-Washington about 4,500 km
        new Case(
            "Reykjavik, Washington bias 60: still Dublin",
            REYKJAVIK,
            withBias(0, 60, 0),
            new int[0],
            List.of("eu/dub-1", "eu/dub-2")),
        new Case(
            "Reykjavik, Washington bias 70: Washington",
            REYKJAVIK,
            withBias(0, 70, 0),
            new int[0],
            List.of("us/iad-1")),
        new Case(
            "Reykjavik, Dublin bias -99 (x1.99): still Dublin",
            REYKJAVIK,
            withBias(-99, 0, 0),
            new int[0],
            List.of("eu/dub-1", "eu/dub-2")),
        new Case(
            "London, Mumbai bias 99 (x0.01): Mumbai",
            LONDON,
            withBias(0, 0, 99),
            new int[0],
            List.of("ap/bom-1")),
        new Case(
            "Dublin down: the next nearest",
            LONDON,
            withBias(0, 0, 0),
            new int[] {0, 1},
            List.of("us/iad-1")),
        new Case(
            "one Dublin endpoint down: the other",
            LONDON,
            withBias(0, 0, 0),
            new int[] {0},
            List.of("eu/dub-2")),
        new Case(
            "all down: fail open to the nearest",
            MUMBAI,
            withBias(0, 0, 0),
            new int[] {0, 1, 2, 3},
            List.of("ap/bom-1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void nearestBiasedRegionWins(Case c) {
    Policy policy =
        new Policy(
            0,
            "near",
            c.targets(),
            List.of(Filters.up(), locations.geoproximity(c.targets())),
            WhenAllDown.OPEN,
            List.of());
    Decision decision = query(c.client(), healthWithDown(4, c.down())).decide(policy);
    assertEquals(c.answer(), keys(decision));
  }

  /** An independent computation of Route 53's biased distance, for every client and bias mix. */
  @Test
  void agreesWithTheBiasedDistanceFormulaEverywhere() throws Exception {
    int[][] biases = {
      {0, 0, 0}, {0, 70, 0}, {-50, 50, 0}, {25, -25, 90}, {-99, -99, 99}, {10, 10, 10}
    };
    for (int[] bias : biases) {
      List<Target> targets = withBias(bias[0], bias[1], bias[2]);
      Filter near = locations.geoproximity(targets);
      for (String client : CLIENTS) {
        Location where = db.lookup(InetAddress.getByName(client)).location();
        List<String> expected = new ArrayList<>();
        double best = Double.MAX_VALUE;
        for (Target t : targets) {
          double d =
              where.hasCoordinates()
                  ? Countries.distanceKm(
                          where.latitude(),
                          where.longitude(),
                          t.region().latitude(),
                          t.region().longitude())
                      * (1 - t.bias() / 100.0)
                  : 0;
          if (d < best - 1e-9) {
            best = d;
            expected.clear();
          }
          if (Math.abs(d - best) <= 1e-9) {
            expected.add(t.label());
          }
        }
        List<String> got = labels(PolicyFixtures.apply(near, targets, query(client, allUp(4))));
        assertEquals(expected, got, client + " with biases " + java.util.Arrays.toString(bias));
      }
    }
  }

  @Test
  void ranksCountOnlyTheCandidatesLeft() {
    // Mumbai without the Mumbai candidate: the nearest of those left (Dublin, ~7,200 km vs ~13,000)
    List<Target> targets = withBias(0, 0, 0);
    List<String> out =
        labels(
            PolicyFixtures.apply(
                locations.geoproximity(targets),
                targets,
                targets.subList(0, 3),
                query(MUMBAI, allUp(4))));
    assertEquals(List.of("eu/dub-1", "eu/dub-2"), out);
    assertEquals(
        List.of(),
        labels(
            PolicyFixtures.apply(
                locations.geoproximity(targets), targets, List.of(), query(MUMBAI, allUp(4)))),
        "nothing in, nothing out");
  }

  @Test
  void aTargetRegionOverridesItsEndpointsRegion() {
    // dub-1 placed in ap-south for this policy only
    List<Target> targets = targets(to(DUB_1).region(AP_SOUTH), to(IAD));
    assertEquals(
        List.of("eu/dub-1"),
        labels(
            PolicyFixtures.apply(
                locations.geoproximity(targets), targets, query(MUMBAI, allUp(4)))));
  }
}
