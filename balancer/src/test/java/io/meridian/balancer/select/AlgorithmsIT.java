package io.meridian.balancer.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.balancer.testing.BalancerFixture;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every algorithm over real backends: how 600 sequential requests were split. */
class AlgorithmsIT extends BalancerFixture {

  private Map<String, Integer> split(int requests, String... headers) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < requests; i++) {
      counts.merge(client.get("/", headers).body(), 1, Integer::sum);
    }
    return counts;
  }

  static Stream<Arguments> evenAlgorithms() {
    // sequential requests: nothing is ever in flight, so load-aware algorithms see equal load
    return Stream.of(
        Arguments.of("round-robin", 0),
        Arguments.of("weighted-round-robin", 0),
        Arguments.of("least-connections", 0),
        Arguments.of("power-of-two", 70),
        Arguments.of("random", 70));
  }

  @ParameterizedTest
  @MethodSource
  void evenAlgorithms(String algorithm, int tolerance) throws Exception {
    start("routes:\n  - forward: g\ngroups:\n  g:\n    algorithm: " + algorithm + "\n" + targets(3));
    Map<String, Integer> counts = split(600);
    for (String b : new String[] {"b1", "b2", "b3"}) {
      assertEquals(200, counts.getOrDefault(b, 0), tolerance, algorithm + " " + counts);
    }
  }

  @Test
  void weightedRoundRobinFollowsWeights() throws Exception {
    start(
        "routes:\n  - forward: g\ngroups:\n  g:\n    algorithm: weighted-round-robin\n    targets:\n"
            + "      - {name: b1, address: " + backend(0).address() + ", weight: 3}\n"
            + "      - {name: b2, address: " + backend(1).address() + ", weight: 2}\n"
            + "      - {name: b3, address: " + backend(2).address() + ", weight: 1}\n");
    assertEquals(Map.of("b1", 300, "b2", 200, "b3", 100), split(600));
  }

  @Test
  void leastResponseTimeMeasuresEveryTargetThenPrefersTheFastest() throws Exception {
    start("routes:\n  - forward: g\ngroups:\n  g:\n    algorithm: least-response-time\n" + targets(3));
    Map<String, Integer> counts = split(60);
    assertEquals(3, counts.size(), counts.toString()); // each was tried at least once
  }

  @Test
  void consistentHashOnAHeaderKeepsEachKeyOnOneTarget() throws Exception {
    start(
        "routes:\n  - forward: g\ngroups:\n  g:\n    algorithm: consistent-hash\n    hash_on: {header: X-User}\n"
            + targets(3));
    assertEachUserStaysOnOneOfThreeTargets();
  }

  @Test
  void maglevOnAHeaderKeepsEachKeyOnOneTarget() throws Exception {
    start(
        "routes:\n  - forward: g\ngroups:\n  g:\n    algorithm: maglev\n    maglev_table_size: 251\n"
            + "    hash_on: {header: X-User}\n"
            + targets(3));
    assertEachUserStaysOnOneOfThreeTargets();
  }

  private void assertEachUserStaysOnOneOfThreeTargets() {
    Map<String, String> placed = new HashMap<>();
    for (int round = 0; round < 3; round++) {
      for (int user = 0; user < 30; user++) {
        String body = client.get("/", "X-User", "user-" + user).body();
        String before = placed.putIfAbsent("user-" + user, body);
        if (before != null) {
          assertEquals(before, body);
        }
      }
    }
    assertTrue(placed.values().stream().distinct().count() == 3, placed.toString());
  }

  @Test
  void canarySplitSendsAShareToTheOtherGroup() throws Exception {
    start(
        "routes:\n  - split: [{group: stable, weight: 9}, {group: canary, weight: 1}]\ngroups:\n"
            + "  stable:\n    targets: [{address: " + backend(0).address() + "}]\n"
            + "  canary:\n    targets: [{address: " + backend(1).address() + "}]\n");
    Map<String, Integer> counts = split(1000);
    assertEquals(900, counts.get("b1"), 45, counts.toString());
    assertEquals(100, counts.get("b2"), 45, counts.toString());
  }
}
