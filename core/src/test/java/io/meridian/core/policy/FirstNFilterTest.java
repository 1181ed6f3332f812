package io.meridian.core.policy;

import static io.meridian.core.policy.PolicyFixtures.allUp;
import static io.meridian.core.policy.PolicyFixtures.endpoint;
import static io.meridian.core.policy.PolicyFixtures.labels;
import static io.meridian.core.policy.PolicyFixtures.query;
import static io.meridian.core.policy.PolicyFixtures.targets;
import static io.meridian.core.policy.PolicyFixtures.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code first-n} (multivalue): at most n candidates, shuffled, all distinct. */
class FirstNFilterTest {

  static List<Target> candidates(int count) {
    PolicyFixtures.T[] builders = new PolicyFixtures.T[count];
    for (int i = 0; i < count; i++) {
      builders[i] = to(endpoint(i, "p/e" + i, "192.0.2." + (i + 1)));
    }
    return targets(builders);
  }

  record Case(String name, int n, int candidates, int expectedSize) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("2 of 5", 2, 5, 2),
        new Case("n larger than the candidates: all", 8, 3, 3),
        new Case("n equal to the candidates: all", 3, 3, 3),
        new Case("1 of 1", 1, 1, 1),
        new Case("1 of 6", 1, 6, 1),
        new Case("nothing in, nothing out", 2, 0, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void keepsAtMostNDistinctCandidates(Case c) {
    List<Target> in = candidates(c.candidates());
    for (long seed = 0; seed < 200; seed++) {
      List<Target> out =
          PolicyFixtures.apply(
              Filters.firstN(c.n()),
              in,
              List.copyOf(in), // immutable: a filter that shuffled in place would throw
              query("192.0.2.9", Endpoint.AddressFamily.IPV4, allUp(8), seed, null));
      assertEquals(c.expectedSize(), out.size(), labels(out).toString());
      assertEquals(out.size(), new HashSet<>(out).size(), "distinct: " + labels(out));
      assertTrue(in.containsAll(out));
    }
  }

  @Test
  void nMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> Filters.firstN(0));
    assertThrows(IllegalArgumentException.class, () -> Filters.firstN(-1));
  }

  @Test
  void whichComesFirstIsRoughlyUniformAndEveryCandidateIsAnsweredAlike() {
    int count = 4;
    int n = 2;
    int evaluations = 80_000;
    List<Target> in = candidates(count);
    RandomGenerator random = new SplittableRandom(7);
    int[] first = new int[count];
    int[] answered = new int[count];
    int[][] position = new int[count][n];
    Filter firstN = Filters.firstN(n);
    Policy policy = PolicyFixtures.policy(0, "mv", in, WhenAllDown.OPEN, firstN);
    QueryContext query = query("192.0.2.9", Endpoint.AddressFamily.IPV4, allUp(count), random);
    for (int i = 0; i < evaluations; i++) {
      List<Target> out = firstN.apply(in, new Evaluation(policy, query));
      first[out.get(0).index()]++;
      for (int p = 0; p < out.size(); p++) {
        answered[out.get(p).index()]++;
        position[out.get(p).index()][p]++;
      }
    }
    for (int t = 0; t < count; t++) {
      assertEquals(1.0 / count, first[t] / (double) evaluations, 0.01, "first: target " + t);
      assertEquals((double) n / count, answered[t] / (double) evaluations, 0.01, "in: target " + t);
      assertEquals(1.0 / count, position[t][1] / (double) evaluations, 0.01, "second: target " + t);
    }
  }

  @Test
  void allOrdersOfThreeHappen() {
    List<Target> in = candidates(3);
    var orders = new HashSet<List<String>>();
    for (long seed = 0; seed < 300; seed++) {
      orders.add(
          labels(
              PolicyFixtures.apply(
                  Filters.firstN(3),
                  in,
                  query("192.0.2.9", Endpoint.AddressFamily.IPV4, allUp(3), seed, null))));
    }
    assertEquals(6, orders.size(), "3! orders: " + orders);
  }
}
