package io.meridian.core.snapshot;

import static io.meridian.core.snapshot.Fixtures.compileProblems;
import static io.meridian.core.snapshot.Fixtures.describe;
import static io.meridian.core.snapshot.Fixtures.recordLine;
import static io.meridian.core.snapshot.Fixtures.withRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.core.config.Problem;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table of zones that read fine but must not compile: each case gives the records added to a valid
 * zone, the path and line of the expected problem and substrings of its message.
 */
class CompileProblemsTest {

  record Case(String name, String yaml, String path, int line, List<String> substrings, int count) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** One problem, at records[index] + suffix of a {@link Fixtures#withRecords} document. */
  private static Case rec(
      String name, int index, String suffix, List<String> records, String... substrings) {
    return new Case(
        name,
        withRecords(records.toArray(String[]::new)),
        "zones[0].records[" + index + "]" + suffix,
        recordLine(index),
        List.of(substrings),
        1);
  }

  private static Case rec(String name, String suffix, String record, String... substrings) {
    return rec(name, 2, suffix, List.of(record), substrings);
  }

  private static Case doc(String name, String yaml, String path, int line, String... substrings) {
    return new Case(name, yaml, path, line, List.of(substrings), 1);
  }

  static Stream<Case> cases() {
    return Stream.of(
        // ---- names
        rec(
            "owner outside the zone",
            ".name",
            "{ name: www.other.test., type: A, value: 192.0.2.9 }",
            "'www.other.test.' is outside the zone example.test."),
        rec(
            "owner is the parent",
            ".name",
            "{ name: test., type: A, value: 192.0.2.9 }",
            "outside the zone"),
        rec(
            "owner with empty label",
            ".name",
            "{ name: a..b, type: A, value: 192.0.2.9 }",
            "'a..b' is not a valid domain name"),
        rec(
            "owner label too long",
            ".name",
            "{ name: " + "x".repeat(64) + ", type: A, value: 192.0.2.9 }",
            "not a valid domain name"),
        // ---- types
        rec(
            "unknown type",
            ".type",
            "{ name: www, type: BOGUS, value: x }",
            "unknown record type 'BOGUS'"),
        rec(
            "SOA as a record",
            ".type",
            "{ name: \"@\", type: SOA, value: ns1 hm 1 2 3 4 5 }",
            "'soa' key"),
        rec("meta type ANY", ".type", "{ name: www, type: ANY, value: x }", "cannot be served"),
        rec("meta type AXFR", ".type", "{ name: www, type: AXFR, value: x }", "cannot be served"),
        rec("meta type IXFR", ".type", "{ name: www, type: IXFR, value: x }", "cannot be served"),
        rec("meta type OPT", ".type", "{ name: www, type: OPT, value: x }", "cannot be served"),
        rec("meta type TSIG", ".type", "{ name: www, type: TSIG, value: x }", "cannot be served"),
        rec("meta type TKEY", ".type", "{ name: www, type: TKEY, value: x }", "cannot be served"),
        rec("meta type MAILA", ".type", "{ name: www, type: MAILA, value: x }", "cannot be served"),
        rec("meta type MAILB", ".type", "{ name: www, type: MAILB, value: x }", "cannot be served"),
        rec(
            "DNSSEC type RRSIG",
            ".type",
            "{ name: www, type: RRSIG, value: x }",
            "cannot be served"),
        rec("DNSSEC type NSEC", ".type", "{ name: www, type: NSEC, value: x }", "cannot be served"),
        rec(
            "DNSSEC type NSEC3",
            ".type",
            "{ name: www, type: NSEC3, value: x }",
            "cannot be served"),
        rec(
            "DNSSEC type NSEC3PARAM",
            ".type",
            "{ name: \"@\", type: NSEC3PARAM, value: 1 0 0 - }",
            "cannot be served"),
        rec(
            "DNSSEC type DNSKEY",
            ".type",
            "{ name: \"@\", type: DNSKEY, value: 257 3 13"
                + " mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ=="
                + " }",
            "cannot be served"),
        rec(
            "DNSSEC type CDS",
            ".type",
            "{ name: \"@\", type: CDS, value: 0 0 0 00 }",
            "cannot be served"),
        rec(
            "DNAME",
            ".type",
            "{ name: old, type: DNAME, value: new.example.net. }",
            "cannot be served"),
        rec(
            "lower-case meta type",
            ".type",
            "{ name: www, type: any, value: x }",
            "cannot be served"),
        // ---- RDATA
        rec(
            "bad IPv4",
            ".value",
            "{ name: www, type: A, value: 999.1.1.1 }",
            "invalid A data '999.1.1.1'"),
        rec(
            "IPv6 in an A",
            ".value",
            "{ name: www, type: A, value: \"2001:db8::1\" }",
            "invalid A data"),
        rec(
            "IPv4 in an AAAA",
            ".value",
            "{ name: www, type: AAAA, value: 192.0.2.1 }",
            "invalid AAAA data"),
        rec(
            "trailing junk",
            ".value",
            "{ name: www, type: A, value: 192.0.2.1 junk }",
            "invalid A data"),
        rec(
            "MX without preference",
            ".value",
            "{ name: \"@\", type: MX, value: mail }",
            "invalid MX data 'mail'"),
        rec(
            "SRV missing fields",
            ".value",
            "{ name: _sip._tcp, type: SRV, value: 10 60 sip }",
            "invalid SRV data"),
        rec(
            "CAA bad flags",
            ".value",
            "{ name: \"@\", type: CAA, value: 'x issue \"ca.example\"' }",
            "invalid CAA data"),
        rec(
            "unterminated quoted TXT",
            ".value",
            "{ name: www, type: TXT, value: '\"unterminated' }",
            "invalid TXT data"),
        rec(
            "quoted TXT string over 255 bytes",
            ".value",
            "{ name: www, type: TXT, value: '\"" + "y".repeat(256) + "\"' }",
            "invalid TXT data"),
        rec(
            "bad value in a list",
            2,
            ".values[1]",
            List.of("{ name: www, type: A, values: [192.0.2.7, 192.0.2.300, 192.0.2.8] }"),
            "invalid A data '192.0.2.300'"),
        // ---- CNAMEs
        rec(
            "CNAME and A at one name",
            2,
            ".value",
            List.of(
                "{ name: www, type: CNAME, value: ns1 }",
                "{ name: www, type: A, value: 192.0.2.9 }"),
            "'www.example.test.' has a CNAME and other data",
            "a CNAME must be the only record"),
        rec(
            "CNAME and TXT at one name",
            3,
            ".value",
            List.of("{ name: www, type: TXT, value: x }", "{ name: www, type: CNAME, value: ns1 }"),
            "has a CNAME and other data"),
        rec(
            "two CNAMEs in one entry",
            2,
            ".values[1]",
            List.of("{ name: www, type: CNAME, values: [a.example.net., b.example.net.] }"),
            "'www.example.test.' has more than one CNAME"),
        rec(
            "two CNAME entries",
            3,
            ".value",
            List.of(
                "{ name: www, type: CNAME, value: a.example.net. }",
                "{ name: www, type: CNAME, value: b.example.net. }"),
            "more than one CNAME"),
        new Case(
            "CNAME at the apex",
            withRecords("{ name: \"@\", type: CNAME, value: www.example.net. }"),
            "zones[0].records[2].value",
            recordLine(2),
            List.of("a CNAME cannot be at the zone apex"),
            2 /* also: CNAME with the apex NS */),
        // ---- RRsets
        rec(
            "different TTLs in one RRset",
            3,
            ".value",
            List.of(
                "{ name: www, type: A, ttl: 60, value: 192.0.2.7 }",
                "{ name: www, type: A, ttl: 120, value: 192.0.2.8 }"),
            "TTL 120 differs from TTL 60",
            "RFC 2181"),
        rec(
            "explicit TTL differs from the zone default",
            2,
            ".value",
            List.of("{ name: \"@\", type: NS, ttl: 60, value: ns2.example.net. }"),
            "differs",
            "RFC 2181"),
        // ---- apex and name servers
        doc(
            "no NS at the apex",
            """
            zones:
              - name: example.test.
                soa: { mname: ns1, rname: hostmaster }
                records:
                  - { name: www, type: NS, value: ns.example.net. }
            """,
            "zones[0]",
            2,
            "zone example.test. has no NS records at its apex"),
        doc(
            "no records at all",
            "zones:\n  - name: example.test.\n    soa: { mname: ns1, rname: hostmaster }\n",
            "zones[0]",
            2,
            "no NS records at its apex"),
        rec(
            "in-zone apex NS without address",
            2,
            ".value",
            List.of("{ name: \"@\", type: NS, value: ns2 }"),
            "name server 'ns2.example.test.' is inside the zone but has no A or AAAA record"),
        rec(
            "in-zone apex NS that is a CNAME",
            2,
            ".value",
            List.of(
                "{ name: \"@\", type: NS, value: ns2 }", "{ name: ns2, type: CNAME, value: ns1 }"),
            "'ns2.example.test.' is inside the zone but has no A or AAAA"),
        // ---- delegations
        rec(
            "delegation without glue",
            2,
            ".value",
            List.of("{ name: sub, type: NS, value: ns.sub }"),
            "name server 'ns.sub.example.test.'",
            "(glue for the delegation)"),
        rec(
            "delegation to an in-zone name without address",
            2,
            ".value",
            List.of("{ name: sub, type: NS, value: nothing }"),
            "'nothing.example.test.' is inside the zone"),
        rec(
            "data below a delegation",
            4,
            ".value",
            List.of(
                "{ name: sub, type: NS, value: ns.example.net. }",
                "{ name: ns.sub, type: A, value: 192.0.2.53 }",
                "{ name: www.sub, type: TXT, value: hidden }"),
            "TXT at 'www.sub.example.test.' is hidden by the delegation at 'sub.example.test.'",
            "glue (A, AAAA)"),
        rec(
            "CNAME below a delegation",
            3,
            ".value",
            List.of(
                "{ name: sub, type: NS, value: ns.example.net. }",
                "{ name: x.sub, type: CNAME, value: www.example.net. }"),
            "hidden by the delegation"),
        rec(
            "MX at a delegation point",
            3,
            ".value",
            List.of(
                "{ name: sub, type: NS, value: ns.example.net. }",
                "{ name: sub, type: MX, value: 10 mail.example.net. }"),
            "MX at 'sub.example.test.' is hidden by the delegation",
            "only NS, DS and glue"),
        new Case(
            "CNAME at a delegation point",
            withRecords(
                "{ name: sub, type: NS, value: ns.example.net. }",
                "{ name: sub, type: CNAME, value: www.example.net. }"),
            "zones[0].records[3].value",
            recordLine(3),
            List.of("hidden by the delegation"),
            2 /* also: CNAME and other data */),
        rec(
            "delegation below a delegation",
            3,
            ".value",
            List.of(
                "{ name: sub, type: NS, value: ns.example.net. }",
                "{ name: deeper.sub, type: NS, value: ns.example.net. }"),
            "NS at 'deeper.sub.example.test.' is hidden by the delegation at 'sub.example.test.'"),
        rec(
            "wildcard delegation",
            2,
            ".value",
            List.of("{ name: \"*.d\", type: NS, value: ns.example.net. }"),
            "a wildcard name cannot be delegated"),
        // ---- SOA
        doc(
            "bad SOA mname",
            """
            zones:
              - name: example.test.
                soa: { mname: "a..b", rname: hostmaster }
                records:
                  - { name: "@", type: NS, value: ns.example.net. }
            """,
            "zones[0].soa.mname",
            3,
            "not a valid domain name"),
        // ---- zones
        doc(
            "duplicate zone names",
            """
            zones:
              - name: example.test
                soa: { mname: ns1, rname: hostmaster }
                records: [ { name: "@", type: NS, value: ns.example.net. } ]
              - name: EXAMPLE.test.
                soa: { mname: ns1, rname: hostmaster }
                records: [ { name: "@", type: NS, value: ns.example.net. } ]
            """,
            "zones[1].name",
            5,
            "is already defined at zones[0]"),
        doc(
            "bad zone name",
            "zones:\n  - name: a..test\n    soa: { mname: ns1, rname: hostmaster }\n",
            "zones[0].name",
            2,
            "not a valid domain name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsProblem(Case c) {
    List<Problem> problems = compileProblems(c.yaml());
    Problem match =
        problems.stream()
            .filter(p -> p.path().equals(c.path()))
            .filter(p -> c.substrings().stream().allMatch(p.message()::contains))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no problem at '"
                            + c.path()
                            + "' containing "
                            + c.substrings()
                            + " in:\n"
                            + describe(problems)));
    assertEquals(c.line(), match.line(), match::toString);
    assertEquals(c.count(), problems.size(), () -> describe(problems));
  }

