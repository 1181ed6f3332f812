package io.meridian.core.snapshot;

import static io.meridian.core.snapshot.Fixtures.name;
import static io.meridian.core.snapshot.Fixtures.rdata;
import static io.meridian.core.snapshot.Fixtures.withRecords;
import static io.meridian.core.snapshot.Fixtures.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Records as written in YAML become the right dnsjava records: names, types, TTLs and RDATA. */
class RecordParsingTest {

  private static RRset rrset(Zone zone, String owner, int type) {
    Lookup result = zone.lookup(name(owner), type);
    return assertInstanceOf(
            Lookup.Answer.class, result, () -> owner + " " + Type.string(type) + " -> " + result)
        .rrset();
  }

  private static RRset only(String record, String owner, int type) throws Exception {
    return rrset(zone(withRecords(record), "example.test."), owner, type);
  }

  static Stream<Arguments> owners() {
    return Stream.of(
        Arguments.of("www", "www.example.test."),
        Arguments.of("a.b.c", "a.b.c.example.test."),
        Arguments.of("\"@\"", "example.test."),
        Arguments.of("host.example.test.", "host.example.test."),
        Arguments.of("WWW2", "www2.example.test."),
        Arguments.of("\"*.apps\"", "*.apps.example.test."),
        Arguments.of("_sip._tcp", "_sip._tcp.example.test."),
        Arguments.of("\" spaced \"", "spaced.example.test."));
  }

  @ParameterizedTest(name = "name: {0} -> {1}")
  @MethodSource("owners")
  void ownerNamesAreRelativeToTheZone(String yamlName, String owner) throws Exception {
    RRset set = only("{ name: " + yamlName + ", type: TXT, value: x }", owner, Type.TXT);
    assertEquals(name(owner), set.getName());
  }

