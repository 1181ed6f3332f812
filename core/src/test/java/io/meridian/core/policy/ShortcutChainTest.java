package io.meridian.core.policy;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Route 53-style shortcut and the explicit chain it stands for are the same policy: for the same
 * clients, health and seed, two configurations that differ only in {@code routing: X} versus {@code
 * chain: [...]} give identical decisions, ECS scopes and traces.
 */
class ShortcutChainTest {

  @TempDir static Path dir;

  @BeforeAll
  static void database() {
    PolicyFixtures.cityDatabase(dir); // test-city.mmdb, named by geoip.database below
  }

  static final String HEAD =
      """
      geoip: { database: test-city.mmdb }
      regions:
        eu-west: { latitude: 53.35, longitude: -6.26, country: IE, continent: EU }
        us-east: { latitude: 38.90, longitude: -77.04, country: US, continent: NA }
        ap-south: { latitude: 19.08, longitude: 72.88, country: IN, continent: AS }
      locations:
        office: [10.1.0.0/16, "2001:db8:1::/48"]
        lab: [10.1.2.0/24]
      pools:
        eu:
          endpoints:
            - { name: dub-1, address: 192.0.2.10, region: eu-west, weight: 70 }
            - { name: dub-2, addresses: [192.0.2.11, "2001:db8::11"], region: eu-west, weight: 30 }
        us:
          endpoints:
            - { name: iad-1, addresses: [198.51.100.10, "2001:db8::10"], region: us-east,
                priority: 1, weight: 5, rtt_ms: { eu-west: 80, us-east: 2 } }
            - { name: iad-2, address: 198.51.100.11, region: us-east, priority: 2 }
        ap:
          endpoints:
            - { name: bom-1, address: 203.0.113.10, region: ap-south, priority: 3 }
            - { name: alias, cname: cdn.example.net., region: ap-south, priority: 3, weight: 0 }
      policies:
        p:
      """;

  static final String ZONE =
      """
      zones:
        - name: gslb.test.
          soa: { mname: ns1, rname: hostmaster }
          records:
            - { name: "@", type: NS, value: ns1 }
            - { name: ns1, type: A, value: 127.0.0.1 }
            - { name: www, policy: p }
      """;

  /**
   * @param shortcut the policy body with {@code routing}
   * @param chain the same policy with the explicit chain
   */
  record Pair(String routing, String shortcut, String chain) {
    @Override
    public String toString() {
      return routing;
    }
  }

  static Pair pair(String routing, String extra, String chain, String targets) {
    String indent = "    ";
    return new Pair(
        routing,
        indent + "routing: " + routing + "\n" + extra + indent + "targets: " + targets + "\n",
        indent + "chain: " + chain + "\n" + extra + indent + "targets: " + targets + "\n");
  }

  static Stream<Pair> pairs() {
    String all = "[ { pool: eu }, { pool: us }, { pool: ap } ]";
    return Stream.of(
        pair(
            "failover",
            "",
            "[up, priority]",
            "[ { pool: eu, priority: 1 }, { endpoint: us/iad-1, priority: 2 }, { pool: ap } ]"),
        pair(
            "weighted",
            "",
            "[up, weighted]",
            "[ { pool: eu }, { endpoint: us/iad-1, weight: 50 }, { pool: ap } ]"),
        pair(
            "geolocation",
            "",
            "[up, geo]",
            "[ { pool: eu, geo: [continent:EU] }, { endpoint: us/iad-1, geo: [US-CA, US-NY] },"
                + " { endpoint: us/iad-2, geo: [US] }, { pool: ap, geo: [default] } ]"),
        pair(
            "geoproximity",
            "",
            "[up, geoproximity]",
            "[ { pool: eu }, { pool: us, bias: 20 }, { pool: ap, bias: -10 } ]"),
        pair("latency", "", "[up, latency]", all),
        pair("multivalue", "    max_answers: 2\n", "[up, first-n]", all),
        pair("multivalue", "", "[up, { filter: first-n, n: 8 }]", all),
        pair(
            "ip",
            "",
            "[up, cidr]",
            "[ { pool: eu, cidr: [office] }, { endpoint: us/iad-1, cidr: [lab] },"
                + " { pool: ap, cidr: [default] } ]"));
  }

