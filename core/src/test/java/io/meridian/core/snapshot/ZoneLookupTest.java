package io.meridian.core.snapshot;

import static io.meridian.core.snapshot.Fixtures.lookup;
import static io.meridian.core.snapshot.Fixtures.name;
import static io.meridian.core.snapshot.Fixtures.rdata;
import static io.meridian.core.snapshot.Fixtures.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/** RFC 1034 section 4.3.2 outcomes of {@link Zone#lookup}, plus {@link Zone#addresses}. */
class ZoneLookupTest {

  private static final String DS = "12345 13 2 " + "0123456789abcdef".repeat(4);

  static final String YAML =
      """
      zones:
        - name: example.test.
          soa: { mname: ns1, rname: hostmaster, serial: 7, ttl: 3600, minimum: 300 }
          records:
            - { name: "@", type: NS, values: [ns1, ns2.example.net.] }
            - { name: "@", type: MX, value: "10 mail" }
            - { name: ns1, type: A, value: 192.0.2.1 }
            - { name: ns1, type: AAAA, value: "2001:db8::1" }
            - { name: www, type: A, values: [192.0.2.10, 192.0.2.11] }
            - { name: www, type: AAAA, value: "2001:db8::10" }
            - { name: www, type: TXT, value: hello }
            - { name: v6, type: AAAA, value: "2001:db8::6" }
            - { name: v6, type: TXT, value: six }
            - { name: multi, type: TXT, value: text }
            - { name: multi, type: MX, value: "10 mail" }
            - { name: alias, type: CNAME, value: www }
            - { name: a.b, type: A, value: 192.0.2.20 }
            - { name: "*.w", type: A, value: 192.0.2.30 }
            - { name: "*.w", type: TXT, value: wild }
            - { name: "*.c", type: CNAME, value: www }
            - { name: sub, type: NS, value: ns.sub }
            - { name: sub, type: A, value: 192.0.2.52 }
            - { name: ns.sub, type: A, value: 192.0.2.53 }
            - { name: ns.sub, type: AAAA, value: "2001:db8::53" }
            - { name: signed, type: NS, value: ns.example.net. }
            - { name: signed, type: DS, value: "%s" }
      """
          .formatted(DS);

  private static Zone zone;

  @BeforeAll
  static void compile() throws Exception {
    zone = zone(YAML, "example.test.");
  }

  @Test
  void exactMatchAnswers() {
    RRset set = lookup(zone, "www.example.test.", Type.A, Lookup.Answer.class).rrset();
    assertEquals(name("www.example.test."), set.getName());
    assertEquals(List.of("192.0.2.10", "192.0.2.11"), rdata(set));
    assertEquals(3600, set.getTTL());
  }

  @Test
  void apexSoaAndNs() {
    RRset soa = lookup(zone, "example.test.", Type.SOA, Lookup.Answer.class).rrset();
    assertEquals(7, ((SOARecord) soa.first()).getSerial());
    assertEquals(zone.soa(), soa);
    RRset ns = lookup(zone, "example.test.", Type.NS, Lookup.Answer.class).rrset();
    assertEquals(List.of("ns1.example.test.", "ns2.example.net."), rdata(ns));
  }

  @Test
  void lookupIsCaseInsensitive() {
    lookup(zone, "WWW.Example.TEST.", Type.A, Lookup.Answer.class);
  }

