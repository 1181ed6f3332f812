package io.meridian.core.snapshot;

import static io.meridian.core.snapshot.Fixtures.CLOCK;
import static io.meridian.core.snapshot.Fixtures.NOW;
import static io.meridian.core.snapshot.Fixtures.clockAt;
import static io.meridian.core.snapshot.Fixtures.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meridian.core.config.InvalidConfigException;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Served SOA serials across recompilations, and snapshot versions. */
class SerialTest {

  /** One zone; {@code serial} is a YAML fragment (empty for none), {@code extra} more records. */
  private static String yaml(String serial, String extra) {
    return """
    zones:
      - name: example.test.
        soa: { mname: ns1, rname: hostmaster%s }
        records:
          - { name: "@", type: NS, value: ns1 }
          - { name: ns1, type: A, value: 192.0.2.1 }
    %s\
    """
        .formatted(serial.isEmpty() ? "" : ", serial: " + serial, extra);
  }

  private static final String WWW = "      - { name: www, type: A, value: 192.0.2.10 }\n";

  private static Snapshot compile(String yaml, Snapshot previous, Clock clock)
      throws InvalidConfigException {
    return Fixtures.compile(yaml, previous, clock);
  }

  private static long serial(Snapshot snapshot) {
    return snapshot.zones().get(name("example.test.")).serial();
  }

  @Test
  void firstCompileServesTheConfiguredSerial() throws Exception {
    Snapshot s = compile(yaml("2026112301", ""), null, CLOCK);
    assertEquals(2026112301L, serial(s));
    assertEquals(1, s.version());
  }

  @Test
  void firstCompileWithoutSerialServesTheUnixTime() throws Exception {
    assertEquals(NOW, serial(compile(yaml("", ""), null, CLOCK)));
    assertEquals(0, serial(compile(yaml("0", ""), null, CLOCK)));
  }

  @Test
  void unchangedConfigKeepsItsSerial() throws Exception {
    Snapshot first = compile(yaml("", WWW), null, CLOCK);
    Snapshot second = compile(yaml("", WWW), first, clockAt(NOW + 3600));
    assertEquals(NOW, serial(second));
    assertEquals(2, second.version());
    Snapshot third = compile(yaml("", WWW), second, clockAt(NOW + 7200));
    assertEquals(NOW, serial(third));
    assertEquals(3, third.version());
  }

  @Test
  void unchangedConfigWithSerialKeepsItsSerial() throws Exception {
    Snapshot first = compile(yaml("100", WWW), null, CLOCK);
    assertEquals(100, serial(compile(yaml("100", WWW), first, CLOCK)));
  }

  @Test
  void recordOrderAndSpellingAreNotChanges() throws Exception {
    Snapshot first =
        compile(yaml("100", WWW + "      - { name: www, type: TXT, value: x }\n"), null, CLOCK);
    Snapshot second =
        compile(
            yaml(
                "100",
                "      - { name: www, type: txt, value: x }\n"
                    + "      - { name: www.example.test., type: A, value: 192.0.2.10 }\n"),
            first,
            CLOCK);
    assertEquals(100, serial(second));
  }

