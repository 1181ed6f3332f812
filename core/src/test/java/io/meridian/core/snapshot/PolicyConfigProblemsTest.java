package io.meridian.core.snapshot;

import static io.meridian.core.snapshot.Fixtures.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.core.config.ConfigReader;
import io.meridian.core.config.InvalidConfigException;
import io.meridian.core.config.MeridianConfig;
import io.meridian.core.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table of traffic-policy documents (regions, locations, pools, policies, bindings) with the path
 * and message substrings of the problem each must be rejected with, whether the reader ({@code
 * PolicyConfigReader}) or the compiler ({@code PolicyCompiler}, {@code ZoneCompiler}) finds it; and
 * documents that must be accepted.
 */
class PolicyConfigProblemsTest {

  @TempDir static Path dir;

  @BeforeAll
  static void files() throws Exception {
    Files.writeString(dir.resolve("not-a-database.mmdb"), "hello");
    Files.write(
        dir.resolve("test-city.mmdb"),
        new io.meridian.geo.MmdbWriter("Test-City", 6)
            .insert(
                "10.1.0.0/16", io.meridian.geo.MmdbWriter.city("NA", "US", "CA", 37.77, -122.42))
            .build());
  }

  /** The small City database: compiling against the bundled one costs about a second a policy. */
  static final String REGIONS =
      """
      geoip: { database: test-city.mmdb }
      regions:
        eu-west: { latitude: 53.35, longitude: -6.26, continent: EU }
        us-east: { latitude: 38.90, longitude: -77.04 }
      """;

  static final String LOCATIONS =
      """
      locations:
        office: [10.0.0.0/8, "2001:db8:1::/48"]
      """;
  static final String POOLS =
      """
      pools:
        eu:
          endpoints:
            - { name: dub-1, address: 192.0.2.10, region: eu-west }
            - { name: dub-2, addresses: [192.0.2.11, "2001:db8::11"], region: eu-west }
        us:
          endpoints:
            - { name: iad-1, address: 198.51.100.10, region: us-east }
        bare:
          endpoints:
            - { name: x, address: 203.0.113.1 }
      """;
  static final String WWW =
      """
      policies:
        www:
          routing: weighted
          targets: [ { pool: eu } ]
      """;

  /** The zone, with {@code www} bound to policy www and {@code extra} records after it. */
  static String zone(String... extra) {
    StringBuilder out =
        new StringBuilder(
            """
            zones:
              - name: gslb.test.
                soa: { mname: ns1, rname: hostmaster }
                records:
                  - { name: "@", type: NS, value: ns1 }
                  - { name: ns1, type: A, value: 127.0.0.1 }
                  - { name: www, policy: www }
            """);
    for (String r : extra) {
      out.append("      - ").append(r).append('\n');
    }
    return out.toString();
  }

  static String doc(String policies) {
    return REGIONS + LOCATIONS + POOLS + policies + zone();
  }

  /** {@code policies: www: <body>} with the body's lines indented under www. */
  static String www(String body) {
    return "policies:\n  www:\n"
        + body.lines().map(l -> "    " + l + "\n").reduce("", String::concat);
  }

  record Case(String name, String yaml, String path, List<String> substrings) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case c(String name, String yaml, String path, String... substrings) {
    return new Case(name, yaml, path, List.of(substrings));
  }

