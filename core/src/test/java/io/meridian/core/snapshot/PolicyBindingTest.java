package io.meridian.core.snapshot;

import static io.meridian.core.snapshot.Fixtures.lookup;
import static io.meridian.core.snapshot.Fixtures.name;
import static io.meridian.core.snapshot.Fixtures.rdata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Type;

/**
 * Names bound to policies ({@code {name, policy, ttl}}): A, AAAA and ANY are {@link
 * Lookup.Dynamic}, other types answer from static records at the same name or are NODATA; wildcard
 * bindings answer with the query name as owner.
 */
class PolicyBindingTest {

  static final String YAML =
      """
      pools:
        web:
          endpoints:
            - { name: a, address: 192.0.2.10 }
            - { name: b, addresses: [192.0.2.11, "2001:db8::11"] }
      policies:
        www: { routing: weighted, targets: [ { pool: web } ] }
        apps: { routing: multivalue, targets: [ { pool: web } ] }
      zones:
        - name: gslb.test.
          soa: { mname: ns1, rname: hostmaster, serial: 1 }
          records:
            - { name: "@", type: NS, value: ns1 }
            - { name: ns1, type: A, value: 192.0.2.1 }
            - { name: www, policy: www, ttl: 30 }
            - { name: www, type: TXT, value: "v=policy" }
            - { name: www, type: MX, value: "10 mail" }
            - { name: "*.apps", policy: apps }
            - { name: "*.apps", type: TXT, value: wild }
            - { name: deep.down.name, policy: www }
            - { name: "@", policy: www }
      """;

  static Snapshot snapshot;
  static Zone zone;

  @BeforeAll
  static void compile() throws Exception {
    snapshot = Fixtures.compile(YAML);
    zone = snapshot.zones().get(name("gslb.test."));
  }

  record Case(String qname, int qtype, String policy, long ttl) {
    @Override
    public String toString() {
      return qname + " " + Type.string(qtype);
    }
  }

  static Stream<Case> dynamic() {
    return Stream.of(
        new Case("www.gslb.test.", Type.A, "www", 30),
        new Case("www.gslb.test.", Type.AAAA, "www", 30),
        new Case("www.gslb.test.", Type.ANY, "www", 30),
        new Case("x.apps.gslb.test.", Type.A, "apps", PolicyBinding.DEFAULT_TTL),
        new Case("y.z.apps.gslb.test.", Type.AAAA, "apps", PolicyBinding.DEFAULT_TTL),
        new Case("deep.down.name.gslb.test.", Type.A, "www", PolicyBinding.DEFAULT_TTL),
        new Case("gslb.test.", Type.A, "www", PolicyBinding.DEFAULT_TTL));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dynamic")
  void addressQueriesAreDynamicWithTheQueryNameAsOwner(Case c) {
    Lookup.Dynamic d = lookup(zone, c.qname(), c.qtype(), Lookup.Dynamic.class);
    assertEquals(name(c.qname()), d.owner());
    assertEquals(c.policy(), d.binding().policy().name());
    assertEquals(c.ttl(), d.binding().ttl());
    assertSame(snapshot.policies().byName().get(c.policy()), d.binding().policy());
  }

  @Test
  void otherTypesAnswerFromStaticRecordsOrAreNodata() {
    assertEquals(
        List.of("\"v=policy\""),
        rdata(lookup(zone, "www.gslb.test.", Type.TXT, Lookup.Answer.class).rrset()));
    assertEquals(
        List.of("10 mail.gslb.test."),
        rdata(lookup(zone, "www.gslb.test.", Type.MX, Lookup.Answer.class).rrset()));
    lookup(zone, "www.gslb.test.", Type.SRV, Lookup.NoData.class);
    lookup(zone, "deep.down.name.gslb.test.", Type.TXT, Lookup.NoData.class);
    lookup(zone, "gslb.test.", Type.NS, Lookup.Answer.class);
    lookup(zone, "gslb.test.", Type.SOA, Lookup.Answer.class);
  }

  @Test
  void wildcardStaticRecordsTakeTheQueryName() {
    Lookup.Answer txt = lookup(zone, "x.apps.gslb.test.", Type.TXT, Lookup.Answer.class);
    assertEquals(name("x.apps.gslb.test."), txt.rrset().getName());
    lookup(zone, "x.apps.gslb.test.", Type.MX, Lookup.NoData.class);
  }

  @Test
  void ancestorsOfABoundNameExistAndOthersDoNot() {
    lookup(zone, "down.name.gslb.test.", Type.A, Lookup.NoData.class);
    lookup(zone, "name.gslb.test.", Type.A, Lookup.NoData.class);
    lookup(zone, "apps.gslb.test.", Type.A, Lookup.NoData.class);
    lookup(zone, "nope.gslb.test.", Type.A, Lookup.NxDomain.class);
    lookup(zone, "other.down.name.gslb.test.", Type.A, Lookup.NxDomain.class);
  }

  @Test
  void aBindingChangesTheZoneDigestAndSoTheSerial() throws Exception {
    Snapshot other =
        Fixtures.compile(YAML.replace("policy: www, ttl: 30", "policy: apps, ttl: 30"));
    Zone changed = other.zones().get(name("gslb.test."));
    assertNotEquals(zone.contentDigest(), changed.contentDigest());
    Snapshot same = Fixtures.compile(YAML);
    assertEquals(zone.contentDigest(), same.zones().get(name("gslb.test.")).contentDigest());
  }
}