  static Stream<Arguments> outcomes() {
    return Stream.of(
        // name exists, other type
        Arguments.of("www.example.test.", Type.MX, Lookup.NoData.class),
        Arguments.of("example.test.", Type.A, Lookup.NoData.class),
        Arguments.of("ns1.example.test.", Type.TXT, Lookup.NoData.class),
        // does not exist
        Arguments.of("nope.example.test.", Type.A, Lookup.NxDomain.class),
        Arguments.of("deep.nope.example.test.", Type.A, Lookup.NxDomain.class),
        Arguments.of("x.www.example.test.", Type.A, Lookup.NxDomain.class),
        Arguments.of("c.a.b.example.test.", Type.A, Lookup.NxDomain.class),
        // empty non-terminals
        Arguments.of("b.example.test.", Type.A, Lookup.NoData.class),
        Arguments.of("b.example.test.", Type.ANY, Lookup.NoData.class),
        Arguments.of("w.example.test.", Type.A, Lookup.NoData.class),
        Arguments.of("c.example.test.", Type.CNAME, Lookup.NoData.class),
        // wildcard with a type it does not have
        Arguments.of("x.w.example.test.", Type.MX, Lookup.NoData.class),
        // aliases
        Arguments.of("alias.example.test.", Type.A, Lookup.Alias.class),
        Arguments.of("alias.example.test.", Type.MX, Lookup.Alias.class),
        Arguments.of("alias.example.test.", Type.CNAME, Lookup.Answer.class),
        Arguments.of("x.alias.example.test.", Type.A, Lookup.NxDomain.class),
        // DS at a delegation point is the parent's
        Arguments.of("sub.example.test.", Type.DS, Lookup.NoData.class),
        Arguments.of("signed.example.test.", Type.DS, Lookup.Answer.class),
        // everything else at or below a delegation point is referred
        Arguments.of("sub.example.test.", Type.A, Lookup.Referral.class),
        Arguments.of("sub.example.test.", Type.NS, Lookup.Referral.class),
        Arguments.of("sub.example.test.", Type.ANY, Lookup.Referral.class),
        Arguments.of("ns.sub.example.test.", Type.A, Lookup.Referral.class),
        Arguments.of("ns.sub.example.test.", Type.DS, Lookup.Referral.class),
        Arguments.of("www.sub.example.test.", Type.A, Lookup.Referral.class),
        Arguments.of("a.b.c.sub.example.test.", Type.TXT, Lookup.Referral.class),
        Arguments.of("signed.example.test.", Type.NS, Lookup.Referral.class),
        Arguments.of("x.signed.example.test.", Type.DS, Lookup.Referral.class));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("outcomes")
  void outcome(String qname, int qtype, Class<? extends Lookup> kind) {
    lookup(zone, qname, qtype, kind);
  }

  @Test
  void aliasCarriesTheCname() {
    RRset cname = lookup(zone, "alias.example.test.", Type.AAAA, Lookup.Alias.class).cname();
    assertEquals(Type.CNAME, cname.getType());
    assertEquals(name("www.example.test."), ((CNAMERecord) cname.first()).getTarget());
    RRset answer = lookup(zone, "alias.example.test.", Type.CNAME, Lookup.Answer.class).rrset();
    assertEquals(cname, answer);
  }

  static Stream<Arguments> anyQueries() {
    return Stream.of(
        Arguments.of("www.example.test.", Type.A), // A when there is one
        Arguments.of("v6.example.test.", Type.AAAA), // else AAAA
        Arguments.of("multi.example.test.", Type.MX), // else the lowest type (MX 15 < TXT 16)
        Arguments.of("example.test.", Type.NS), // NS 2 < SOA 6 < MX 15
        Arguments.of("alias.example.test.", Type.CNAME),
        Arguments.of("x.w.example.test.", Type.A));
  }

  @ParameterizedTest(name = "ANY {0} -> {1}")
  @MethodSource("anyQueries")
  void anyGivesOneRRset(String qname, int type) {
    RRset set = lookup(zone, qname, Type.ANY, Lookup.Answer.class).rrset();
    assertEquals(type, set.getType(), () -> Type.string(set.getType()));
    assertEquals(name(qname), set.getName());
  }

  @Test
  void wildcardSynthesizesWithTheQueryNameAsOwner() {
    for (String qname : List.of("x.w.example.test.", "y.x.w.example.test.", "*.w.example.test.")) {
      RRset set = lookup(zone, qname, Type.A, Lookup.Answer.class).rrset();
      assertEquals(name(qname), set.getName());
      for (Record r : set.rrs(false)) {
        assertEquals(name(qname), r.getName());
      }
      assertEquals(List.of("192.0.2.30"), rdata(set));
    }
    RRset txt = lookup(zone, "other.w.example.test.", Type.TXT, Lookup.Answer.class).rrset();
    assertEquals(name("other.w.example.test."), txt.getName());
  }

  @Test
  void synthesizingLeavesTheWildcardItselfAlone() {
    lookup(zone, "x.w.example.test.", Type.A, Lookup.Answer.class);
    RRset wild = lookup(zone, "*.w.example.test.", Type.A, Lookup.Answer.class).rrset();
    assertEquals(name("*.w.example.test."), wild.getName());
    assertTrue(
        zone.allRRsets().stream().noneMatch(s -> s.getName().equals(name("x.w.example.test."))));
  }

  @Test
  void wildcardCnameIsSynthesizedToo() {
    RRset cname = lookup(zone, "host.c.example.test.", Type.A, Lookup.Alias.class).cname();
    assertEquals(name("host.c.example.test."), cname.getName());
    assertEquals(name("host.c.example.test."), cname.first().getName());
    assertEquals(name("www.example.test."), ((CNAMERecord) cname.first()).getTarget());
    RRset answer = lookup(zone, "host.c.example.test.", Type.CNAME, Lookup.Answer.class).rrset();
    assertEquals(name("host.c.example.test."), answer.getName());
  }

  @Test
  void referralCarriesTheDelegationNsSet() {
    RRset ns = lookup(zone, "www.sub.example.test.", Type.A, Lookup.Referral.class).ns();
    assertEquals(Type.NS, ns.getType());
    assertEquals(name("sub.example.test."), ns.getName());
    assertEquals(List.of("ns.sub.example.test."), rdata(ns));
    RRset signed = lookup(zone, "signed.example.test.", Type.A, Lookup.Referral.class).ns();
    assertEquals(List.of("ns.example.net."), rdata(signed));
    RRset ds = lookup(zone, "signed.example.test.", Type.DS, Lookup.Answer.class).rrset();
    assertEquals(1, ds.size());
  }

  @Test
  void addressesOfInZoneNamesAndGlue() {
    assertEquals(
        List.of(Type.A, Type.AAAA), types(zone.addresses(name("ns1.example.test."), false)));
    assertEquals(
        List.of(Type.A, Type.AAAA), types(zone.addresses(name("ns1.example.test."), true)));
    assertEquals(List.of(Type.AAAA), types(zone.addresses(name("v6.example.test."), false)));
    assertEquals(List.of(), zone.addresses(name("multi.example.test."), true));
    assertEquals(List.of(), zone.addresses(name("nope.example.test."), true));
    assertEquals(List.of(), zone.addresses(name("b.example.test."), true));
    assertEquals(List.of(), zone.addresses(name("alias.example.test."), true));
    // glue: only when asked for
    assertEquals(List.of(), zone.addresses(name("ns.sub.example.test."), false));
    List<RRset> glue = zone.addresses(name("ns.sub.example.test."), true);
    assertEquals(List.of(Type.A, Type.AAAA), types(glue));
    assertEquals(List.of("192.0.2.53"), rdata(glue.get(0)));
    // an address at the delegation point itself is below the cut too
    assertEquals(List.of(), zone.addresses(name("sub.example.test."), false));
    assertEquals(List.of(Type.A), types(zone.addresses(name("sub.example.test."), true)));
  }

  private static List<Integer> types(List<RRset> sets) {
    return sets.stream().map(RRset::getType).toList();
  }

  @Test
  void negativeSoaTtlIsTheLowerOfSoaTtlAndMinimum() throws Exception {
    SOARecord negative = (SOARecord) zone.negativeSoa().first();
    assertEquals(300, negative.getTTL());
    assertEquals(7, negative.getSerial());
    assertEquals(300, negative.getMinimum());
    assertEquals(3600, zone.soa().getTTL());

    Zone shortTtl =
        zone(
            """
            zones:
              - name: example.test.
                soa: { mname: ns.example.net., rname: hm, ttl: 60, minimum: 300 }
                records: [ { name: "@", type: NS, value: ns.example.net. } ]
            """,
            "example.test.");
    SOARecord soa = (SOARecord) shortTtl.negativeSoa().first();
    assertEquals(60, soa.getTTL());
    assertEquals(300, soa.getMinimum());
    assertEquals(shortTtl.serial(), soa.getSerial());
    assertEquals(name("example.test."), soa.getName());
  }

  @Test
  void zoneWithoutDelegationsAndOnlyTheApex() throws Exception {
    Zone small =
        zone(
            """
            zones:
              - name: example.test.
                soa: { mname: ns.example.net., rname: hm }
                records: [ { name: "@", type: NS, value: ns.example.net. } ]
            """,
            "example.test.");
    assertEquals(name("example.test."), small.apex());
    lookup(small, "example.test.", Type.NS, Lookup.Answer.class);
    lookup(small, "example.test.", Type.DS, Lookup.NoData.class);
    lookup(small, "a.example.test.", Type.A, Lookup.NxDomain.class);
    assertInstanceOf(Lookup.NxDomain.class, small.lookup(name("a.b.c.example.test."), Type.NS));
  }
}
