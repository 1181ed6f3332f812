package io.meridian.core.policy;

import static io.meridian.core.policy.PolicyFixtures.LONDON;
import static io.meridian.core.policy.PolicyFixtures.NEW_YORK;
import static io.meridian.core.policy.PolicyFixtures.SAN_FRANCISCO;
import static io.meridian.core.policy.PolicyFixtures.allUp;
import static io.meridian.core.policy.PolicyFixtures.bytes;
import static io.meridian.core.policy.PolicyFixtures.endpoint;
import static io.meridian.core.policy.PolicyFixtures.keys;
import static io.meridian.core.policy.PolicyFixtures.query;
import static io.meridian.core.policy.PolicyFixtures.targets;
import static io.meridian.core.policy.PolicyFixtures.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.geo.GeoDatabase;
import io.meridian.geo.GeoDatabases;
import io.meridian.geo.PrefixMaps;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ECS scope (RFC 7871): after an evaluation, {@link QueryContext#scope()} is the largest prefix any
 * location step consulted (nested policies included), 0 when no step looked at the client, and the
 * answer is the same for every client within that prefix. Truncating the source prefix is the DNS
 * layer's job; here the source prefix limits how many bits are read.
 */
class EcsScopeTest {

  @TempDir static Path dir;
  static LocationFilters city;
  static LocationFilters bundled;

  static final Endpoint A = endpoint(0, "p/a", "192.0.2.1");
  static final Endpoint B = endpoint(1, "p/b", "192.0.2.2");
  static final Endpoint C = endpoint(2, "p/c", "192.0.2.3");
  static final Endpoint D = endpoint(3, "p/d", "192.0.2.4");
  static final Endpoint E = endpoint(4, "p/e", "192.0.2.5");

  @BeforeAll
  static void databases() {
    GeoDatabase db = PolicyFixtures.cityDatabase(dir);
    city = new LocationFilters(() -> db);
    bundled = new LocationFilters(GeoDatabases::bundled);
  }

  static Policy policy(int id, List<Target> targets, Filter... chain) {
    return new Policy(id, "p" + id, targets, List.of(chain), WhenAllDown.OPEN, List.of());
  }

  static Stream<Policy> clientIndependent() {
    List<Target> ts = targets(to(A).priority(1).weight(3), to(B).priority(2).weight(1), to(C));
    return Stream.of(
        policy(0, ts),
        policy(1, ts, Filters.up(), Filters.weighted()),
        policy(2, ts, Filters.up(), Filters.priority()),
        policy(3, ts, Filters.up(), Filters.firstN(2)),
        policy(4, ts, Filters.up(), Filters.priority(), Filters.weighted(), Filters.firstN(1)));
  }

  @ParameterizedTest
  @MethodSource("clientIndependent")
  void noLocationStepMeansScopeZero(Policy policy) {
    for (String client : List.of(LONDON, "2001:db8::1", "203.0.113.7")) {
      QueryContext query = query(client, allUp(5));
      query.decide(policy);
      assertEquals(0, query.scope(), policy + " for " + client);
    }
  }

  @Test
  void scopeIsTheMergedPrefixOfTheOutcomeNotTheDatabaseNetwork() {
    // database networks are /16s; 10.2/16 (US-NY) and 10.3/16 (US-TX) are siblings
    List<Target> continent = targets(to(A).geo("continent:NA"), to(B).geo("default"));
    List<Target> state = targets(to(A).geo("US-NY"), to(B).geo("default"));
    Policy byContinent = policy(0, continent, city.geo(continent));
    Policy byState = policy(1, state, city.geo(state));

    QueryContext ny = query(NEW_YORK, allUp(5));
    assertEquals(List.of("p/a"), keys(ny.decide(byContinent)));
    assertEquals(15, ny.scope(), "10.2.0.0/15: NY and TX are both NA");

    QueryContext nyState = query(NEW_YORK, allUp(5));
    assertEquals(List.of("p/a"), keys(nyState.decide(byState)));
    assertEquals(16, nyState.scope(), "TX is not NY: the /16 decides");

    QueryContext sf = query(SAN_FRANCISCO, allUp(5));
    sf.decide(byContinent);
    assertEquals(16, sf.scope(), "10.0/16 is unknown, 10.1/16 NA: no wider merge");
  }

  @Test
  void sourcePrefixLimitsTheBitsRead() {
    List<Target> continent = targets(to(A).geo("continent:NA"), to(B).geo("default"));
    Policy policy = policy(0, continent, city.geo(continent));
    byte[] ny = bytes(NEW_YORK);
    record Row(int source, String answer, int scope) {}
    for (Row row :
        List.of(
            new Row(32, "p/a", 15),
            new Row(24, "p/a", 15),
            new Row(15, "p/a", 15),
            // only 10.0.0.0 is read: the unknown 10.0/16 (the answer needed 16 bits, more than the
            // source gave: the resolver caches it for its source prefix only)
            new Row(14, "p/b", 16),
            new Row(8, "p/b", 16),
            new Row(0, "p/b", 5))) {
      QueryContext query =
          new QueryContext(
              ny,
              row.source(),
              Endpoint.AddressFamily.IPV4,
              allUp(5),
              new SplittableRandom(1),
              null,
              1);
      assertEquals(List.of(row.answer()), keys(query.decide(policy)), "source /" + row.source());
      assertEquals(row.scope(), query.scope(), "scope for source /" + row.source());
    }
  }

  @Test
  void nestedPoliciesCountAndTheLargestPrefixWins() {
    // a weighted top over a geo child (scope 15) and a cidr child (scope 24)
    List<Target> geoTargets = targets(to(A).geo("continent:NA"), to(B).geo("default"));
    Policy geo = policy(0, geoTargets, city.geo(geoTargets));
    List<Target> cidrTargets = targets(to(C).cidr("desk"), to(D).cidr("default"));
    Policy cidr =
        policy(
            1,
            cidrTargets,
            city.cidr(cidrTargets, Map.of(new PrefixMaps.Network(bytes("10.2.0.0"), 24), "desk")));
    Policy weightedOverGeo = policy(2, targets(to(geo)), Filters.up(), Filters.weighted());
    Policy overBoth = policy(3, targets(to(geo), to(cidr)), Filters.up(), Filters.firstN(8));

    QueryContext q1 = query(NEW_YORK, allUp(5));
    assertEquals(List.of("p/a"), keys(q1.decide(weightedOverGeo)));
    assertEquals(15, q1.scope(), "the child's geo step decides the scope");

    QueryContext q2 = query(NEW_YORK, allUp(5));
    assertEquals(List.of("p/a", "p/c"), keys(q2.decide(overBoth)));
    assertEquals(24, q2.scope(), "max(15, 24)");
  }

  /** Sanity on the bundled (real-world, country-level) database. */
  record RealClient(String address, String country, String continent) {}

  static Stream<RealClient> realClients() {
    return Stream.of(
        new RealClient("81.2.69.142", "GB", "EU"),
        new RealClient("8.8.8.8", "US", "NA"),
        new RealClient("61.0.0.1", "IN", "AS"),
        new RealClient("41.0.0.1", "ZA", "AF"));
  }

  static final List<Target> BY_CONTINENT =
      targets(
          to(A).geo("continent:EU"),
          to(B).geo("continent:NA"),
          to(C).geo("continent:AS"),
          to(D).geo("continent:AF"),
          to(E).geo("default"));
  static final List<Target> BY_COUNTRY =
      targets(
          to(A).geo("GB"), to(B).geo("US"), to(C).geo("IN"), to(D).geo("ZA"), to(E).geo("default"));

  @ParameterizedTest
  @MethodSource("realClients")
  void bundledDatabaseRoutesRealAddressesAndScopesHoldForTheWholePrefix(RealClient client) {
    int expected = List.of("GB", "US", "IN", "ZA").indexOf(client.country());
    Policy continent = policy(0, BY_CONTINENT, bundled.geo(BY_CONTINENT));
    Policy country = policy(1, BY_COUNTRY, bundled.geo(BY_COUNTRY));
    for (Policy policy : List.of(continent, country)) {
      QueryContext query = query(client.address(), allUp(5));
      Decision decision = query.decide(policy);
      assertEquals(List.of(BY_COUNTRY.get(expected).label()), keys(decision), policy.toString());
      int scope = query.scope();
      assertTrue(scope > 0 && scope <= 32, "scope " + scope);
      // every address within /scope gets the same answer
      byte[] base = bytes(client.address());
      SplittableRandom random = new SplittableRandom(scope);
      for (int i = 0; i < 200; i++) {
        byte[] other = base.clone();
        for (int bit = scope; bit < 32; bit++) {
          int mask = 1 << (7 - (bit & 7));
          other[bit >>> 3] =
              (byte) (random.nextBoolean() ? other[bit >>> 3] | mask : other[bit >>> 3] & ~mask);
        }
        QueryContext neighbour =
            new QueryContext(
                other, 32, Endpoint.AddressFamily.IPV4, allUp(5), new SplittableRandom(1), null, 2);
        assertEquals(keys(decision), keys(neighbour.decide(policy)), "within the /" + scope);
      }
    }
  }

  @Test
  void aMergedSupernetGivesA24ClientAWideScope() {
    // ECS 81.2.69.0/24 (GB): a continent-only policy needs far fewer than 24 bits
    Policy continent = policy(0, BY_CONTINENT, bundled.geo(BY_CONTINENT));
    QueryContext query =
        new QueryContext(
            bytes("81.2.69.0"),
            24,
            Endpoint.AddressFamily.IPV4,
            allUp(5),
            new SplittableRandom(1),
            null,
            1);
    assertEquals(List.of("p/a"), keys(query.decide(continent)));
    assertTrue(query.scope() <= 20, "scope /" + query.scope() + " for a continent-only policy");
  }
}
