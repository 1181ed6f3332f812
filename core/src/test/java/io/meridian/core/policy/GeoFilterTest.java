package io.meridian.core.policy;

import static io.meridian.core.policy.PolicyFixtures.BERLIN;
import static io.meridian.core.policy.PolicyFixtures.HOUSTON;
import static io.meridian.core.policy.PolicyFixtures.KANSAS;
import static io.meridian.core.policy.PolicyFixtures.LONDON;
import static io.meridian.core.policy.PolicyFixtures.LONDON_V6;
import static io.meridian.core.policy.PolicyFixtures.MONTREAL;
import static io.meridian.core.policy.PolicyFixtures.MUMBAI;
import static io.meridian.core.policy.PolicyFixtures.NEW_YORK;
import static io.meridian.core.policy.PolicyFixtures.NEW_YORK_V6;
import static io.meridian.core.policy.PolicyFixtures.NOWHERE;
import static io.meridian.core.policy.PolicyFixtures.NOWHERE_V6;
import static io.meridian.core.policy.PolicyFixtures.REYKJAVIK;
import static io.meridian.core.policy.PolicyFixtures.SAN_FRANCISCO;
import static io.meridian.core.policy.PolicyFixtures.SAN_FRANCISCO_V6;
import static io.meridian.core.policy.PolicyFixtures.allUp;
import static io.meridian.core.policy.PolicyFixtures.endpoint;
import static io.meridian.core.policy.PolicyFixtures.healthWithDown;
import static io.meridian.core.policy.PolicyFixtures.keys;
import static io.meridian.core.policy.PolicyFixtures.labels;
import static io.meridian.core.policy.PolicyFixtures.query;
import static io.meridian.core.policy.PolicyFixtures.targets;
import static io.meridian.core.policy.PolicyFixtures.to;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.core.health.StaticHealth;
import io.meridian.geo.GeoDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code geo}: the most specific tier that has a candidate wins (subdivision, country, continent,
 * default); after {@code up}, an unhealthy tier gives way to the next; no tier and no default:
 * nothing (NODATA). Clients come from a City database with subdivisions and IPv6 networks.
 */
class GeoFilterTest {

  @TempDir static Path dir;
  static GeoDatabase db;
  static LocationFilters locations;

  static final Endpoint CA = endpoint(0, "geo/us-ca", "192.0.2.1", "2001:db8:100::1");
  static final Endpoint NY = endpoint(1, "geo/us-ny", "192.0.2.2", "2001:db8:100::2");
  static final Endpoint US = endpoint(2, "geo/us", "192.0.2.3", "2001:db8:100::3");
  static final Endpoint NA = endpoint(3, "geo/na", "192.0.2.4", "2001:db8:100::4");
  static final Endpoint DEFAULT = endpoint(4, "geo/default", "192.0.2.5", "2001:db8:100::5");
  static final Endpoint DACH = endpoint(5, "geo/de-at-ch", "192.0.2.6", "2001:db8:100::6");

  /** Tagged with the gslb example's spellings: subdivision, country, continent:, default. */
  static final List<Target> TARGETS =
      targets(
          to(CA).geo("US-CA"),
          to(NY).geo("us-ny"),
          to(US).geo("US"),
          to(NA).geo("continent:NA"),
          to(DEFAULT).geo("default"),
          to(DACH).geo("DE", "country:AT", "CH"));

  @BeforeAll
  static void database() {
    db = PolicyFixtures.cityDatabase(dir);
    locations = new LocationFilters(() -> db);
  }

  record Case(String name, String client, int[] down, List<String> answer, boolean healthy) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case up(String name, String client, String answer) {
    return new Case(name, client, new int[0], List.of(answer), true);
  }

  static Case down(String name, String client, int[] down, String answer, boolean healthy) {
    return new Case(name, client, down, List.of(answer), healthy);
  }