  @Test
  void reportsEveryProblemOfEveryZoneAtOnce() {
    List<Problem> problems =
        compileProblems(
            """
            zones:
              - name: one.test.
                soa: { mname: ns1, rname: hostmaster }
                records:
                  - { name: "@", type: NS, value: ns1 }
                  - { name: ns1, type: A, value: 192.0.2.1 }
                  - { name: www, type: A, value: not-an-address }
                  - { name: elsewhere.test., type: A, value: 192.0.2.2 }
                  - { name: x, type: WHATEVER, value: 1 }
              - name: two.test.
                soa: { mname: ns1, rname: hostmaster }
                records:
                  - { name: www, type: A, value: 192.0.2.3 }
              - name: one.test.
                soa: { mname: ns1, rname: hostmaster }
            """);
    List<String> where = problems.stream().map(p -> p.path() + "@" + p.line()).sorted().toList();
    assertEquals(
        List.of(
            "zones[0].records[2].value@7",
            "zones[0].records[3].name@8",
            "zones[0].records[4].type@9",
            "zones[1]@10",
            "zones[2].name@14"),
        where,
        () -> describe(problems));
  }

  @Test
  void problemsCarryTheSourceNameInTheMessage() {
    List<Problem> problems = compileProblems(withRecords("{ name: www, type: A, value: nope }"));
    assertEquals(1, problems.size());
    assertTrue(
        problems
            .get(0)
            .toString()
            .startsWith("zones[0].records[2].value (line 7): invalid A data"));
  }
}
