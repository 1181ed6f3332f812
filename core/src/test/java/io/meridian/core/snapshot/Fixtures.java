package io.meridian.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meridian.core.config.ConfigReader;
import io.meridian.core.config.InvalidConfigException;
import io.meridian.core.config.MeridianConfig;
import io.meridian.core.config.Problem;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/** Shared helpers: read and compile YAML with a fixed clock, and build names. */
final class Fixtures {

  static final long NOW = 1_700_000_000L;
  static final Clock CLOCK = clockAt(NOW);

  /**
   * A valid zone {@code example.test.} with serial 100; records[0] (line 5) is the apex NS and
   * records[1] (line 6) its address, so records appended with {@link #withRecords} start at
   * records[2] on line 7.
   */
  static final String BASE =
      """
      zones:
        - name: example.test.
          soa: { mname: ns1, rname: hostmaster, serial: 100 }
          records:
            - { name: "@", type: NS, value: ns1 }
            - { name: ns1, type: A, value: 192.0.2.1 }
      """;

  private Fixtures() {}

  static Clock clockAt(long epochSeconds) {
    return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
  }

  /** {@link #BASE} plus one flow-mapping record per argument. */
  static String withRecords(String... flowRecords) {
    StringBuilder out = new StringBuilder(BASE);
    for (String r : flowRecords) {
      out.append("      - ").append(r).append('\n');
    }
    return out.toString();
  }

  /** The line of records[i] in a document built by {@link #withRecords}. */
  static int recordLine(int index) {
    return 5 + index;
  }

  static MeridianConfig read(String yaml) throws InvalidConfigException {
    return read(yaml, Path.of("."));
  }

  static MeridianConfig read(String yaml, Path baseDir) throws InvalidConfigException {
    return ConfigReader.read(yaml, "test.yaml", baseDir);
  }

  static Snapshot compile(String yaml) throws InvalidConfigException {
    return new SnapshotCompiler(CLOCK).compile(read(yaml), null);
  }

  static Snapshot compile(String yaml, Snapshot previous, Clock clock)
      throws InvalidConfigException {
    return new SnapshotCompiler(clock).compile(read(yaml), previous);
  }

  static Zone zone(String yaml, String apex) throws InvalidConfigException {
    Zone zone = compile(yaml).zones().get(name(apex));
    if (zone == null) {
      throw new AssertionError("no zone " + apex);
    }
    return zone;
  }

  /** The problems of compiling {@code yaml}, which must read without problems. */
  static List<Problem> compileProblems(String yaml) {
    return compileProblems(yaml, Path.of("."));
  }

  static List<Problem> compileProblems(String yaml, Path baseDir) {
    MeridianConfig config;
    try {
      config = read(yaml, baseDir);
    } catch (InvalidConfigException e) {
      throw new AssertionError("the document does not even read: " + e.getMessage(), e);
    }
    return assertThrows(
            InvalidConfigException.class, () -> new SnapshotCompiler(CLOCK).compile(config, null))
        .problems();
  }

  static String describe(List<Problem> problems) {
    return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
  }

  static Name name(String text) {
    try {
      return Name.fromString(text.endsWith(".") ? text : text + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static List<Record> records(RRset rrset) {
    return new ArrayList<>(rrset.rrs(false));
  }

  static List<String> rdata(RRset rrset) {
    return rrset.rrs(false).stream().map(Record::rdataToString).sorted().toList();
  }

  static <T extends Lookup> T lookup(Zone zone, String qname, int qtype, Class<T> kind) {
    Lookup result = zone.lookup(name(qname), qtype);
    T typed = assertInstanceOf(kind, result, () -> qname + " -> " + result);
    assertEquals(zone, typed.zone());
    return typed;
  }
}