  /** type, value as written in YAML, expected RDATA in master-file form. */
  static Stream<Arguments> rdataCases() {
    return Stream.of(
        Arguments.of("A", "192.0.2.10", "192.0.2.10"),
        Arguments.of("a", "192.0.2.10", "192.0.2.10"),
        Arguments.of("AAAA", "\"2001:db8::10\"", "2001:db8:0:0:0:0:0:10"),
        Arguments.of("MX", "\"10 mail\"", "10 mail.example.test."),
        Arguments.of("MX", "\"20 mail2.example.net.\"", "20 mail2.example.net."),
        Arguments.of("CNAME", "www", "www.example.test."),
        Arguments.of("CNAME", "target.example.net.", "target.example.net."),
        Arguments.of("PTR", "host", "host.example.test."),
        Arguments.of("SRV", "\"10 60 5060 sip\"", "10 60 5060 sip.example.test."),
        Arguments.of("CAA", "'0 issue \"letsencrypt.org\"'", "0 issue \"letsencrypt.org\""),
        Arguments.of(
            "SSHFP",
            "\"1 1 0123456789abcdef0123456789abcdef01234567\"",
            "1 1 0123456789ABCDEF0123456789ABCDEF01234567"),
        Arguments.of("HINFO", "'\"PC\" \"Linux\"'", "\"PC\" \"Linux\""),
        Arguments.of("TXT", "\"v=spf1 -all\"", "\"v=spf1 -all\""),
        Arguments.of("TXT", "'\"a b\" \"c\"'", "\"a b\" \"c\""),
        Arguments.of("TXT", "'\"quoted\"'", "\"quoted\""),
        Arguments.of("TXT", "'say \"hi\"'", "\"say \\\"hi\\\"\""),
        Arguments.of("TYPE65280", "\"\\\\# 2 abcd\"", "\\# 2 ABCD"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("rdataCases")
  void parsesRdataInMasterFileSyntax(String type, String value, String expected) throws Exception {
    RRset set =
        only(
            "{ name: x, type: " + type + ", value: " + value + " }",
            "x.example.test.",
            Type.value(type.toUpperCase(java.util.Locale.ROOT)));
    assertEquals(List.of(expected), rdata(set));
  }

  @Test
  void unquotedTxtIsOneStringSpacesIncluded() throws Exception {
    RRset set =
        only(
            "{ name: \"@\", type: TXT, value: \"v=spf1 ip4:192.0.2.0/24 -all\" }",
            "example.test.",
            Type.TXT);
    TXTRecord txt = (TXTRecord) set.first();
    assertEquals(List.of("v=spf1 ip4:192.0.2.0/24 -all"), txt.getStrings());
  }

  @Test
  void quotedTxtUsesMasterFileSyntax() throws Exception {
    RRset set =
        only("{ name: \"@\", type: TXT, value: '\"v=spf1\" \"-all\"' }", "example.test.", Type.TXT);
    assertEquals(List.of("v=spf1", "-all"), ((TXTRecord) set.first()).getStrings());
  }

  @Test
  void longUnquotedTxtIsSplitInto255ByteStrings() throws Exception {
    String text = "k=rsa; p=" + "A".repeat(600);
    RRset set =
        only(
            "{ name: dkim._domainkey, type: TXT, value: \"" + text + "\" }",
            "dkim._domainkey.example.test.",
            Type.TXT);
    List<String> strings = ((TXTRecord) set.first()).getStrings();
    assertEquals(
        List.of(255, 255, text.length() - 510), strings.stream().map(String::length).toList());
    assertEquals(text, String.join("", strings));
  }

  @Test
  void txtOfExactly255BytesStaysOneString() throws Exception {
    String text = "b".repeat(255);
    RRset set = only("{ name: t, type: TXT, value: " + text + " }", "t.example.test.", Type.TXT);
    assertEquals(List.of(text), ((TXTRecord) set.first()).getStrings());
  }

  @Test
  void valuesMakeOneRRset() throws Exception {
    Zone zone =
        zone(
            withRecords(
                "{ name: www, type: A, values: [192.0.2.10, 192.0.2.11, 192.0.2.10] }",
                "{ name: www, type: A, value: 192.0.2.12 }"),
            "example.test.");
    assertEquals(
        List.of("192.0.2.10", "192.0.2.11", "192.0.2.12"),
        rdata(rrset(zone, "www.example.test.", Type.A)));
  }

  @Test
  void ttlsComeFromTheRecordTheZoneOrTheSoa() throws Exception {
    Zone zone =
        zone(
            """
            zones:
              - name: example.test.
                ttl: 7200
                soa: { mname: ns1, rname: hostmaster.example.net., minimum: 60 }
                records:
                  - { name: "@", type: NS, value: ns1 }
                  - { name: ns1, type: A, value: 192.0.2.1 }
                  - { name: www, type: A, ttl: 30, value: 192.0.2.2 }
            """,
            "example.test.");
    assertEquals(7200, rrset(zone, "ns1.example.test.", Type.A).getTTL());
    assertEquals(30, rrset(zone, "www.example.test.", Type.A).getTTL());
    SOARecord soa = (SOARecord) zone.soa().first();
    assertEquals(7200, soa.getTTL());
    assertEquals(name("ns1.example.test."), soa.getHost());
    assertEquals(name("hostmaster.example.net."), soa.getAdmin());
    assertEquals(60, soa.getMinimum());
    assertEquals(
        soa,
        zone.lookup(name("example.test."), Type.SOA) instanceof Lookup.Answer a
            ? a.rrset().first()
            : null);
  }

  @Test
  void soaFieldsAsConfigured() throws Exception {
    Zone zone =
        zone(
            """
            zones:
              - name: example.test
                soa: { mname: ns1.example.net., rname: hm, serial: 42, refresh: 1, retry: 2, expire: 3, minimum: 4, ttl: 5 }
                records:
                  - { name: "@", type: NS, value: ns1.example.net. }
            """,
            "example.test.");
    SOARecord soa = (SOARecord) zone.soa().first();
    assertEquals(name("example.test."), soa.getName());
    assertEquals(
        List.of(42L, 1L, 2L, 3L, 4L, 5L),
        List.of(
            soa.getSerial(),
            soa.getRefresh(),
            soa.getRetry(),
            soa.getExpire(),
            soa.getMinimum(),
            soa.getTTL()));
    assertEquals(42, zone.serial());
    assertEquals(name("hm.example.test."), soa.getAdmin());
  }

  @Test
  void allRRsetsListsEverythingIncludingTheSoa() throws Exception {
    Zone zone = zone(withRecords("{ name: www, type: MX, value: \"10 mail\" }"), "example.test.");
    List<String> sets =
        zone.allRRsets().stream()
            .map(s -> s.getName() + " " + Type.string(s.getType()))
            .sorted()
            .toList();
    assertEquals(
        List.of(
            "example.test. NS", "example.test. SOA", "ns1.example.test. A", "www.example.test. MX"),
        sets);
    Record mx = rrset(zone, "www.example.test.", Type.MX).first();
    assertEquals(name("mail.example.test."), ((MXRecord) mx).getTarget());
  }

  @Test
  void cnameTargetsAreRelativeToTheZone() throws Exception {
    RRset set = only("{ name: alias, type: CNAME, value: www }", "alias.example.test.", Type.CNAME);
    assertNotNull(set);
    assertEquals(name("www.example.test."), ((CNAMERecord) set.first()).getTarget());
  }
}
