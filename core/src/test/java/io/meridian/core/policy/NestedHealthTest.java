package io.meridian.core.policy;

import static io.meridian.core.policy.PolicyFixtures.LONDON;
import static io.meridian.core.policy.PolicyFixtures.MUMBAI;
import static io.meridian.core.policy.PolicyFixtures.NEW_YORK;
import static io.meridian.core.policy.PolicyFixtures.compile;
import static io.meridian.core.policy.PolicyFixtures.healthDown;
import static io.meridian.core.policy.PolicyFixtures.keys;
import static io.meridian.core.policy.PolicyFixtures.policyNamed;
import static io.meridian.core.policy.PolicyFixtures.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.core.health.HealthView;
import io.meridian.core.snapshot.Snapshot;
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
 * Health across nested policies (the gdnsd trap): a child that had to fail open reports itself
 * down, so its parent moves on (failover to priority 2, geo to the next tier); only when everything
 * is down does the top answer per its {@code when_all_down}.
 */
class NestedHealthTest {

  @TempDir static Path dir;
  static Snapshot open;
  static Snapshot closed;

  /** geo -> failover -> weighted, as in the gslb example, but the default tier is ap. */
  static String config(String topWhenAllDown) {
    return """
    geoip: { database: test-city.mmdb }
    regions:
      eu-west: { latitude: 53.35, longitude: -6.26 }
      us-east: { latitude: 38.90, longitude: -77.04 }
      ap-south: { latitude: 19.08, longitude: 72.88 }
    pools:
      eu:
        endpoints:
          - { name: dub-1, address: 192.0.2.10, region: eu-west, weight: 70 }
          - { name: dub-2, address: 192.0.2.11, region: eu-west, weight: 30 }
      us:
        endpoints:
          - { name: iad-1, address: 198.51.100.10, region: us-east }
          - { name: iad-2, address: 198.51.100.11, region: us-east }
      ap:
        endpoints:
          - { name: bom-1, address: 203.0.113.10, region: ap-south }
    policies:
      www:
        routing: geolocation
        when_all_down: %s
        targets:
          - { policy: eu-failover, geo: [continent:EU] }
          - { pool: us, geo: [continent:NA] }
          - { pool: ap, geo: [default] }
      eu-failover:
        routing: failover
        targets:
          - { policy: eu-weighted, priority: 1 }
          - { pool: us, priority: 2 }
      eu-weighted:
        routing: weighted
        targets: [ { pool: eu } ]
    zones:
      - name: gslb.test.
        soa: { mname: ns1, rname: hostmaster }
        records:
          - { name: "@", type: NS, value: ns1 }
          - { name: ns1, type: A, value: 127.0.0.1 }
          - { name: www, policy: www }
    """
        .formatted(topWhenAllDown);
  }

  @BeforeAll
  static void compileBoth() {
    PolicyFixtures.cityDatabase(dir);
    open = compile(config("open"), dir);
    closed = compile(config("closed"), dir);
  }

  static final List<String> EU = List.of("eu/dub-1", "eu/dub-2");
  static final List<String> US = List.of("us/iad-1", "us/iad-2");
  static final List<String> ALL =
      List.of("eu/dub-1", "eu/dub-2", "us/iad-1", "us/iad-2", "ap/bom-1");