  static Stream<Case> cases() {
    return Stream.of(
        up("subdivision US-CA", SAN_FRANCISCO, "geo/us-ca"),
        up("subdivision US-NY (tag in lower case)", NEW_YORK, "geo/us-ny"),
        up("US-TX has no target: country US", HOUSTON, "geo/us"),
        up("US without subdivision: country", KANSAS, "geo/us"),
        up("Canada: continent NA", MONTREAL, "geo/na"),
        up("GB: default", LONDON, "geo/default"),
        up("DE: one of a target's several countries", BERLIN, "geo/de-at-ch"),
        up("IN: default", MUMBAI, "geo/default"),
        up("IS: default", REYKJAVIK, "geo/default"),
        up("not in the database: default", NOWHERE, "geo/default"),
        up("IPv6 client in US-CA", SAN_FRANCISCO_V6, "geo/us-ca"),
        up("IPv6 client in US-NY", NEW_YORK_V6, "geo/us-ny"),
        up("IPv6 client in GB: default", LONDON_V6, "geo/default"),
        up("IPv6 client not in the database: default", NOWHERE_V6, "geo/default"),
        up("IPv4-mapped IPv6 client: as IPv4", "::ffff:10.1.0.1", "geo/us-ca"),
        down("US-CA down: country", SAN_FRANCISCO, new int[] {0}, "geo/us", true),
        down("US-CA and US down: continent", SAN_FRANCISCO, new int[] {0, 2}, "geo/na", true),
        down(
            "US-CA, US, NA down: default", SAN_FRANCISCO, new int[] {0, 2, 3}, "geo/default", true),
        down("US-NY down does not matter in CA", SAN_FRANCISCO, new int[] {1}, "geo/us-ca", true),
        down(
            "all down: fail open to the most specific",
            SAN_FRANCISCO,
            new int[] {0, 1, 2, 3, 4, 5},
            "geo/us-ca",
            false),
        down(
            "all down, Canada: continent",
            MONTREAL,
            new int[] {0, 1, 2, 3, 4, 5},
            "geo/na",
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void mostSpecificHealthyTierWins(Case c) {
    Policy policy =
        new Policy(
            0,
            "geo",
            TARGETS,
            List.of(Filters.up(), locations.geo(TARGETS)),
            WhenAllDown.OPEN,
            List.of());
    StaticHealth health = healthWithDown(6, c.down());
    Decision decision = query(c.client(), health).decide(policy);
    assertEquals(Decision.Kind.ANSWER, decision.kind());
    assertEquals(c.answer(), keys(decision));
    assertEquals(c.healthy(), decision.healthy());
    Decision aaaa = query(c.client(), Endpoint.AddressFamily.IPV6, health).decide(policy);
    assertEquals(c.answer(), keys(aaaa), "AAAA: every target is dual-stack");
  }

  record FilterCase(String name, String client, List<Integer> candidates, List<String> out) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<FilterCase> filterCases() {
    List<Integer> all = List.of(0, 1, 2, 3, 4, 5);
    return Stream.of(
        new FilterCase("all in, CA", SAN_FRANCISCO, all, List.of("geo/us-ca")),
        new FilterCase("no CA candidate", SAN_FRANCISCO, List.of(1, 2, 3, 4), List.of("geo/us")),
        new FilterCase(
            "only unrelated tiers and default",
            SAN_FRANCISCO,
            List.of(1, 4, 5),
            List.of("geo/default")),
        new FilterCase(
            "nothing for the client, no default", SAN_FRANCISCO, List.of(1, 5), List.of()),
        new FilterCase("nothing for GB without default", LONDON, List.of(0, 1, 2, 3, 5), List.of()),
        new FilterCase("nothing in, nothing out", SAN_FRANCISCO, List.of(), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filterCases")
  void keepsTheFirstTierWithACandidate(FilterCase c) {
    List<Target> in = c.candidates().stream().map(TARGETS::get).toList();
    assertEquals(
        c.out(),
        labels(
            PolicyFixtures.apply(
                locations.geo(TARGETS), TARGETS, in, query(c.client(), allUp(6)))));
  }

  @Test
  void severalTargetsInOneTierAreAllKept() {
    Endpoint west = endpoint(0, "us/west", "192.0.2.1");
    Endpoint east = endpoint(1, "us/east", "192.0.2.2");
    Endpoint rest = endpoint(2, "us/rest", "192.0.2.3");
    List<Target> targets = targets(to(west).geo("US"), to(east).geo("US"), to(rest).geo("default"));
    assertEquals(
        List.of("us/west", "us/east"),
        labels(PolicyFixtures.apply(locations.geo(targets), targets, query(HOUSTON, allUp(3)))));
  }

  @Test
  void aTargetTaggedAtSeveralLevelsCountsAtItsMostSpecificMatch() {
    // "both" serves US-CA and continent:EU; "us" serves the country: CA clients get "both"
    Endpoint both = endpoint(0, "p/both", "192.0.2.1");
    Endpoint us = endpoint(1, "p/us", "192.0.2.2");
    Endpoint rest = endpoint(2, "p/rest", "192.0.2.3");
    List<Target> targets =
        targets(to(both).geo("continent:EU", "US-CA"), to(us).geo("US"), to(rest).geo("default"));
    Filter geo = locations.geo(targets);
    assertEquals(
        List.of("p/both"),
        labels(PolicyFixtures.apply(geo, targets, query(SAN_FRANCISCO, allUp(3)))));
    assertEquals(
        List.of("p/us"), labels(PolicyFixtures.apply(geo, targets, query(NEW_YORK, allUp(3)))));
    assertEquals(
        List.of("p/both"), labels(PolicyFixtures.apply(geo, targets, query(BERLIN, allUp(3)))));
    assertEquals(
        List.of("p/rest"), labels(PolicyFixtures.apply(geo, targets, query(MUMBAI, allUp(3)))));
  }

  @Test
  void noMatchAndNoDefaultIsNodata() {
    List<Target> targets = TARGETS.subList(0, 4); // CA, NY, US, NA: nothing for the rest
    Policy policy =
        new Policy(
            0,
            "americas",
            targets,
            List.of(Filters.up(), locations.geo(targets)),
            WhenAllDown.OPEN,
            List.of());
    assertEquals(Decision.Kind.NODATA, query(LONDON, allUp(6)).decide(policy).kind());
    assertEquals(Decision.Kind.NODATA, query(NOWHERE, allUp(6)).decide(policy).kind());
    assertEquals(List.of("geo/us-ca"), keys(query(SAN_FRANCISCO, allUp(6)).decide(policy)));
  }

  @Test
  void policiesWithTheSameLayoutShareOneCompiledMap() {
    // equal (index, tags) lists: the second policy reuses the first one's prefix map
    var counting = new java.util.concurrent.atomic.AtomicInteger();
    io.meridian.geo.GeoDatabase walks =
        new io.meridian.geo.GeoDatabase() {
          @Override
          public io.meridian.geo.DatabaseInfo info() {
            return db.info();
          }

          @Override
          public io.meridian.geo.GeoMatch lookup(java.net.InetAddress address) {
            return db.lookup(address);
          }

          @Override
          public <T> io.meridian.geo.PrefixMap<T> compile(
              java.util.function.Function<io.meridian.geo.Location, T> outcome) {
            counting.incrementAndGet();
            return db.compile(outcome);
          }
        };
    LocationFilters shared = new LocationFilters(() -> walks);
    shared.geo(TARGETS);
    shared.geo(
        targets(
            to(NA).geo("US-CA"),
            to(CA).geo("us-ny"),
            to(NY).geo("US"),
            to(US).geo("continent:NA"),
            to(DACH).geo("default"),
            to(DEFAULT).geo("DE", "AT", "CH")));
    assertEquals(1, counting.get(), "one walk of the database for one layout");
    shared.geo(TARGETS.subList(0, 3));
    assertEquals(2, counting.get(), "another layout, another walk");
  }

  record AllDownCase(String name, WhenAllDown mode, Decision.Kind kind, List<String> answer) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<AllDownCase> clientTiersAllDown() {
    return Stream.of(
        new AllDownCase(
            "open: the client's most specific tier, unhealthy",
            WhenAllDown.OPEN,
            Decision.Kind.ANSWER,
            List.of("geo/us-ca")),
        new AllDownCase("closed: SERVFAIL", WhenAllDown.CLOSED, Decision.Kind.SERVFAIL, List.of()),
        new AllDownCase("nodata: NODATA", WhenAllDown.NODATA, Decision.Kind.NODATA, List.of()),
        new AllDownCase(
            "fallback: the fallback",
            WhenAllDown.FALLBACK,
            Decision.Kind.ANSWER,
            List.of("geo/fallback")));
  }

  /**
   * Every target that serves the client is down, but a target for somewhere else is up, so {@code
   * up} does not fail open: the client's tiers are all down, which is the all-down case for this
   * client (Route 53 answers with the most specific record then), not "unmapped".
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("clientTiersAllDown")
  void whenEveryTierOfTheClientIsDownWhenAllDownDecides(AllDownCase c) {
    Endpoint fallback = endpoint(-1, "geo/fallback", "203.0.113.9");
    Policy policy =
        new Policy(
            0,
            "geo",
            TARGETS,
            List.of(Filters.up(), locations.geo(TARGETS)),
            c.mode(),
            List.of(fallback));
    // CA, US, NA and default down; NY and DACH up
    Decision decision = query(SAN_FRANCISCO, healthWithDown(6, 0, 2, 3, 4)).decide(policy);
    assertEquals(c.kind(), decision.kind());
    assertEquals(c.answer(), keys(decision));
    assertEquals(false, decision.healthy());
  }
}
