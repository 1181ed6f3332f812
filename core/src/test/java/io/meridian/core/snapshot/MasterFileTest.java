package io.meridian.core.snapshot;

import static io.meridian.core.snapshot.Fixtures.compileProblems;
import static io.meridian.core.snapshot.Fixtures.describe;
import static io.meridian.core.snapshot.Fixtures.lookup;
import static io.meridian.core.snapshot.Fixtures.name;
import static io.meridian.core.snapshot.Fixtures.rdata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.core.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Type;

/** Zones from RFC 1035 master files, relative to the config's directory. */
class MasterFileTest {

  @TempDir Path dir;

  private static final String CONFIG =
      """
      zones:
        - name: example.test
          ttl: 120
          file: zones/example.test.zone
      """;

  private static final String SOA = "@ IN SOA ns1 hostmaster 2024010101 3600 600 1209600 300\n";

  private void write(String text) throws Exception {
    Files.createDirectories(dir.resolve("zones"));
    Files.writeString(dir.resolve("zones/example.test.zone"), text);
  }

  private Zone compile(String text) throws Exception {
    write(text);
    return new SnapshotCompiler(Fixtures.CLOCK)
        .compile(Fixtures.read(CONFIG, dir), null)
        .zones()
        .get(name("example.test."));
  }

  private List<Problem> problems(String text) throws Exception {
    write(text);
    return compileProblems(CONFIG, dir);
  }

  @Test
  void readsAZoneWithOriginTtlAndRelativeNames() throws Exception {
    Zone zone =
        compile(
            SOA
                + """
                @        IN NS   ns1
                @        IN NS   ns2.example.net.
                ns1      IN A    192.0.2.1
                www  60  IN A    192.0.2.10
                         IN AAAA 2001:db8::10
                @        IN MX   10 www
                txt      IN TXT  "v=spf1" "-all"
                $TTL 30
                late     IN A    192.0.2.30
                $ORIGIN sub.example.test.
                host     IN A    192.0.2.40
                """);
    assertEquals(2024010101L, zone.serial());
    assertEquals(120, zone.soa().getTTL());
    assertEquals(
        List.of("192.0.2.10"),
        rdata(lookup(zone, "www.example.test.", Type.A, Lookup.Answer.class).rrset()));
    lookup(zone, "www.example.test.", Type.AAAA, Lookup.Answer.class);
    assertEquals(
        120, lookup(zone, "ns1.example.test.", Type.A, Lookup.Answer.class).rrset().getTTL());
    assertEquals(
        30, lookup(zone, "late.example.test.", Type.A, Lookup.Answer.class).rrset().getTTL());
    assertEquals(
        List.of("10 www.example.test."),
        rdata(lookup(zone, "example.test.", Type.MX, Lookup.Answer.class).rrset()));
    assertEquals(
        List.of("\"v=spf1\" \"-all\""),
        rdata(lookup(zone, "txt.example.test.", Type.TXT, Lookup.Answer.class).rrset()));
    lookup(zone, "host.sub.example.test.", Type.A, Lookup.Answer.class);
    lookup(zone, "sub.example.test.", Type.A, Lookup.NoData.class);
    // the SOA is served once, with the apex as owner
    assertEquals(1, zone.allRRsets().stream().filter(s -> s.getType() == Type.SOA).count());
  }

