package io.meridian.core.snapshot;

import static io.meridian.core.snapshot.Fixtures.lookup;
import static io.meridian.core.snapshot.Fixtures.name;
import static io.meridian.core.snapshot.Fixtures.rdata;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/**
 * The example zone of RFC 4592 section 2.2.1 and its questions, "answered from the wildcard" or
 * not, with the zone both inline and as a master file.
 */
class Rfc4592WildcardTest {

  static final String INLINE =
      """
      zones:
        - name: example.
          soa: { mname: ns.example.com., rname: hostmaster.example.com. }
          records:
            - { name: "@", type: NS, values: [ns.example.com., ns.example.net.] }
            - { name: "*", type: TXT, value: '"this is a wildcard"' }
            - { name: "*", type: MX, value: "10 host1.example." }
            - { name: "sub.*", type: TXT, value: '"this is not a wildcard"' }
            - { name: host1, type: A, value: 192.0.2.1 }
            - { name: _ssh._tcp.host1, type: SRV, value: "0 0 22 host1.example." }
            - { name: _ssh._tcp.host2, type: SRV, value: "0 0 22 host2.example." }
            - { name: subdel, type: NS, values: [ns.example.com., ns.example.net.] }
      """;

  static final String MASTER =
      """
      $ORIGIN example.
      example.                 3600 IN  SOA   ns.example.com. hostmaster.example.com. 1 3600 600 1209600 300
      example.                 3600     NS    ns.example.com.
      example.                 3600     NS    ns.example.net.
      *.example.               3600     TXT   "this is a wildcard"
      *.example.               3600     MX    10 host1.example.
      sub.*.example.           3600     TXT   "this is not a wildcard"
      host1.example.           3600     A     192.0.2.1
      _ssh._tcp.host1.example. 3600     SRV   0 0 22 host1.example.
      _ssh._tcp.host2.example. 3600     SRV   0 0 22 host2.example.
      subdel.example.          3600     NS    ns.example.com.
      subdel.example.          3600     NS    ns.example.net.
      """;

  @TempDir static Path dir;
  private static final List<Zone> ZONES = new ArrayList<>();

  @BeforeAll
  static void compile() throws Exception {
    ZONES.add(Fixtures.zone(INLINE, "example."));
    Files.writeString(dir.resolve("example.zone"), MASTER);
    ZONES.add(
        new SnapshotCompiler(Fixtures.CLOCK)
            .compile(Fixtures.read("zones: [ { name: example, file: example.zone } ]", dir), null)
            .zones()
            .get(name("example.")));
  }

  /** qname, qtype, outcome, and for answers the RDATA expected (owner is always the qname). */
  static Stream<Arguments> table() {
    List<Arguments> rows =
        List.of(
            // answered from the wildcard
            Arguments.of("host3.example.", Type.MX, Lookup.Answer.class, "10 host1.example."),
            Arguments.of("host3.example.", Type.A, Lookup.NoData.class, null),
            Arguments.of(
                "foo.bar.example.", Type.TXT, Lookup.Answer.class, "\"this is a wildcard\""),
            Arguments.of("host3.example.", Type.ANY, Lookup.Answer.class, "10 host1.example."),
            // not answered from the wildcard
            Arguments.of("host1.example.", Type.MX, Lookup.NoData.class, null),
            Arguments.of("sub.*.example.", Type.MX, Lookup.NoData.class, null),
            Arguments.of("_telnet._tcp.host1.example.", Type.SRV, Lookup.NxDomain.class, null),
            Arguments.of("host.subdel.example.", Type.A, Lookup.Referral.class, null),
            Arguments.of("ghost.*.example.", Type.MX, Lookup.NxDomain.class, null),
            // around them
            Arguments.of("host1.example.", Type.A, Lookup.Answer.class, "192.0.2.1"),
            Arguments.of(
                "sub.*.example.", Type.TXT, Lookup.Answer.class, "\"this is not a wildcard\""),
            Arguments.of("*.example.", Type.TXT, Lookup.Answer.class, "\"this is a wildcard\""),
            Arguments.of("_tcp.host1.example.", Type.SRV, Lookup.NoData.class, null),
            Arguments.of("host2.example.", Type.A, Lookup.NoData.class, null),
            Arguments.of("_tcp.host2.example.", Type.A, Lookup.NoData.class, null),
            Arguments.of("foo.host2.example.", Type.TXT, Lookup.NxDomain.class, null),
            Arguments.of(
                "_ssh._tcp.host2.example.", Type.SRV, Lookup.Answer.class, "0 0 22 host2.example."),
            Arguments.of("subdel.example.", Type.MX, Lookup.Referral.class, null),
            Arguments.of("subdel.example.", Type.DS, Lookup.NoData.class, null),
            Arguments.of("example.", Type.TXT, Lookup.NoData.class, null));
    return Stream.of(0, 1)
        .flatMap(
            source ->
                rows.stream()
                    .map(
                        row -> {
                          Object[] a = row.get();
                          return Arguments.of(
                              source == 0 ? "inline" : "master file", a[0], a[1], a[2], a[3]);
                        }));
  }

  @ParameterizedTest(name = "{0}: {1} {2} -> {3}")
  @MethodSource("table")
  void rfc4592Example(
      String source, String qname, int qtype, Class<? extends Lookup> kind, String rdata) {
    Zone zone = ZONES.get(source.equals("inline") ? 0 : 1);
    Lookup result = lookup(zone, qname, qtype, kind);
    if (result instanceof Lookup.Answer answer) {
      RRset set = answer.rrset();
      assertEquals(name(qname), set.getName());
      set.rrs(false).forEach(r -> assertEquals(name(qname), r.getName()));
      assertEquals(List.of(rdata), rdata(set));
    }
    if (result instanceof Lookup.Referral referral) {
      assertEquals(name("subdel.example."), referral.ns().getName());
      assertEquals(List.of("ns.example.com.", "ns.example.net."), rdata(referral.ns()));
    }
  }
}