  static final List<String> CLIENTS =
      List.of(
          PolicyFixtures.SAN_FRANCISCO,
          PolicyFixtures.NEW_YORK,
          PolicyFixtures.HOUSTON,
          PolicyFixtures.LONDON,
          PolicyFixtures.BERLIN,
          PolicyFixtures.MUMBAI,
          PolicyFixtures.REYKJAVIK,
          PolicyFixtures.SAO_PAULO,
          "10.1.2.3",
          PolicyFixtures.NOWHERE,
          PolicyFixtures.SAN_FRANCISCO_V6,
          PolicyFixtures.LONDON_V6,
          PolicyFixtures.NOWHERE_V6);

  static final List<List<String>> DOWN =
      List.of(
          List.of(),
          List.of("eu/dub-1"),
          List.of("eu/dub-1", "eu/dub-2"),
          List.of("us/iad-1"),
          List.of("us/iad-1", "us/iad-2", "ap/bom-1", "ap/alias"),
          List.of("eu/dub-1", "eu/dub-2", "us/iad-1", "us/iad-2", "ap/bom-1", "ap/alias"));

  static final Map<String, double[]> RTT = Map.of("eu-west", new double[] {3, 4, 80, 81, 120, 120});

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void shortcutAndChainDecideAlike(Pair pair) {
    Snapshot shortcut = compile(HEAD + pair.shortcut() + ZONE, dir);
    Snapshot chain = compile(HEAD + pair.chain() + ZONE, dir);
    Policy a = policyNamed(shortcut, "p");
    Policy b = policyNamed(chain, "p");
    assertEquals(
        a.chain().stream().map(Filter::name).toList(),
        b.chain().stream().map(Filter::name).toList());
    assertEquals(Filters.chainOf(pair.routing()), a.chain().stream().map(Filter::name).toList());

    int compared = 0;
    List<String> answers = new ArrayList<>();
    for (List<String> down : DOWN) {
      HealthView ha = healthDown(shortcut, down, RTT);
      HealthView hb = healthDown(chain, down, RTT);
      for (String client : CLIENTS) {
        for (Endpoint.AddressFamily family : Endpoint.AddressFamily.values()) {
          for (long seed = 0; seed < 6; seed++) {
            Trace ta = new Trace();
            Trace tb = new Trace();
            QueryContext qa = query(shortcut, client, family, ha, seed, ta);
            QueryContext qb = query(chain, client, family, hb, seed, tb);
            Decision da = qa.decide(a);
            Decision db = qb.decide(b);
            String what = pair + " " + client + " " + family + " down " + down + " seed " + seed;
            assertEquals(da.kind(), db.kind(), what);
            assertEquals(keys(da), keys(db), what);
            assertEquals(da.healthy(), db.healthy(), what);
            assertEquals(qa.scope(), qb.scope(), what);
            assertEquals(ta.steps(), tb.steps(), what);
            answers.add(keys(da).toString());
            compared++;
          }
        }
      }
    }
    assertEquals(DOWN.size() * CLIENTS.size() * 2 * 6, compared);
    assertTrue(answers.stream().distinct().count() > 1, "the routing made some difference");
  }

  @Test
  void simpleIsTheEmptyChainAndIgnoresHealth() {
    assertEquals(List.of(), Filters.chainOf("simple"));
    Snapshot simple =
        compile(
            HEAD
                + "    routing: simple\n    targets: [ { pool: eu }, { endpoint: us/iad-2 } ]\n"
                + ZONE,
            dir);
    Policy p = policyNamed(simple, "p");
    HealthView allDown = healthDown(simple, List.of("eu/dub-1", "eu/dub-2", "us/iad-2"), Map.of());
    Decision d =
        query(simple, PolicyFixtures.LONDON, Endpoint.AddressFamily.IPV4, allDown, 1, null)
            .decide(p);
    assertEquals(List.of("eu/dub-1", "eu/dub-2", "us/iad-2"), keys(d));
    assertEquals(false, d.healthy(), "an answer of down endpoints is reported unhealthy");
  }
}