  /**
   * @param oneOf the answer is one of these (weighted picks one), or exactly {@code exactly}
   */
  record Case(
      String name,
      String client,
      List<String> down,
      List<String> oneOf,
      List<String> exactly,
      boolean healthy) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("London, all up: weighted eu", LONDON, List.of(), EU, null, true),
        new Case(
            "London, dub-1 down: dub-2",
            LONDON,
            List.of("eu/dub-1"),
            null,
            List.of("eu/dub-2"),
            true),
        new Case(
            "London, eu down: weighted fails open, failover moves to us (priority 2)",
            LONDON,
            EU,
            null,
            US,
            true),
        new Case(
            "London, eu and us down: eu-failover fails open, geo falls back to default (ap)",
            LONDON,
            concat(EU, US),
            null,
            List.of("ap/bom-1"),
            true),
        new Case(
            "London, everything down: fail open all the way to a weighted eu pick",
            LONDON,
            ALL,
            EU,
            null,
            false),
        new Case("New York, us down: default (ap)", NEW_YORK, US, null, List.of("ap/bom-1"), true),
        new Case(
            "New York, us and ap down: the NA tier, fail open",
            NEW_YORK,
            concat(US, List.of("ap/bom-1")),
            null,
            US,
            false),
        new Case("Mumbai, eu down: untouched", MUMBAI, EU, null, List.of("ap/bom-1"), true),
        new Case(
            "Mumbai, ap down: nothing else serves Mumbai, fail open to ap",
            MUMBAI,
            List.of("ap/bom-1"),
            null,
            List.of("ap/bom-1"),
            false));
  }

  static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void childFailingOpenIsDownForItsParent(Case c) {
    HealthView health = healthDown(open, c.down(), Map.of());
    Policy www = policyNamed(open, "www");
    for (long seed = 0; seed < 20; seed++) {
      Decision d =
          query(open, c.client(), Endpoint.AddressFamily.IPV4, health, seed, null).decide(www);
      assertEquals(Decision.Kind.ANSWER, d.kind(), c.name());
      if (c.exactly() != null) {
        assertEquals(c.exactly(), keys(d));
      } else {
        assertEquals(1, d.endpoints().size(), "weighted picks one: " + keys(d));
        assertTrue(c.oneOf().containsAll(keys(d)), keys(d).toString());
      }
      assertEquals(c.healthy(), d.healthy());
    }
  }

  @Test
  void theChildrenDecideOncePerQueryAndReportTheirOwnHealth() {
    HealthView health = healthDown(open, EU, Map.of());
    QueryContext query = query(open, LONDON, Endpoint.AddressFamily.IPV4, health, 3, null);
    Decision top = query.decide(policyNamed(open, "www"));
    Decision weighted = query.decide(policyNamed(open, "eu-weighted"));
    Decision failover = query.decide(policyNamed(open, "eu-failover"));
    assertEquals(false, weighted.healthy(), "eu-weighted failed open");
    assertEquals(1, weighted.endpoints().size());
    assertTrue(EU.containsAll(keys(weighted)));
    assertEquals(US, keys(failover));
    assertEquals(true, failover.healthy());
    assertEquals(US, keys(top));
    assertTrue(top == query.decide(policyNamed(open, "www")), "decided once per query");
  }

  @Test
  void everythingDownTheTopAnswersPerItsWhenAllDown() {
    HealthView health = healthDown(closed, ALL, Map.of());
    for (String client : List.of(LONDON, NEW_YORK, MUMBAI)) {
      Decision d =
          query(closed, client, Endpoint.AddressFamily.IPV4, health, 1, null)
              .decide(policyNamed(closed, "www"));
      assertEquals(Decision.Kind.SERVFAIL, d.kind(), client);
    }
    // the children are still open: they answer, unhealthy, when asked directly
    Decision child =
        query(closed, LONDON, Endpoint.AddressFamily.IPV4, health, 1, null)
            .decide(policyNamed(closed, "eu-failover"));
    assertEquals(Decision.Kind.ANSWER, child.kind());
    assertEquals(false, child.healthy());
  }

  @Test
  void aClosedChildIsDownForItsParentNotAnError() {
    String yaml =
        config("open")
            .replace(
                "  eu-weighted:\n    routing: weighted\n",
                "  eu-weighted:\n    routing: weighted\n    when_all_down: closed\n");
    assertTrue(yaml.contains("when_all_down: closed"));
    Snapshot snapshot = compile(yaml, dir);
    HealthView health = healthDown(snapshot, EU, Map.of());
    QueryContext query = query(snapshot, LONDON, Endpoint.AddressFamily.IPV4, health, 1, null);
    assertEquals(Decision.Kind.SERVFAIL, query.decide(policyNamed(snapshot, "eu-weighted")).kind());
    assertEquals(US, keys(query.decide(policyNamed(snapshot, "www"))), "failover moved on");
  }
}
