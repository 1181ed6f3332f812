package io.meridian.core.snapshot;

import static io.meridian.core.snapshot.Fixtures.compile;
import static io.meridian.core.snapshot.Fixtures.compileProblems;
import static io.meridian.core.snapshot.Fixtures.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.core.config.Problem;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Alias chains that never end are rejected, within a zone and across our zones. */
class CnameLoopTest {

  private static String zone(String apex, String... records) {
    StringBuilder out =
        new StringBuilder(
            """
              - name: %s
                soa: { mname: ns.example.net., rname: hm }
                records:
                  - { name: "@", type: NS, value: ns.example.net. }
            """
                .formatted(apex));
    for (String r : records) {
      out.append("      - ").append(r).append('\n');
    }
    return out.toString();
  }

  private static List<Problem> loops(String yaml) {
    List<Problem> problems = compileProblems(yaml);
    problems.forEach(
        p -> assertTrue(p.message().contains("CNAME chain"), () -> describe(problems)));
    return problems;
  }

  @Test
  void loopOfTwoInOneZone() {
    List<Problem> problems =
        loops(
            "zones:\n"
                + zone(
                    "one.test.",
                    "{ name: a, type: CNAME, value: b }",
                    "{ name: b, type: CNAME, value: a }"));
    assertEquals(1, problems.size(), () -> describe(problems));
    Problem p = problems.get(0);
    assertEquals("zones[0]", p.path());
    assertEquals(2, p.line());
    assertTrue(
        p.message().equals("CNAME chain loops: a.one.test. -> b.one.test. -> a.one.test.")
            || p.message().equals("CNAME chain loops: b.one.test. -> a.one.test. -> b.one.test."),
        p.message());
  }

  @Test
  void selfLoop() {
    List<Problem> problems =
        loops("zones:\n" + zone("one.test.", "{ name: a, type: CNAME, value: a }"));
    assertEquals(
        List.of("CNAME chain loops: a.one.test. -> a.one.test."),
        problems.stream().map(Problem::message).toList());
  }

  @Test
  void loopAcrossZones() {
    List<Problem> problems =
        loops(
            "zones:\n"
                + zone("one.test.", "{ name: a, type: CNAME, value: b.two.test. }")
                + zone(
                    "two.test.",
                    "{ name: b, type: CNAME, value: c }",
                    "{ name: c, type: CNAME, value: a.one.test. }"));
    assertEquals(1, problems.size(), () -> describe(problems));
    String message = problems.get(0).message();
    for (String n : List.of("a.one.test.", "b.two.test.", "c.two.test.")) {
      assertTrue(message.contains(n), message);
    }
  }

  @Test
  void loopThroughAWildcard() {
    List<Problem> problems =
        loops("zones:\n" + zone("one.test.", "{ name: \"*.w\", type: CNAME, value: x.w }"));
    assertEquals(1, problems.size(), () -> describe(problems));
    assertTrue(
        problems.get(0).message().contains("x.w.one.test. -> x.w.one.test."),
        problems.get(0).message());
  }

  @Test
  void overlongChain() {
    String[] records =
        IntStream.range(0, 20)
            .mapToObj(i -> "{ name: c" + i + ", type: CNAME, value: c" + (i + 1) + " }")
            .toArray(String[]::new);
    List<Problem> problems = loops("zones:\n" + zone("one.test.", records));
    assertTrue(
        problems.stream().anyMatch(p -> p.message().contains("is longer than 16 names")),
        () -> describe(problems));
  }

  @Test
  void chainsThatEndAreFine() throws Exception {
    String[] records =
        IntStream.range(0, 10)
            .mapToObj(i -> "{ name: c" + i + ", type: CNAME, value: c" + (i + 1) + " }")
            .toArray(String[]::new);
    String yaml =
        "zones:\n"
            + zone("one.test.", records)
            + "      - { name: c10, type: A, value: 192.0.2.1 }\n"
            + "      - { name: out, type: CNAME, value: www.example.net. }\n"
            + "      - { name: nx, type: CNAME, value: nothing.one.test. }\n"
            + "      - { name: cross, type: CNAME, value: www.two.test. }\n"
            + zone("two.test.", "{ name: www, type: CNAME, value: c0.one.test. }");
    compile(yaml);
  }
}