  static Stream<Case> cases() {
    return Stream.of(
        // ---- references
        c(
            "unknown routing",
            doc(www("routing: roundrobin\ntargets: [ { pool: eu } ]")),
            "policies.www.routing",
            "unknown routing 'roundrobin'",
            "failover",
            "geolocation"),
        c(
            "unknown filter",
            doc(www("chain: [up, fastest]\ntargets: [ { pool: eu } ]")),
            "policies.www.chain[1]",
            "unknown filter 'fastest'",
            "first-n"),
        c(
            "unknown pool",
            doc(www("routing: weighted\ntargets: [ { pool: eu }, { pool: asia } ]")),
            "policies.www.targets[1].pool",
            "unknown pool 'asia'",
            "known: eu, us, bare"),
        c(
            "unknown endpoint",
            doc(www("routing: weighted\ntargets: [ { endpoint: eu/dub-9 } ]")),
            "policies.www.targets[0].endpoint",
            "unknown endpoint 'eu/dub-9'",
            "pool/name"),
        c(
            "endpoint without its pool",
            doc(www("routing: weighted\ntargets: [ { endpoint: dub-1 } ]")),
            "policies.www.targets[0].endpoint",
            "unknown endpoint 'dub-1'"),
        c(
            "unknown policy",
            doc(www("routing: failover\ntargets: [ { policy: nope } ]")),
            "policies.www.targets[0].policy",
            "unknown policy 'nope'"),
        c(
            "unknown region of an endpoint",
            REGIONS + POOLS.replace("region: us-east", "region: mars") + WWW + zone(),
            "pools.us.endpoints[0].region",
            "unknown region 'mars'",
            "known: eu-west, us-east"),
        c(
            "unknown region of a target",
            doc(www("routing: geoproximity\ntargets: [ { pool: eu, region: mars } ]")),
            "policies.www.targets[0].region",
            "unknown region 'mars'"),
        c(
            "unknown region in rtt_ms",
            REGIONS
                + POOLS.replace("region: us-east }", "region: us-east, rtt_ms: { mars: 3 } }")
                + WWW
                + zone(),
            "pools.us.endpoints[0].rtt_ms.mars",
            "unknown region 'mars'"),
        c(
            "unknown location",
            doc(
                www(
                    "routing: ip\n"
                        + "targets: [ { pool: eu, cidr: [lab] }, { pool: us, cidr: [default] } ]")),
            "policies.www.targets[0].cidr[0]",
            "unknown location 'lab'",
            "known: office"),
        c(
            "unknown location with no locations defined",
            REGIONS
                + POOLS
                + www(
                    "routing: ip\n"
                        + "targets: [ { pool: eu, cidr: [office] }, { pool: us, cidr: [default] }"
                        + " ]")
                + zone(),
            "policies.www.targets[0].cidr[0]",
            "unknown location 'office'",
            "none defined"),
        // ---- cycles
        c(
            "a cycle of two",
            doc(
                """
                policies:
                  www: { routing: failover, targets: [ { policy: a } ] }
                  a: { routing: failover, targets: [ { policy: b } ] }
                  b: { routing: weighted, targets: [ { pool: eu }, { policy: a } ] }
                """),
            "policies.a",
            "cycle",
            "a -> b -> a"),
        c(
            "a policy naming itself",
            doc(www("routing: failover\ntargets: [ { pool: eu }, { policy: www } ]")),
            "policies.www",
            "cycle",
            "www -> www"),
        // ---- geolocation
        c(
            "geolocation without a default",
            doc(
                www(
                    "routing: geolocation\n"
                        + "targets: [ { pool: eu, geo: [continent:EU] }, { pool: us, geo: [US] }"
                        + " ]")),
            "policies.www",
            "unmapped",
            "geo: [default]",
            "continent:EU",
            "US"),
        c(
            "a geo target without geo",
            doc(
                www(
                    "routing: geolocation\n"
                        + "targets: [ { pool: eu, geo: [default] }, { pool: us } ]")),
            "policies.www.routing",
            "geo needs 'geo' locations on every target",
            "us/iad-1"),
        c(
            "a bad geo tag",
            doc(
                www(
                    "routing: geolocation\n"
                        + "targets: [ { pool: eu, geo: [default] }, { pool: us, geo: [US, Europe] }"
                        + " ]")),
            "policies.www.targets[1].geo[1]",
            "'Europe' is not a location",
            "continent:EU"),
        c(
            "an unknown continent",
            doc(
                www(
                    "routing: geolocation\n"
                        + "targets: [ { pool: eu, geo: [default, continent:XX] } ]")),
            "policies.www.targets[0].geo[1]",
            "'continent:XX' is not a location"),
        c(
            "a subdivision that is not one",
            doc(www("routing: geolocation\ntargets: [ { pool: eu, geo: [default, US-CALIF] } ]")),
            "policies.www.targets[0].geo[1]",
            "'US-CALIF' is not a location"),
        // ---- geoproximity, latency, cidr need their attributes
        c(
            "geoproximity without a region",
            doc(www("routing: geoproximity\ntargets: [ { pool: eu }, { pool: bare } ]")),
            "policies.www.routing",
            "geoproximity needs a region for every target",
            "bare/x"),
        c(
            "latency without a region, in a chain",
            doc(www("chain: [up, latency]\ntargets: [ { pool: bare }, { pool: eu } ]")),
            "policies.www.chain[1]",
            "latency needs a region for every target",
            "bare/x"),
        c(
            "a nested policy needs a region for geoproximity",
            doc(
                """
                policies:
                  www: { routing: geoproximity, targets: [ { pool: eu }, { policy: inner } ] }
                  inner: { routing: weighted, targets: [ { pool: us } ] }
                """),
            "policies.www.routing",
            "policy:inner has none"),
        c(
            "cidr without cidr tags",
            doc(www("routing: ip\ntargets: [ { pool: eu, cidr: [office] }, { pool: us } ]")),
            "policies.www.routing",
            "cidr needs 'cidr' locations on every target",
            "us/iad-1"),
        c(
            "a bias out of range",
            doc(www("routing: geoproximity\ntargets: [ { pool: eu, bias: 100 } ]")),
            "policies.www.targets[0].bias",
            "between -99 and 99"),
        // ---- networks
        c(
            "a prefix too long",
            REGIONS + "locations:\n  office: [10.0.0.0/33]\n" + POOLS + WWW + zone(),
            "locations.office[0]",
            "'10.0.0.0/33' is not a network"),
        c(
            "not a network",
            REGIONS + "locations:\n  office: [banana]\n" + POOLS + WWW + zone(),
            "locations.office[0]",
            "'banana' is not a network"),
        c(
            "host bits set",
            REGIONS + "locations:\n  office: [10.0.0.0/8, 10.1.2.3/16]\n" + POOLS + WWW + zone(),
            "locations.office[1]",
            "host bits set",
            "10.1.0.0/16"),
        c(
            "IPv6 host bits set",
            REGIONS + "locations:\n  office: [\"2001:db8::1/32\"]\n" + POOLS + WWW + zone(),
            "locations.office[0]",
            "host bits set",
            "2001:db8:0:0:0:0:0:0/32"),
        c(
            "a location without networks",
            REGIONS + "locations:\n  office: []\n" + POOLS + WWW + zone(),
            "locations.office",
            "at least one network"),
        // ---- endpoints
        c(
            "a bad address",
            REGIONS + POOLS.replace("198.51.100.10", "198.51.100.300") + WWW + zone(),
            "pools.us.endpoints[0]",
            "'198.51.100.300' is not an IPv4 or IPv6 address"),
        c(
            "a bad IPv6 address",
            REGIONS + POOLS.replace("\"2001:db8::11\"", "\"2001:db8::zz\"") + WWW + zone(),
            "pools.eu.endpoints[1]",
            "'2001:db8::zz' is not an IPv4 or IPv6 address"),
        c(
            "address and cname",
            REGIONS
                + POOLS.replace(
                    "address: 203.0.113.1", "address: 203.0.113.1, cname: cdn.example.net")
                + WWW
                + zone(),
            "pools.bare.endpoints[0]",
            "needs either 'address'/'addresses' or 'cname'"),
        c(
            "neither address nor cname",
            REGIONS
                + POOLS.replace("{ name: x, address: 203.0.113.1 }", "{ name: x }")
                + WWW
                + zone(),
            "pools.bare.endpoints[0]",
            "needs either 'address'/'addresses' or 'cname'"),
        c(
            "a duplicate endpoint name",
            REGIONS + POOLS.replace("name: dub-2", "name: dub-1") + WWW + zone(),
            "pools.eu.endpoints[1].name",
            "endpoint 'dub-1' appears twice in pool eu"),
        c(
            "a pool without endpoints",
            REGIONS + "pools:\n  eu: { endpoints: [] }\n" + WWW + zone(),
            "pools.eu.endpoints",
            "at least one endpoint"),
        c(
            "an unknown endpoint property",
            REGIONS + POOLS.replace("name: x,", "name: x, wieght: 3,") + WWW + zone(),
            "pools.bare.endpoints[0].wieght",
            "unknown property 'wieght'"),
        c(
            "a negative weight",
            REGIONS + POOLS.replace("name: x,", "name: x, weight: -1,") + WWW + zone(),
            "pools.bare.endpoints[0].weight",
            "-1"),
        c(
            "a bad continent of a region",
            REGIONS.replace("continent: EU", "continent: XX") + POOLS + WWW + zone(),
            "regions.eu-west.continent",
            "'XX' is not one of AF AN AS EU NA OC SA"),
        // ---- policies
        c(
            "when_all_down fallback without a fallback",
            doc(www("routing: weighted\nwhen_all_down: fallback\ntargets: [ { pool: eu } ]")),
            "policies.www.fallback",
            "required when when_all_down is 'fallback'"),
        c(
            "a bad fallback address",
            doc(
                www(
                    "routing: weighted\n"
                        + "when_all_down: fallback\n"
                        + "fallback: [192.0.2.999]\n"
                        + "targets: [ { pool: eu } ]")),
            "policies.www.fallback",
            "'192.0.2.999' is not an IPv4 or IPv6 address"),
        c(
            "an unknown when_all_down",
            doc(www("routing: weighted\nwhen_all_down: sometimes\ntargets: [ { pool: eu } ]")),
            "policies.www.when_all_down",
            "sometimes"),
        c(
            "routing and chain",
            doc(www("routing: weighted\nchain: [up]\ntargets: [ { pool: eu } ]")),
            "policies.www",
            "exactly one of 'routing'"),
        c(
            "neither routing nor chain",
            doc(www("targets: [ { pool: eu } ]")),
            "policies.www",
            "exactly one of 'routing'"),
        c(
            "no targets",
            doc(www("routing: weighted\ntargets: []")),
            "policies.www.targets",
            "at least one target"),
        c(
            "a target with two references",
            doc(www("routing: weighted\ntargets: [ { pool: eu, endpoint: us/iad-1 } ]")),
            "policies.www.targets[0]",
            "exactly one of 'endpoint'"),
        c(
            "first-n with n 0",
            doc(www("chain: [up, { filter: first-n, n: 0 }]\ntargets: [ { pool: eu } ]")),
            "policies.www.chain[1].n",
            "0"),
        c(
            "a policy name with a space",
            REGIONS
                + POOLS
                + "policies:\n  \"w w\": { routing: weighted, targets: [ { pool: eu } ] }\n"
                + zone().replace("policy: www", "policy: \"w w\""),
            "policies.w w",
            "must be letters, digits"),
        // ---- bindings
        c(
            "a name bound to an unknown policy",
            REGIONS + POOLS + WWW + zone("{ name: api, policy: api }"),
            "zones[0].records[3].policy",
            "unknown policy 'api'",
            "known: www"),
        c(
            "a policy-bound name with static A",
            REGIONS + POOLS + WWW + zone("{ name: www, type: A, value: 192.0.2.1 }"),
            "zones[0].records[2]",
            "answered by policy www and also has A records"),
        c(
            "a policy-bound name with static AAAA",
            REGIONS + POOLS + WWW + zone("{ name: www, type: AAAA, value: \"2001:db8::1\" }"),
            "zones[0].records[2]",
            "also has AAAA records"),
        c(
            "a policy-bound name with a CNAME",
            REGIONS + POOLS + WWW + zone("{ name: www, type: CNAME, value: elsewhere.example. }"),
            "zones[0].records[2]",
            "also has CNAME records"),
        c(
            "a name bound twice",
            REGIONS + POOLS + WWW + zone("{ name: www, policy: www }"),
            "zones[0].records[3].name",
            "already answered by policy www"),
        c(
            "a policy name below a delegation",
            REGIONS
                + POOLS
                + WWW
                + zone(
                    "{ name: sub, type: NS, value: ns.elsewhere.example. }",
                    "{ name: www.sub, policy: www }"),
            "zones[0].records[4]",
            "hidden by the delegation at 'sub.gslb.test.'"),
        c(
            "a policy at a delegation point",
            REGIONS + POOLS + WWW + zone("{ name: www, type: NS, value: ns.elsewhere.example. }"),
            "zones[0].records[2]",
            "hidden by the delegation at 'www.gslb.test.'"),
        // ---- geo database
        c(
            "a missing geo database",
            doc(WWW).replace("test-city.mmdb", "missing.mmdb"),
            "geoip.database",
            "cannot use",
            "missing.mmdb",
            "does not exist"),
        c(
            "a geo database that is not one",
            doc(WWW).replace("test-city.mmdb", "not-a-database.mmdb"),
            "geoip.database",
            "cannot use",
            "not-a-database.mmdb"));
  }