  @Test
  void syntaxErrorCarriesFileNameAndLine() throws Exception {
    List<Problem> problems =
        problems(SOA + "@ IN NS ns1\nns1 IN A 192.0.2.1\nwww IN A 192.0.2.999\n");
    assertEquals(1, problems.size(), () -> describe(problems));
    Problem p = problems.get(0);
    assertEquals("zones[0].file", p.path());
    assertEquals(4, p.line());
    assertTrue(p.message().contains("example.test.zone:4:"), p.message());
    assertTrue(p.message().startsWith("master file: "), p.message());
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of(
            "no SOA",
            "@ IN NS ns.example.net.\n",
            "zones[0].file",
            "exactly one SOA at its apex, found 0"),
        Arguments.of(
            "two SOAs",
            SOA + SOA.replace("2024010101", "2024010102") + "@ IN NS ns.example.net.\n",
            "zones[0].file",
            "found 2"),
        Arguments.of(
            "SOA below the apex",
            "www IN SOA ns1 hm 1 2 3 4 5\n@ IN NS ns.example.net.\n",
            "zones[0].file",
            "SOA at 'www.example.test.' is not at the zone apex example.test."),
        Arguments.of(
            "record outside the zone",
            SOA + "@ IN NS ns.example.net.\nwww.other.test. IN A 192.0.2.1\n",
            "zones[0].file (example.test.zone: ",
            "'www.other.test.' is outside the zone example.test."),
        Arguments.of(
            "DNAME",
            SOA + "@ IN NS ns.example.net.\nold IN DNAME new.example.net.\n",
            "zones[0].file (example.test.zone: ",
            "type DNAME cannot be served"),
        Arguments.of(
            "NSEC",
            SOA + "@ IN NS ns.example.net.\nx IN NSEC y.example.test. A\n",
            "zones[0].file (example.test.zone: ",
            "type NSEC cannot be served"),
        Arguments.of(
            "no NS", SOA + "www IN A 192.0.2.1\n", "zones[0]", "no NS records at its apex"),
        Arguments.of(
            "CNAME with other data",
            SOA + "@ IN NS ns.example.net.\nx IN CNAME www\nx IN TXT hi\n",
            "zones[0].file (example.test.zone: ",
            "has a CNAME and other data"),
        Arguments.of(
            "in-zone NS without address",
            SOA + "@ IN NS ns1\n",
            "zones[0].file (example.test.zone: ",
            "name server 'ns1.example.test.' is inside the zone"),
        Arguments.of(
            "different TTLs",
            SOA + "@ IN NS ns.example.net.\nw 60 IN A 192.0.2.1\nw 70 IN A 192.0.2.2\n",
            "zones[0].file (example.test.zone: ",
            "RFC 2181"),
        Arguments.of(
            "unknown type",
            SOA + "@ IN NS ns.example.net.\nx IN BOGUS foo\n",
            "zones[0].file",
            "example.test.zone:3:"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void reportsProblemsOfTheFile(String name, String text, String pathPrefix, String substring)
      throws Exception {
    List<Problem> problems = problems(text);
    assertTrue(
        problems.stream()
            .anyMatch(p -> p.path().startsWith(pathPrefix) && p.message().contains(substring)),
        () -> describe(problems));
    // problems of the file (and of its records) point at the file key, others at the zone
    problems.forEach(
        p -> assertEquals(p.path().startsWith("zones[0].file") ? 4 : 2, p.line(), p::toString));
  }

  @Test
  void missingFileIsAProblem() {
    List<Problem> problems = compileProblems(CONFIG, dir);
    assertEquals(1, problems.size(), () -> describe(problems));
    assertEquals("zones[0].file", problems.get(0).path());
    assertEquals(4, problems.get(0).line());
    assertTrue(
        problems.get(0).message().contains("cannot read master file"), problems.get(0).message());
  }

  @Test
  void unchangedFileKeepsItsSerialAndChangedFileGoesUp() throws Exception {
    String text = SOA + "@ IN NS ns.example.net.\nwww IN A 192.0.2.1\n";
    write(text);
    SnapshotCompiler compiler = new SnapshotCompiler(Fixtures.CLOCK);
    Snapshot first = compiler.compile(Fixtures.read(CONFIG, dir), null);
    Snapshot second = compiler.compile(Fixtures.read(CONFIG, dir), first);
    assertEquals(2024010101L, second.zones().get(name("example.test.")).serial());
    write(text + "mail IN A 192.0.2.2\n");
    Snapshot third = compiler.compile(Fixtures.read(CONFIG, dir), second);
    assertEquals(2024010102L, third.zones().get(name("example.test.")).serial());
    write(text.replace("2024010101", "2024020101") + "mail IN A 192.0.2.2\n");
    Snapshot fourth = compiler.compile(Fixtures.read(CONFIG, dir), third);
    assertEquals(2024020101L, fourth.zones().get(name("example.test.")).serial());
  }
}
