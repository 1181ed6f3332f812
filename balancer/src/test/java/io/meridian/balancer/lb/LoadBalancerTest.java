package io.meridian.balancer.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Exact pick sequences and distributions for every algorithm, with injected randomness. */
class LoadBalancerTest {

  /** A candidate with a weight and live load figures the test sets. */
  record Node(String name, double weight, int[] active, double[] latency) {
    Node(String name, double weight) {
      this(name, weight, new int[1], new double[] {Double.NaN});
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Always 0: a fixed start offset, so sequences are exact. */
  private static final RandomGenerator ZERO = () -> 0L;

  /** A generator whose bounded ints are always {@code value}. */
  private static RandomGenerator ints(int value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public int nextInt(int bound) {
        return value;
      }
    };
  }

  private static List<String> picks(LoadBalancer<Node, Long> lb, int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(lb.pick(0L).name());
    }
    return out;
  }

  private static List<Node> nodes(double... weights) {
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      out.add(new Node(String.valueOf((char) ('a' + i)), weights[i]));
    }
    return out;
  }

  static Stream<Arguments> weightedRoundRobinSequences() {
    return Stream.of(
        Arguments.of(new double[] {1, 1, 1}, List.of("a", "b", "c", "a", "b", "c")),
        Arguments.of(new double[] {3, 1, 2}, List.of("a", "c", "a", "a", "b", "c")),
        Arguments.of(new double[] {5, 1}, List.of("a", "a", "a", "a", "a", "b")),
        Arguments.of(new double[] {2, 2, 1}, List.of("a", "b", "a", "b", "c")));
  }

  @ParameterizedTest
  @MethodSource
  void weightedRoundRobinSequences(double[] weights, List<String> expected) {
    LoadBalancer<Node, Long> lb = LoadBalancer.weightedRoundRobin(nodes(weights), Node::weight, ZERO);
    assertEquals(expected, picks(lb, expected.size()));
  }

  @Test
  void weightedRoundRobinFollowsTheWeightsExactlyOverWholeCycles() {
    LoadBalancer<Node, Long> lb =
        LoadBalancer.weightedRoundRobin(nodes(3, 1, 2), Node::weight, new SplittableRandom(7));
    Map<String, Integer> counts = count(picks(lb, 6000));
    assertEquals(Map.of("a", 3000, "b", 1000, "c", 2000), counts);
  }

  @Test
  void weightedRoundRobinNeverRepeatsAHeavyTargetInABurstWhenOthersAreDue() {
    // smooth: with 2:1:1 the heavy target never comes three times running
    List<String> seq = picks(LoadBalancer.weightedRoundRobin(nodes(2, 1, 1), Node::weight, ZERO), 40);
    for (int i = 2; i < seq.size(); i++) {
      assertTrue(!(seq.get(i).equals("a") && seq.get(i - 1).equals("a") && seq.get(i - 2).equals("a")), seq.toString());
    }
  }

  @Test
  void theSeedOnlyMovesTheStartOfTheCycle() {
    List<String> fromZero = picks(LoadBalancer.weightedRoundRobin(nodes(1, 1, 1), Node::weight, ZERO), 3);
    List<String> fromTwo = picks(LoadBalancer.weightedRoundRobin(nodes(1, 1, 1), Node::weight, ints(2)), 3);
    assertEquals(List.of("a", "b", "c"), fromZero);
    assertEquals(List.of("c", "a", "b"), fromTwo);
  }

  @Test
  void roundRobinRotatesFromTheStart() {
    assertEquals(List.of("b", "c", "a", "b"), picks(LoadBalancer.roundRobin(nodes(1, 9, 1), 1), 4));
  }

  @Test
  void leastConnectionsPrefersTheIdleTargetAndRotatesTies() {
    List<Node> n = nodes(1, 1, 1);
    LoadBalancer<Node, Long> lb = LoadBalancer.leastConnections(n, x -> x.active()[0], Node::weight);
    n.get(0).active()[0] = 5;
    n.get(1).active()[0] = 5;
    assertEquals(List.of("c", "c", "c"), picks(lb, 3));
    n.get(2).active()[0] = 5;
    assertEquals(List.of("a", "b", "c"), picks(lb, 3).stream().sorted().toList());
  }

  @Test
  void leastConnectionsWeighsTheCounts() {
    List<Node> n = nodes(4, 1);
    n.get(0).active()[0] = 3; // (3+1)/4 = 1
    n.get(1).active()[0] = 1; // (1+1)/1 = 2
    LoadBalancer<Node, Long> lb = LoadBalancer.leastConnections(n, x -> x.active()[0], Node::weight);
    assertEquals(List.of("a", "a"), picks(lb, 2));
  }

  @Test
  void leastResponseTimeTriesUnmeasuredTargetsThenTheFastest() {
    List<Node> n = nodes(1, 1, 1);
    n.get(0).latency()[0] = 20;
    n.get(1).latency()[0] = 5;
    LoadBalancer<Node, Long> lb =
        LoadBalancer.leastResponseTime(n, x -> x.latency()[0], x -> x.active()[0], Node::weight);
    assertEquals("c", lb.pick(0L).name()); // no measurement yet: counts as instant
    n.get(2).latency()[0] = 50;
    assertEquals(List.of("b", "b"), picks(lb, 2));
    n.get(1).active()[0] = 4; // 5 ms x 5 in flight = 25 > 20 x 1
    assertEquals("a", lb.pick(0L).name());
  }

  @Test
  void powerOfTwoTakesTheLessLoadedOfTwoDistinctDraws() {
    List<Node> n = nodes(1, 1, 1);
    n.get(0).active()[0] = 10;
    // draws: first index 0, second nextInt(2)=0 -> shifted to 1: a vs b, b wins
    assertEquals("b", LoadBalancer.<Node, Long>powerOfTwo(n, x -> x.active()[0], Node::weight, ints(0)).pick(0L).name());
  }

  @Test
  void powerOfTwoSpreadsLoadNearlyEvenly() {
    List<Node> n = nodes(1, 1, 1, 1);
    LoadBalancer<Node, Long> lb = LoadBalancer.powerOfTwo(n, x -> x.active()[0], Node::weight, new SplittableRandom(3));
    for (int i = 0; i < 4000; i++) {
      lb.pick(0L).active()[0]++; // every pick stays in flight
    }
    for (Node node : n) {
      assertEquals(1000, node.active()[0], 20, node.name());
    }
  }

  @Test
  void weightedRandomFollowsTheWeights() {
    Map<String, Integer> counts =
        count(picks(LoadBalancer.weightedRandom(nodes(1, 3, 0), Node::weight, new SplittableRandom(11)), 100_000));
    assertEquals(25_000, counts.get("a"), 800);
    assertEquals(75_000, counts.get("b"), 800);
    assertEquals(null, counts.get("c"));
  }

  @Test
  void ringHashIsStableAndMovesOnlyTheRemovedTargetsKeys() {
    List<Node> ten = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ten.add(new Node("t" + i, 1));
    }
    LoadBalancer<Node, Long> full = LoadBalancer.ringHash(ten, Node::name, Node::weight, 100, k -> k);
    List<Node> nine = new ArrayList<>(ten);
    Node removed = nine.remove(4);
    LoadBalancer<Node, Long> less = LoadBalancer.ringHash(nine, Node::name, Node::weight, 100, k -> k);
    int keys = 20_000;
    int moved = 0;
    Map<String, Integer> spread = new HashMap<>();
    for (int i = 0; i < keys; i++) {
      long key = Hashing.hash64("user-" + i);
      Node before = full.pick(key);
      Node after = less.pick(key);
      spread.merge(before.name(), 1, Integer::sum);
      assertEquals(before, full.pick(key)); // stable
      if (before != after) {
        moved++;
        assertEquals(removed, before, "only keys of the removed target move");
      }
    }
    // about 1/N of the keys move: those that were on the removed target
    assertEquals(keys / 10.0, moved, keys * 0.03);
    spread.values().forEach(c -> assertEquals(keys / 10.0, c, keys * 0.04));
  }

  @Test
  void maglevSpreadsEvenlyAndRemovingOneOfTenMovesAboutATenth() {
    List<Node> ten = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ten.add(new Node("t" + i, 1));
    }
    LoadBalancer<Node, Long> full = LoadBalancer.maglev(ten, Node::name, Node::weight, 65537, k -> k);
    List<Node> nine = new ArrayList<>(ten);
    nine.remove(4);
    LoadBalancer<Node, Long> less = LoadBalancer.maglev(nine, Node::name, Node::weight, 65537, k -> k);
    int keys = 10_000;
    int moved = 0;
    Map<String, Integer> spread = new HashMap<>();
    for (int i = 0; i < keys; i++) {
      long key = Hashing.hash64("user-" + i);
      Node before = full.pick(key);
      assertEquals(before, full.pick(key)); // stable
      spread.merge(before.name(), 1, Integer::sum);
      if (before != less.pick(key)) {
        moved++;
      }
    }
    // the removed target's tenth must move; Maglev moves a little more, never much more
    assertTrue(moved >= keys * 0.08 && moved <= keys * 0.15, "moved " + moved);
    assertEquals(10, spread.size());
    spread.values().forEach(c -> assertEquals(keys / 10.0, c, keys / 10.0 * 0.10, spread.toString()));
  }

  @Test
  void maglevTableSharesFollowTheWeights() {
    List<Node> nodes = List.of(new Node("a", 3), new Node("b", 2), new Node("c", 1));
    int size = 65537;
    LoadBalancer<Node, Long> lb = LoadBalancer.maglev(nodes, Node::name, Node::weight, size, k -> k);
    Map<String, Integer> slots = new HashMap<>();
    for (long slot = 0; slot < size; slot++) {
      slots.merge(lb.pick(slot).name(), 1, Integer::sum); // key = slot index: one pick per slot
    }
    assertEquals(size / 6.0 * 3, slots.get("a"), 3);
    assertEquals(size / 6.0 * 2, slots.get("b"), 3);
    assertEquals(size / 6.0, slots.get("c"), 3);
  }

  @Test
  void maglevNeedsAPrimeTableAtLeastAsLargeAsTheCandidates() {
    assertThrows(IllegalArgumentException.class, () -> LoadBalancer.maglev(nodes(1, 1), Node::name, Node::weight, 65536, k -> 0L));
    assertThrows(IllegalArgumentException.class, () -> LoadBalancer.maglev(nodes(1, 1, 1, 1), Node::name, Node::weight, 3, k -> 0L));
    assertTrue(LoadBalancer.isPrime(65537));
    assertTrue(LoadBalancer.isPrime(2));
    assertFalse(LoadBalancer.isPrime(1));
    assertFalse(LoadBalancer.isPrime(65535));
  }

  @Test
  void emptyCandidateListsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> LoadBalancer.roundRobin(List.of(), 0));
    assertThrows(IllegalArgumentException.class, () -> LoadBalancer.weightedRoundRobin(nodes(1, 0), Node::weight, ZERO));
  }

  @Test
  void differentSeedsDesynchroniseEqualWeightBalancers() {
    List<String> firsts = new ArrayList<>();
    SplittableRandom seeds = new SplittableRandom(1);
    for (int i = 0; i < 30; i++) {
      firsts.add(LoadBalancer.<Node, Long>weightedRoundRobin(nodes(1, 1, 1), Node::weight, seeds.split()).pick(0L).name());
    }
    assertNotEquals(1, count(firsts).size());
  }

  private static Map<String, Integer> count(List<String> picks) {
    Map<String, Integer> counts = new HashMap<>();
    picks.forEach(p -> counts.merge(p, 1, Integer::sum));
    return counts;
  }
}