  /** Every problem of reading and compiling {@code yaml}; fails if there is none. */
  static List<Problem> problems(String yaml) {
    MeridianConfig config;
    try {
      config = ConfigReader.read(yaml, "test.yaml", dir);
    } catch (InvalidConfigException e) {
      return e.problems();
    }
    try {
      new SnapshotCompiler(Fixtures.CLOCK).compile(config, null);
    } catch (InvalidConfigException e) {
      return e.problems();
    }
    throw new AssertionError("accepted, but should not be:\n" + yaml);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rejectedWithPathAndMessage(Case c) {
    List<Problem> problems = problems(c.yaml());
    Problem match =
        problems.stream()
            .filter(p -> p.path().equals(c.path()))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no problem at " + c.path() + ":\n" + describe(problems)));
    for (String s : c.substrings()) {
      assertTrue(match.message().contains(s), "'" + s + "' not in: " + match);
    }
    assertTrue(match.line() > 0 || c.path().startsWith("geoip"), "a line for " + match);
  }

  static Stream<String> accepted() {
    return Stream.of(
        doc(WWW),
        doc(
            www(
                "routing: geolocation\n"
                    + "unmapped: nodata\n"
                    + "targets: [ { pool: eu, geo: [continent:EU] } ]")),
        doc(
            www(
                "routing: geolocation\n"
                    + "targets: [ { pool: eu, geo: [DE, country:FR, us-ca, continent:eu] }, { pool:"
                    + " us, geo: [DEFAULT] } ]")),
        doc(www("routing: ip\ntargets: [ { pool: eu, cidr: [office] } ]")),
        doc(
            www(
                "routing: geoproximity\n"
                    + "targets: [ { pool: eu, bias: -99 }, { pool: bare, region: us-east, bias: 99"
                    + " } ]")),
        doc(
            www(
                "chain: [up, priority, weighted, { filter: first-n, n: 2 }]\n"
                    + "targets: [ { pool: eu } ]")),
        doc(
            www(
                "routing: weighted\n"
                    + "when_all_down: fallback\n"
                    + "fallback: [192.0.2.99, \"2001:db8::99\"]\n"
                    + "targets: [ { pool: eu } ]")),
        doc(www("routing: simple\ntargets: [ { pool: eu } ]")),
        doc(
            """
            policies:
              www: { routing: failover, targets: [ { policy: a, priority: 1 }, { policy: b, priority: 2 } ] }
              a: { routing: weighted, targets: [ { policy: c } ] }
              b: { routing: weighted, targets: [ { policy: c } ] }
              c: { routing: weighted, targets: [ { pool: eu } ] }
            """),
        REGIONS
            + POOLS
            + WWW
            + zone("{ name: www, type: TXT, value: hello }", "{ name: \"*.apps\", policy: www }"));
  }

  @ParameterizedTest
  @MethodSource("accepted")
  void accepted(String yaml) throws Exception {
    Snapshot snapshot =
        new SnapshotCompiler(Fixtures.CLOCK)
            .compile(ConfigReader.read(yaml, "test.yaml", dir), null);
    assertFalse(snapshot.policies().byName().isEmpty());
  }

  @Test
  void aProblemOfASharedChildIsReportedOnce() {
    String yaml =
        doc(
            """
            policies:
              www: { routing: failover, targets: [ { policy: a }, { policy: b } ] }
              a: { routing: weighted, targets: [ { policy: broken } ] }
              b: { routing: weighted, targets: [ { policy: broken } ] }
              broken: { routing: weighted, targets: [ { pool: nowhere } ] }
            """);
    List<Problem> problems = problems(yaml);
    assertEquals(
        1,
        problems.stream().filter(p -> p.message().contains("unknown pool 'nowhere'")).count(),
        describe(problems));
  }

  @Test
  void aCycleIsReportedOnce() {
    String yaml =
        doc(
            """
            policies:
              www: { routing: failover, targets: [ { policy: a } ] }
              a: { routing: failover, targets: [ { policy: b } ] }
              b: { routing: failover, targets: [ { policy: a } ] }
            """);
    List<Problem> problems = problems(yaml);
    assertEquals(
        1,
        problems.stream().filter(p -> p.message().contains("cycle")).count(),
        describe(problems));
  }

  @Test
  void aNameBoundToABrokenPolicyIsNotAlsoUnknown() {
    List<Problem> problems =
        problems(doc(www("routing: weighted\ntargets: [ { pool: nowhere } ]")));
    assertEquals(1, problems.size(), describe(problems));
    assertEquals("policies.www.targets[0].pool", problems.get(0).path());
  }
}
