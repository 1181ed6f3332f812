package io.meridian.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Paths map to the line they start on, also deep inside lists and flow collections. */
class LineIndexTest {

  private static final String DOC =
      """
      # line 1: a comment
      server:
        listen:
          - 127.0.0.1
          - "[::1]:53"
        udp_threads: 4
      zones:
        - name: a.test.
          soa:
            mname: ns1
            rname: hostmaster

          records:
            - name: www
              type: A
              ttl: 60
              value: 192.0.2.1
            - { name: x, type: A, value: 192.0.2.2 }
            - name: y
              type: TXT
              values:
                - one
                - two
        - name: b.test.
          soa: { mname: ns1, rname: hm }
          records: [ { name: z, type: A, value: 192.0.2.3 } ]
      """;

  private static final LineIndex INDEX = LineIndex.of(DOC);

  static Stream<Arguments> lines() {
    return Stream.of(
        Arguments.of("server", 2),
        Arguments.of("server.listen", 3),
        Arguments.of("server.listen[0]", 4),
        Arguments.of("server.listen[1]", 5),
        Arguments.of("server.udp_threads", 6),
        Arguments.of("zones", 7),
        Arguments.of("zones[0]", 8),
        Arguments.of("zones[0].name", 8),
        Arguments.of("zones[0].soa", 9),
        Arguments.of("zones[0].soa.mname", 10),
        Arguments.of("zones[0].soa.rname", 11),
        Arguments.of("zones[0].records", 13),
        Arguments.of("zones[0].records[0]", 14),
        Arguments.of("zones[0].records[0].name", 14),
        Arguments.of("zones[0].records[0].type", 15),
        Arguments.of("zones[0].records[0].ttl", 16),
        Arguments.of("zones[0].records[0].value", 17),
        Arguments.of("zones[0].records[1]", 18),
        Arguments.of("zones[0].records[1].value", 18),
        Arguments.of("zones[0].records[2]", 19),
        Arguments.of("zones[0].records[2].values", 21),
        Arguments.of("zones[0].records[2].values[0]", 22),
        Arguments.of("zones[0].records[2].values[1]", 23),
        Arguments.of("zones[1]", 24),
        Arguments.of("zones[1].soa.rname", 25),
        Arguments.of("zones[1].records[0].value", 26),
        // paths that are not in the document fall back to their nearest ancestor
        Arguments.of("zones[0].soa.serial", 9),
        Arguments.of("zones[0].records[0].ttl.deeper", 16),
        Arguments.of("zones[0].records[9]", 13),
        Arguments.of("zones[1].file", 24),
        Arguments.of("zones[7].name", 7),
        // notes after the path (master file records) do not count as path
        Arguments.of("zones[1].soa (b.test.zone: x.b.test. 60 IN A 192.0.2.1)", 25),
        Arguments.of("nowhere", 0),
        Arguments.of("nowhere.at.all", 0));
  }

  @ParameterizedTest(name = "{0} -> line {1}")
  @MethodSource("lines")
  void lineOfPath(String path, int line) {
    assertEquals(line, INDEX.lineOf(path));
  }

  @Test
  void emptyIndexKnowsNoLines() {
    assertEquals(0, LineIndex.empty().lineOf("zones[0]"));
  }

  @Test
  void brokenDocumentKeepsLinesBeforeTheError() {
    LineIndex index = LineIndex.of("server:\n  udp_threads: 4\nzones: [\n  - {\n");
    assertEquals(2, index.lineOf("server.udp_threads"));
  }

  @Test
  void readerAttachesLinesToNestedProblems() {
    InvalidConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            InvalidConfigException.class,
            () ->
                ConfigReader.read(
                    """
                    zones:
                      - name: a.test.
                        soa:
                          mname: ns1
                          rname: hostmaster
                        records:
                          - name: www
                            type: A
                            value: 192.0.2.1
                            ttl2: 5
                          - name: y
                            type: TXT
                            values:
                              - one
                              - [two]
                    """,
                    "doc.yaml",
                    null));
    assertEquals(
        java.util.List.of(
            new Problem(
                "zones[0].records[0].ttl2",
                10,
                "unknown property 'ttl2' (expected one of: name, policy, ttl, type, value,"
                    + " values)"),
            new Problem("zones[0].records[1].values[1]", 15, "must be a single value, not a list")),
        e.problems());
  }
}
