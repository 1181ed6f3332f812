package io.meridian.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Structural checks of {@link ConfigReader}: defaults, value parsing, and every problem reported.
 */
class ConfigReaderTest {

  private static final Path BASE = Path.of("/tmp/meridian-test");

  /** A valid zone; its records start at line 5 (records[0]) of the zones part. */
  private static final String ZONE =
      """
      zones:
        - name: example.test.
          soa: { mname: ns1, rname: hostmaster }
          records:
            - { name: "@", type: NS, value: ns1 }
            - { name: ns1, type: A, value: 192.0.2.1 }
      """;

  static MeridianConfig read(String yaml) throws InvalidConfigException {
    return ConfigReader.read(yaml, "test.yaml", BASE);
  }

  static List<Problem> problems(String yaml) {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(yaml));
    assertTrue(e.getMessage().contains("test.yaml"), e.getMessage());
    return e.problems();
  }

  private static String describe(List<Problem> problems) {
    return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
  }

  // ---------------------------------------------------------------- valid documents and defaults

  @Test
  void defaultsWhenServerIsAbsent() throws Exception {
    MeridianConfig config = read(ZONE);
    ServerConfig server = config.server();
    assertEquals(
        List.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 53)), server.listen());
    assertEquals(1232, server.udpPayloadSize());
    assertEquals(0, server.udpThreads());
    assertEquals(Duration.ofSeconds(10), server.tcpIdleTimeout());
    assertEquals("test.yaml", config.source().name());
    assertEquals(BASE, config.source().baseDir());

    ZoneConfig zone = config.zones().get(0);
    assertEquals("example.test.", zone.name());
    assertEquals(3600, zone.defaultTtl());
    assertEquals(Optional.empty(), zone.file());
    assertEquals("zones[0]", zone.path());
    SoaConfig soa = zone.soa().orElseThrow();
    assertEquals("ns1", soa.mname());
    assertEquals("hostmaster", soa.rname());
    assertEquals(Optional.empty(), soa.serial());
    assertEquals(3600, soa.refresh());
    assertEquals(600, soa.retry());
    assertEquals(1209600, soa.expire());
    assertEquals(300, soa.minimum());
    assertEquals(Optional.empty(), soa.ttl());
    assertEquals(2, zone.records().size());
    RecordConfig ns = zone.records().get(0);
    assertEquals("zones[0].records[0]", ns.path());
    assertEquals("@", ns.name());
    assertEquals("NS", ns.type());
    assertEquals(Optional.empty(), ns.ttl());
    assertEquals(List.of("ns1"), ns.values());
  }

  @Test
  void readsEveryField() throws Exception {
    MeridianConfig config =
        read(
            """
            server:
              listen: ["127.0.0.1:5353", "[::1]:5354", 10.0.0.1, "::1", "0.0.0.0:0"]
              udp_payload_size: 4096
              udp_threads: 256
              tcp_idle_timeout: 500ms
            zones:
              - name: example.test
                ttl: 60
                soa:
                  mname: ns1.example.test.
                  rname: hostmaster
                  serial: 4294967295
                  refresh: 1
                  retry: 2
                  expire: 3
                  minimum: 4
                  ttl: 5
                records:
                  - { name: www, type: A, ttl: 0, values: [192.0.2.1, 192.0.2.2] }
                  - { name: www, type: TXT, value: "v=spf1 -all" }
              - name: other.test.
                ttl: 2147483647
                file: zones/other.zone
            """);
    ServerConfig server = config.server();
    assertEquals(
        List.of(
            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 5353),
            new InetSocketAddress(InetAddress.getByName("::1"), 5354),
            new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 53),
            new InetSocketAddress(InetAddress.getByName("::1"), 53),
            new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0)),
        server.listen());
    assertEquals(4096, server.udpPayloadSize());
    assertEquals(256, server.udpThreads());
    assertEquals(Duration.ofMillis(500), server.tcpIdleTimeout());

    ZoneConfig inline = config.zones().get(0);
    assertEquals(60, inline.defaultTtl());
    assertEquals(
        new SoaConfig(
            "ns1.example.test.",
            "hostmaster",
            Optional.of(4294967295L),
            1,
            2,
            3,
            4,
            Optional.of(5L)),
        inline.soa().orElseThrow());
    assertEquals(
        new RecordConfig(
            "zones[0].records[0]", "www", "A", Optional.of(0L), List.of("192.0.2.1", "192.0.2.2")),
        inline.records().get(0));
    assertEquals(List.of("v=spf1 -all"), inline.records().get(1).values());

    ZoneConfig file = config.zones().get(1);
    assertEquals(1, file.index());
    assertEquals(Optional.of("zones/other.zone"), file.file());
    assertEquals(Optional.empty(), file.soa());
    assertEquals(List.of(), file.records());
    assertEquals(2147483647L, file.defaultTtl());
  }

  static Stream<Arguments> listenAddresses() {
    return Stream.of(
        Arguments.of("127.0.0.1", "127.0.0.1", 53),
        Arguments.of("127.0.0.1:5353", "127.0.0.1", 5353),
        Arguments.of("\"::1\"", "::1", 53),
        Arguments.of("\"[::1]:5353\"", "::1", 5353),
        Arguments.of("\"[2001:db8::1]\"", "2001:db8::1", 53),
        Arguments.of("\"::\"", "::", 53),
        Arguments.of("0.0.0.0:65535", "0.0.0.0", 65535),
        Arguments.of("\" 192.0.2.1:53 \"", "192.0.2.1", 53));
  }

  @ParameterizedTest(name = "listen: {0}")
  @MethodSource("listenAddresses")
  void parsesListenAddresses(String yaml, String address, int port) throws Exception {
    MeridianConfig config = read("server:\n  listen: " + yaml + "\n" + ZONE);
    assertEquals(
        List.of(new InetSocketAddress(InetAddress.getByName(address), port)),
        config.server().listen());
  }

  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.of("500ms", Duration.ofMillis(500)),
        Arguments.of("10s", Duration.ofSeconds(10)),
        Arguments.of("5m", Duration.ofMinutes(5)),
        Arguments.of("1h", Duration.ofHours(1)),
        Arguments.of("30", Duration.ofSeconds(30)),
        Arguments.of("\"45\"", Duration.ofSeconds(45)),
        Arguments.of("\" 2m \"", Duration.ofMinutes(2)));
  }

  @ParameterizedTest(name = "tcp_idle_timeout: {0}")
  @MethodSource("durations")
  void parsesDurations(String yaml, Duration expected) throws Exception {
    MeridianConfig config = read("server:\n  tcp_idle_timeout: " + yaml + "\n" + ZONE);
    assertEquals(expected, config.server().tcpIdleTimeout());
  }

  @Test
  void readsFromPathWithItsDirectoryAsBase(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("m.yaml");
    Files.writeString(file, ZONE);
    MeridianConfig config = ConfigReader.read(file);
    assertEquals(dir.toAbsolutePath().normalize(), config.source().baseDir());
    assertEquals(file.toString(), config.source().name());
  }

  @Test
  void missingFileIsAnIoException(@TempDir Path dir) {
    assertThrows(IOException.class, () -> ConfigReader.read(dir.resolve("nope.yaml")));
  }

  // ---------------------------------------------------------------- problems, one at a time

  /** A case: a document, and the one problem expected (path, line or 0 to skip, substrings). */
  record Case(String name, String yaml, String path, int line, List<String> substrings) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case c(String name, String yaml, String path, int line, String... substrings) {
    return new Case(name, yaml, path, line, List.of(substrings));
  }

  /** The {@link #ZONE} document preceded by a server section {@code server} (two lines). */
  private static String server(String key, String value) {
    return "server:\n  " + key + ": " + value + "\n" + ZONE;
  }

  /** The valid zone with one more record line (it becomes records[2] on line 7). */
  private static String record(String flow) {
    return ZONE + "      - " + flow + "\n";
  }

  static Stream<Case> invalidDocuments() {
    return Stream.of(
        c(
            "unknown top-level key",
            "serverx: {}\n" + ZONE,
            "serverx",
            1,
            "unknown property 'serverx' (expected one of: admin, balancers, checks, cluster,"
                + " demo_backends, geoip, health, locations, metrics, policies, pools, regions,"
                + " server, zones)"),
        c(
            "unknown server key",
            server("listn", "127.0.0.1"),
            "server.listn",
            2,
            "unknown property 'listn' (expected one of: listen, tcp_idle_timeout, udp_payload_size,"
                + " udp_threads)"),
        c("server is not a mapping", "server: 5\n" + ZONE, "server", 1, "must be a mapping"),
        c(
            "listen host name",
            server("listen", "localhost"),
            "server.listen",
            2,
            "'localhost'",
            "host names are not resolved"),
        c(
            "listen host name with port",
            server("listen", "ns.example.com:53"),
            "server.listen",
            2,
            "host names are not resolved"),
        c(
            "listen second element",
            "server:\n  listen:\n    - 127.0.0.1\n    - example.com\n" + ZONE,
            "server.listen[1]",
            4,
            "'example.com'"),
        c(
            "listen bad IPv4",
            server("listen", "256.1.1.1"),
            "server.listen",
            2,
            "not an IP address"),
        c(
            "listen five octets",
            server("listen", "1.2.3.4.5"),
            "server.listen",
            2,
            "not an IP address"),
        c(
            "listen port too big",
            server("listen", "127.0.0.1:65536"),
            "server.listen",
            2,
            "port '65536' must be a number from 0 to 65535"),
        c(
            "listen port not a number",
            server("listen", "127.0.0.1:dns"),
            "server.listen",
            2,
            "port 'dns'"),
        c("listen empty port", server("listen", "\"127.0.0.1:\""), "server.listen", 2, "port ''"),
        c(
            "listen unclosed bracket",
            server("listen", "\"[::1\""),
            "server.listen",
            2,
            "without ']'"),
        c(
            "listen bracket without colon",
            server("listen", "\"[::1]5353\""),
            "server.listen",
            2,
            "must be [address]:port"),
        c(
            "listen bracketed bad port",
            server("listen", "\"[::1]:99999\""),
            "server.listen",
            2,
            "port '99999'"),
        c(
            "listen bad IPv6",
            server("listen", "\"[::g]:53\""),
            "server.listen",
            2,
            "not an IP address"),
        c("listen mapping", server("listen", "{a: 1}"), "server.listen", 2, "must be a list"),
        c(
            "udp_payload_size too small",
            server("udp_payload_size", "511"),
            "server.udp_payload_size",
            2,
            "must be between 512 and 65535, got 511"),
        c(
            "udp_payload_size too big",
            server("udp_payload_size", "65536"),
            "server.udp_payload_size",
            2,
            "must be between 512 and 65535, got 65536"),
        c(
            "udp_payload_size text",
            server("udp_payload_size", "big"),
            "server.udp_payload_size",
            2,
            "must be a whole number between 512 and 65535"),
        c(
            "udp_payload_size fraction",
            server("udp_payload_size", "1232.5"),
            "server.udp_payload_size",
            2,
            "whole number"),
        c(
            "udp_threads negative",
            server("udp_threads", "-1"),
            "server.udp_threads",
            2,
            "must be between 0 and 256, got -1"),
        c(
            "udp_threads too many",
            server("udp_threads", "257"),
            "server.udp_threads",
            2,
            "must be between 0 and 256, got 257"),
        c(
            "duration unit",
            server("tcp_idle_timeout", "10x"),
            "server.tcp_idle_timeout",
            2,
            "must be a duration such as 500ms, 10s, 5m or 1h, got '10x'"),
        c(
            "duration negative",
            server("tcp_idle_timeout", "-5s"),
            "server.tcp_idle_timeout",
            2,
            "duration"),
        c(
            "duration fraction",
            server("tcp_idle_timeout", "1.5s"),
            "server.tcp_idle_timeout",
            2,
            "duration"),
        c(
            "duration zero",
            server("tcp_idle_timeout", "0"),
            "server.tcp_idle_timeout",
            2,
            "must be positive"),
        c(
            "duration zero ms",
            server("tcp_idle_timeout", "0ms"),
            "server.tcp_idle_timeout",
            2,
            "must be positive"),
        c(
            "duration too long for a long",
            server("tcp_idle_timeout", "99999999999999999999s"),
            "server.tcp_idle_timeout",
            2,
            "duration"),
        c(
            "duration overflows seconds",
            server("tcp_idle_timeout", "9999999999999999h"),
            "server.tcp_idle_timeout",
            2,
            "duration"),
        c(
            "duration list",
            server("tcp_idle_timeout", "[1s]"),
            "server.tcp_idle_timeout",
            2,
            "must be a single value, not a list"),
        c("zones missing", "server: {}\n", "zones", 0, "at least one zone is required"),
        c("zones empty", "zones: []\n", "zones", 1, "at least one zone is required"),
        c("zone is null", "zones:\n  - ~\n", "zones[0]", 2, "must be a zone mapping"),
        c("zone is a scalar", "zones:\n  - example.test\n", "zones[0]", 2, "must be a mapping"),
        c(
            "zone unknown key",
            "zones:\n  - name: x.test\n    ttll: 5\n    soa: {mname: a, rname: b}\n",
            "zones[0].ttll",
            3,
            "unknown property 'ttll' (expected one of: file, name, records, soa, ttl)"),
        c(
            "zone name missing",
            "zones:\n  - soa: {mname: a, rname: b}\n",
            "zones[0].name",
            2,
            "is required"),
        c(
            "zone name blank",
            "zones:\n  - name: \"  \"\n    soa: {mname: a, rname: b}\n",
            "zones[0].name",
            2,
            "must not be empty"),
        c(
            "zone name a list",
            "zones:\n  - name: [a]\n    soa: {mname: a, rname: b}\n",
            "zones[0].name",
            2,
            "must be a single value, not a list"),
        c(
            "zone ttl negative",
            "zones:\n  - name: x\n    ttl: -1\n    soa: {mname: a, rname: b}\n",
            "zones[0].ttl",
            3,
            "must be between 0 and 2147483647, got -1"),
        c(
            "zone ttl too big",
            "zones:\n  - name: x\n    ttl: 2147483648\n    soa: {mname: a, rname: b}\n",
            "zones[0].ttl",
            3,
            "must be between 0 and 2147483647"),
        c(
            "zone ttl quoted",
            "zones:\n  - name: x\n    ttl: \"60\"\n    soa: {mname: a, rname: b}\n",
            "zones[0].ttl",
            3,
            "whole number"),
        c(
            "soa missing",
            "zones:\n  - name: x\n",
            "zones[0].soa",
            2,
            "is required (or give the zone a master 'file')"),
        c(
            "soa with file",
            "zones:\n  - name: x\n    file: x.zone\n    soa: {mname: a, rname: b}\n",
            "zones[0].soa",
            4,
            "not allowed with 'file'"),
        c(
            "records with file",
            "zones:\n  - name: x\n    file: x.zone\n    records: []\n",
            "zones[0].records",
            4,
            "not allowed with 'file'"),
        c(
            "soa not a mapping",
            "zones:\n  - name: x\n    soa: ns1\n",
            "zones[0].soa",
            3,
            "must be a mapping"),
        c(
            "soa mname missing",
            "zones:\n  - name: x\n    soa: {rname: b}\n",
            "zones[0].soa.mname",
            3,
            "is required"),
        c(
            "soa rname empty",
            "zones:\n  - name: x\n    soa: {mname: a, rname: ''}\n",
            "zones[0].soa.rname",
            3,
            "must not be empty"),
        c(
            "soa unknown key",
            "zones:\n  - name: x\n    soa:\n      mname: a\n      rname: b\n      serail: 1\n",
            "zones[0].soa.serail",
            6,
            "unknown property 'serail'"),
        c(
            "soa serial too big",
            "zones:\n"
                + "  - name: x\n"
                + "    soa:\n"
                + "      mname: a\n"
                + "      rname: b\n"
                + "      serial: 4294967296\n",
            "zones[0].soa.serial",
            6,
            "must be between 0 and 4294967295, got 4294967296"),
        c(
            "soa serial negative",
            "zones:\n  - name: x\n    soa: {mname: a, rname: b, serial: -1}\n",
            "zones[0].soa.serial",
            3,
            "must be between 0 and 4294967295"),
        c(
            "soa serial huge",
            "zones:\n  - name: x\n    soa: {mname: a, rname: b, serial: 99999999999999999999}\n",
            "zones[0].soa.serial",
            3,
            "whole number"),
        c(
            "soa refresh text",
            "zones:\n  - name: x\n    soa:\n      mname: a\n      rname: b\n      refresh: soon\n",
            "zones[0].soa.refresh",
            6,
            "whole number"),
        c(
            "soa minimum negative",
            "zones:\n  - name: x\n    soa: {mname: a, rname: b, minimum: -3}\n",
            "zones[0].soa.minimum",
            3,
            "got -3"),
        c(
            "soa ttl too big",
            "zones:\n  - name: x\n    soa: {mname: a, rname: b, ttl: 2147483648}\n",
            "zones[0].soa.ttl",
            3,
            "must be between 0 and 2147483647"),
        c(
            "records not a list",
            "zones:\n  - name: x\n    soa: {mname: a, rname: b}\n    records: {a: 1}\n",
            "zones[0].records",
            4,
            "must be a list"),
        c(
            "record unknown key",
            record("{ name: www, type: A, value: 192.0.2.2, valeu: x }"),
            "zones[0].records[2].valeu",
            7,
            "unknown property 'valeu' (expected one of: name, policy, ttl, type, value, values)"),
        c(
            "record is a scalar",
            ZONE + "      - www A 192.0.2.1\n",
            "zones[0].records[2]",
            7,
            "must be a mapping"),
        c(
            "record is null",
            ZONE + "      - ~\n",
            "zones[0].records[2]",
            7,
            "must be a record mapping"),
        c(
            "record name missing",
            record("{ type: A, value: 192.0.2.2 }"),
            "zones[0].records[2].name",
            7,
            "is required"),
        c(
            "record type missing",
            record("{ name: www, value: 192.0.2.2 }"),
            "zones[0].records[2].type",
            7,
            "is required"),
        c(
            "record without value",
            record("{ name: www, type: A }"),
            "zones[0].records[2]",
            7,
            "needs exactly one of 'value' or 'values'"),
        c(
            "record with value and values",
            record("{ name: www, type: A, value: 192.0.2.2, values: [192.0.2.3] }"),
            "zones[0].records[2]",
            7,
            "needs exactly one of 'value' or 'values'"),
        c(
            "record values empty",
            record("{ name: www, type: A, values: [] }"),
            "zones[0].records[2].values",
            7,
            "must list at least one value"),
        c(
            "record values a mapping",
            record("{ name: www, type: A, values: {a: 1} }"),
            "zones[0].records[2].values",
            7,
            "must be a list"),
        c(
            "record value empty",
            record("{ name: www, type: A, value: '' }"),
            "zones[0].records[2].value",
            7,
            "must not be empty"),
        c(
            "record value a list",
            record("{ name: www, type: A, value: [192.0.2.1] }"),
            "zones[0].records[2].value",
            7,
            "must be a single value, not a list"),
        c(
            "record values element a mapping",
            record("{ name: www, type: A, values: [192.0.2.1, {a: 1}] }"),
            "zones[0].records[2].values[1]",
            7,
            "must be a single value, not a mapping"),
        c(
            "record ttl negative",
            record("{ name: www, type: A, ttl: -5, value: 192.0.2.2 }"),
            "zones[0].records[2].ttl",
            7,
            "must be between 0 and 2147483647, got -5"),
        c(
            "record ttl text",
            record("{ name: www, type: A, ttl: 1h, value: 192.0.2.2 }"),
            "zones[0].records[2].ttl",
            7,
            "whole number"),
        c("root is a list", "- a\n- b\n", "", 0, "must be a mapping"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidDocuments")
  void reportsProblem(Case c) {
    List<Problem> problems = problems(c.yaml());
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
    if (c.line() > 0) {
      assertEquals(c.line(), match.line(), () -> "line of " + match);
    }
    // every problem is reported once
    assertEquals(
        problems.size(),
        problems.stream().distinct().count(),
        () -> "duplicates in:\n" + describe(problems));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidDocuments")
  void singleProblemDocumentsReportExactlyThatProblem(Case c) {
    // Documents built from the valid ZONE have exactly one thing wrong with them.
    if (!c.yaml().contains("ns1, type: A, value: 192.0.2.1")) {
      return;
    }
    List<Problem> problems = problems(c.yaml());
    assertEquals(1, problems.size(), () -> describe(problems));
  }

  // ---------------------------------------------------------------- many problems at once

  @Test
  void reportsEveryProblemOfADocumentAtOnce() {
    List<Problem> problems =
        problems(
            """
            server:
              listen: [127.0.0.1, "dns.example.com"]
              udp_threads: 1000
            zones:
              - name: a.test.
                soa: { mname: ns1, rname: hostmaster }
                records:
                  - { name: "@", type: NS, value: ns1 }
                  - { name: www, type: A, ttl: -5, value: 192.0.2.1 }
              - name: b.test.
                colour: blue
                soa: { mname: ns1, rname: hostmaster }
            bogus: 1
            """);
    assertEquals(
        List.of(
            new Problem(
                "bogus",
                13,
                "unknown property 'bogus' (expected one of: admin, balancers, checks, cluster,"
                    + " demo_backends, geoip, health, locations, metrics, policies, pools,"
                    + " regions, server, zones)"),
            new Problem(
                "server.listen[1]",
                2,
                "'dns.example.com' is not an IP address with an optional port (host names are not"
                    + " resolved)"),
            new Problem("server.udp_threads", 3, "must be between 0 and 256, got 1000"),
            new Problem("zones[0].records[1].ttl", 9, "must be between 0 and 2147483647, got -5"),
            new Problem(
                "zones[1].colour",
                11,
                "unknown property 'colour' (expected one of: file, name, records, soa, ttl)")),
        problems.stream().sorted(java.util.Comparator.comparing(Problem::path)).toList(),
        () -> describe(problems));
  }

  @Test
  void exceptionMessageListsEveryProblemWithPathAndLine() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class, () -> read("server:\n  udp_threads: -1\nzones: []\n"));
    assertTrue(
        e.getMessage().contains("server.udp_threads (line 2): must be between 0 and 256, got -1"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("zones (line 3): at least one zone is required"), e.getMessage());
  }

  // ---------------------------------------------------------------- unparseable documents

  static Stream<Arguments> syntaxErrors() {
    return Stream.of(
        Arguments.of("unclosed flow mapping", "zones:\n  - name: x\n    soa: {mname: a\n", 3),
        Arguments.of("unclosed flow sequence", "a: 1\nb: 2\nc: [1,\n\n", 3),
        Arguments.of("bad indentation", "zones:\n  - name: x\n  bad: [\n", 3),
        Arguments.of("tab indentation", "zones:\n\t- name: x\n", 2),
        Arguments.of("mapping value in scalar", "a: 1\nb: 2\n  c: 3\n", 3),
        Arguments.of("unclosed quote", "server:\n  listen: \"127.0.0.1\nzones: []\n", 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("syntaxErrors")
  void syntaxErrorIsOneProblemWithItsLine(String name, String yaml, int line) {
    List<Problem> problems = problems(yaml);
    assertEquals(1, problems.size(), () -> describe(problems));
    Problem p = problems.get(0);
    assertTrue(p.message().startsWith("not valid YAML"), p.message());
    assertEquals("", p.path());
    assertEquals(line, p.line(), p::toString);
  }

  @Test
  void syntaxErrorLineIsExact() {
    List<Problem> problems =
        problems("server:\n  listen: 127.0.0.1\nzones:\n  - name: x\n   bad: 1\n");
    assertEquals(1, problems.size());
    assertEquals(5, problems.get(0).line(), problems.get(0).toString());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("emptyDocuments")
  void emptyDocumentIsOneProblem(String yaml) {
    List<Problem> problems = problems(yaml);
    assertEquals(1, problems.size(), () -> describe(problems));
  }

  static Stream<String> emptyDocuments() {
    return Stream.of("", "\n\n", "# only a comment\n", "---\n");
  }

  @Test
  void problemToStringShowsPathAndLine() {
    assertEquals("a.b (line 3): bad", new Problem("a.b", 3, "bad").toString());
    assertEquals("a.b: bad", new Problem("a.b", 0, "bad").toString());
    assertEquals("(document): bad", new Problem("", 0, "bad").toString());
  }

  @Test
  void jsonIsAcceptedToo() throws Exception {
    MeridianConfig config =
        read(
            "{\"zones\": [{\"name\": \"x.test\", \"soa\": {\"mname\": \"a\", \"rname\": \"b\"},"
                + " \"records\": [{\"name\": \"@\", \"type\": \"NS\", \"value\":"
                + " \"ns.example.\"}]}]}");
    assertEquals("x.test", config.zones().get(0).name());
  }

  @Test
  void unknownKeysAreReportedEvenInsideInvalidZones() {
    List<Problem> problems =
        problems("zones:\n  - ttl: 5\n    extra: 1\n    soa: {mname: a, rname: b, x: 1}\n");
    List<String> paths = problems.stream().map(Problem::path).sorted().toList();
    assertEquals(
        List.of("zones[0].extra", "zones[0].name", "zones[0].soa.x"), paths, describe(problems));
  }

  @Test
  void failsLoudlyOnUnexpectedException() {
    // read() must only ever throw InvalidConfigException for bad input
    for (String yaml :
        List.of(
            "server:\n  tcp_idle_timeout: 99999999999999999999999ms\n" + ZONE,
            "server: [1, 2]\n" + ZONE,
            "zones: 5\n",
            "zones: {a: 1}\n",
            "zones:\n  - name: x\n    records: 5\n    soa: {mname: a, rname: b}\n")) {
      try {
        read(yaml);
        fail("accepted " + yaml);
      } catch (InvalidConfigException expected) {
        // fine
      } catch (RuntimeException e) {
        throw new AssertionError("unchecked exception for:\n" + yaml, e);
      }
    }
  }
}