  /** How the zone changes from {@code yaml("100", WWW)}. */
  static Stream<Arguments> changes() {
    return Stream.of(
        Arguments.of("record added", WWW + "      - { name: mail, type: A, value: 192.0.2.25 }\n"),
        Arguments.of("record removed", ""),
        Arguments.of("rdata changed", "      - { name: www, type: A, value: 192.0.2.11 }\n"),
        Arguments.of("ttl changed", "      - { name: www, type: A, ttl: 60, value: 192.0.2.10 }\n"),
        Arguments.of(
            "value added to a set",
            "      - { name: www, type: A, values: [192.0.2.10, 192.0.2.12] }\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void changeWithoutRaisingTheSerialGoesOneUp(String name, String records) throws Exception {
    Snapshot first = compile(yaml("100", WWW), null, CLOCK);
    Snapshot second = compile(yaml("100", records), first, CLOCK);
    assertEquals(101, serial(second));
    Snapshot third = compile(yaml("100", WWW), second, CLOCK);
    assertEquals(102, serial(third));
    // and the changed-back content, compiled again unchanged, keeps 102
    assertEquals(102, serial(compile(yaml("100", WWW), third, CLOCK)));
  }

  @Test
  void soaChangesAreChanges() throws Exception {
    Snapshot first = compile(yaml("100", WWW), null, CLOCK);
    String changed =
        yaml("100", WWW).replace("rname: hostmaster", "rname: hostmaster, minimum: 60");
    assertEquals(101, serial(compile(changed, first, CLOCK)));
    String newTtl = yaml("100", WWW).replace("    soa:", "    ttl: 60\n    soa:");
    assertEquals(101, serial(compile(newTtl, first, CLOCK)));
  }

  @Test
  void raisedConfiguredSerialIsServed() throws Exception {
    Snapshot first = compile(yaml("100", WWW), null, CLOCK);
    assertEquals(500, serial(compile(yaml("500", ""), first, CLOCK)));
    // raising it without other changes is served too
    assertEquals(500, serial(compile(yaml("500", WWW), first, CLOCK)));
  }

  @Test
  void configuredSerialBelowTheServedOneStillGoesUp() throws Exception {
    Snapshot first = compile(yaml("100", WWW), null, CLOCK);
    Snapshot second = compile(yaml("100", ""), first, CLOCK); // 101
    assertEquals(102, serial(compile(yaml("101", WWW), second, CLOCK)));
    assertEquals(102, serial(compile(yaml("50", WWW), second, CLOCK)));
  }

  @Test
  void timeBasedSerialMovesWithTheClockOrByOne() throws Exception {
    Snapshot first = compile(yaml("", WWW), null, CLOCK);
    assertEquals(NOW, serial(first));
    Snapshot sameSecond = compile(yaml("", ""), first, CLOCK);
    assertEquals(NOW + 1, serial(sameSecond));
    Snapshot later = compile(yaml("", WWW), sameSecond, clockAt(NOW + 500));
    assertEquals(NOW + 500, serial(later));
    Snapshot clockBack = compile(yaml("", ""), later, clockAt(NOW - 100));
    assertEquals(NOW + 501, serial(clockBack));
  }

  @Test
  void serialWrapsAroundPer1982() throws Exception {
    Snapshot first = compile(yaml("4294967295", WWW), null, CLOCK);
    assertEquals(4294967295L, serial(first));
    Snapshot second = compile(yaml("4294967295", ""), first, CLOCK);
    assertEquals(0, serial(second));
    Snapshot third = compile(yaml("4294967295", WWW), second, CLOCK);
    assertEquals(1, serial(third));
    // configured 5 after 1 is newer across the wrap
    assertEquals(5, serial(compile(yaml("5", ""), third, CLOCK)));
  }

  @Test
  void onlyChangedZonesGetNewSerials() throws Exception {
    String two =
        """
        zones:
          - name: one.test.
            soa: { mname: ns.example.net., rname: hm, serial: 10 }
            records:
              - { name: "@", type: NS, value: ns.example.net. }
              - { name: www, type: A, value: %s }
          - name: two.test.
            soa: { mname: ns.example.net., rname: hm }
            records:
              - { name: "@", type: NS, value: ns.example.net. }
              - { name: www, type: A, value: %s }
        """;
    Snapshot first = compile(two.formatted("192.0.2.1", "192.0.2.2"), null, CLOCK);
    assertEquals(10, first.zones().get(name("one.test.")).serial());
    assertEquals(NOW, first.zones().get(name("two.test.")).serial());

    Snapshot second = compile(two.formatted("192.0.2.9", "192.0.2.2"), first, clockAt(NOW + 60));
    assertEquals(11, second.zones().get(name("one.test.")).serial());
    assertEquals(NOW, second.zones().get(name("two.test.")).serial());

    Snapshot third = compile(two.formatted("192.0.2.9", "192.0.2.8"), second, clockAt(NOW + 120));
    assertEquals(11, third.zones().get(name("one.test.")).serial());
    assertEquals(NOW + 120, third.zones().get(name("two.test.")).serial());
    assertEquals(3, third.version());
  }

  @Test
  void newZoneNextToAnOldOneStartsFromItsOwnSerial() throws Exception {
    Snapshot first = compile(yaml("100", WWW), null, CLOCK);
    String both =
        yaml("100", WWW)
            + """
              - name: new.test.
                soa: { mname: ns.example.net., rname: hm, serial: 7 }
                records: [ { name: "@", type: NS, value: ns.example.net. } ]
            """;
    Snapshot second = compile(both, first, CLOCK);
    assertEquals(100, serial(second));
    assertEquals(7, second.zones().get(name("new.test.")).serial());
  }

  @Test
  void failedCompileLeavesThePreviousSnapshotAndVersioningAlone() throws Exception {
    Snapshot first = compile(yaml("100", WWW), null, CLOCK);
    assertThrows(
        InvalidConfigException.class,
        () -> compile(yaml("100", "      - { name: bad, type: A, value: x }\n"), first, CLOCK));
    assertEquals(100, serial(first));
    Snapshot second = compile(yaml("100", ""), first, CLOCK);
    assertEquals(2, second.version());
    assertEquals(101, serial(second));
  }

  @Test
  void snapshotCarriesTheServerConfig() throws Exception {
    Snapshot s = compile("server: { udp_payload_size: 4096 }\n" + yaml("1", ""), null, CLOCK);
    assertEquals(4096, s.server().udpPayloadSize());
  }

  /** a, b, whether a is newer than b in RFC 1982 serial arithmetic (SERIAL_BITS = 32). */
  static Stream<Arguments> rfc1982() {
    long max = 4294967295L;
    long half = 1L << 31;
    return Stream.of(
        Arguments.of(2, 1, true),
        Arguments.of(1, 2, false),
        Arguments.of(1, 1, false),
        Arguments.of(0, max, true),
        Arguments.of(max, 0, false),
        Arguments.of(100, max - 100, true),
        Arguments.of(half - 1, 0, true),
        Arguments.of(0, half - 1, false),
        // exactly half apart: undefined, treated as not newer either way
        Arguments.of(half, 0, false),
        Arguments.of(0, half, false),
        Arguments.of(half + 1, 0, false),
        Arguments.of(0, half + 1, true));
  }

  @ParameterizedTest(name = "{0} newer than {1}: {2}")
  @MethodSource("rfc1982")
  void serialArithmetic(long a, long b, boolean newer) {
    assertEquals(newer, SerialPolicy.isNewer(a, b));
  }
}
