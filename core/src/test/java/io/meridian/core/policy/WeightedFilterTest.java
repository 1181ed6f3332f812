package io.meridian.core.policy;

import static io.meridian.core.policy.PolicyFixtures.allUp;
import static io.meridian.core.policy.PolicyFixtures.endpoint;
import static io.meridian.core.policy.PolicyFixtures.labels;
import static io.meridian.core.policy.PolicyFixtures.query;
import static io.meridian.core.policy.PolicyFixtures.targets;
import static io.meridian.core.policy.PolicyFixtures.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code weighted}: one candidate, chosen at random in proportion to its weight; a weight of 0 is
 * chosen only when every weight is 0 (then uniformly).
 */
class WeightedFilterTest {

  static final int EVALUATIONS = 100_000;

  static List<Target> withWeights(int... weights) {
    PolicyFixtures.T[] builders = new PolicyFixtures.T[weights.length];
    for (int i = 0; i < weights.length; i++) {
      builders[i] = to(endpoint(i, "p/e" + i, "192.0.2." + (i + 1))).weight(weights[i]);
    }
    return targets(builders);
  }

  /** How often each candidate was picked over {@link #EVALUATIONS} evaluations of one seed. */
  static Map<String, Double> shares(List<Target> targets, long seed) {
    RandomGenerator random = new SplittableRandom(seed);
    Map<String, Integer> counts = new HashMap<>();
    targets.forEach(t -> counts.put(t.label(), 0));
    Filter weighted = Filters.weighted();
    Policy policy = PolicyFixtures.policy(0, "w", targets, WhenAllDown.OPEN, weighted);
    QueryContext query =
        query("192.0.2.9", Endpoint.AddressFamily.IPV4, allUp(targets.size()), random);
    for (int i = 0; i < EVALUATIONS; i++) {
      List<Target> out = weighted.apply(targets, new Evaluation(policy, query));
      assertEquals(1, out.size(), "exactly one pick");
      counts.merge(out.get(0).label(), 1, Integer::sum);
    }
    Map<String, Double> shares = new HashMap<>();
    counts.forEach((k, v) -> shares.put(k, v / (double) EVALUATIONS));
    return shares;
  }

  record Distribution(String name, int[] weights, double[] expected, long seed) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Distribution> distributions() {
    return Stream.of(
        new Distribution("70/20/10", new int[] {70, 20, 10}, new double[] {.7, .2, .1}, 1),
        new Distribution("equal", new int[] {5, 5, 5, 5}, new double[] {.25, .25, .25, .25}, 2),
        new Distribution("a zero among others", new int[] {1, 0, 3}, new double[] {.25, 0, .75}, 3),
        new Distribution(
            "all zero: uniform", new int[] {0, 0, 0, 0}, new double[] {.25, .25, .25, .25}, 4),
        new Distribution(
            "large weights", new int[] {1_000_000, 1, 999_999}, new double[] {.5, 0, .5}, 5),
        new Distribution("99 to 1", new int[] {99, 1}, new double[] {.99, .01}, 6));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("distributions")
  void picksInProportionToWeightWithinOnePercent(Distribution d) {
    List<Target> targets = withWeights(d.weights());
    Map<String, Double> shares = shares(targets, d.seed());
    for (int i = 0; i < targets.size(); i++) {
      double share = shares.get(targets.get(i).label());
      assertEquals(
          d.expected()[i], share, 0.01, targets.get(i).label() + " share of " + d + ": " + shares);
      if (d.weights()[i] == 0 && d.expected()[i] == 0) {
        assertEquals(0.0, share, targets.get(i).label() + " has weight 0 and must never be picked");
      }
    }
  }

  record Case(String name, List<Target> in, List<String> possible) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    List<Target> three = withWeights(0, 7, 0);
    return Stream.of(
        new Case("nothing in, nothing out", List.of(), List.of()),
        new Case("one candidate, even of weight 0", withWeights(0), List.of("p/e0")),
        new Case("only the non-zero weight ever", three, List.of("p/e1")),
        new Case("two of weight 0: either", withWeights(0, 0), List.of("p/e0", "p/e1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void picksOnlyWhatItMay(Case c) {
    List<String> seen = new ArrayList<>();
    for (long seed = 0; seed < 500; seed++) {
      List<String> out =
          labels(
              PolicyFixtures.apply(
                  Filters.weighted(),
                  c.in(),
                  query("192.0.2.9", Endpoint.AddressFamily.IPV4, allUp(3), seed, null)));
      assertTrue(out.size() <= 1, "at most one: " + out);
      assertTrue(c.possible().containsAll(out), c + " picked " + out);
      out.forEach(
          l -> {
            if (!seen.contains(l)) seen.add(l);
          });
    }
    assertEquals(
        c.possible().stream().sorted().toList(),
        seen.stream().sorted().toList(),
        "over 500 seeds every possible pick happens");
  }

  @Test
  void sameSeedSamePicks() {
    List<Target> targets = withWeights(3, 1, 6);
    List<String> first = picks(targets, 42);
    assertEquals(first, picks(targets, 42));
    assertTrue(!first.equals(picks(targets, 43)), "another seed, another sequence");
  }

  private static List<String> picks(List<Target> targets, long seed) {
    RandomGenerator random = new SplittableRandom(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      out.addAll(
          labels(
              PolicyFixtures.apply(
                  Filters.weighted(),
                  targets,
                  query("192.0.2.9", Endpoint.AddressFamily.IPV4, allUp(3), random))));
    }
    return out;
  }

  @Test
  void theTargetWeightCountsNotTheEndpointDefault() {
    // the same endpoint may weigh differently in two policies: the target's weight is used
    Endpoint heavy = endpoint(0, "p/heavy", "192.0.2.1");
    Endpoint light = endpoint(1, "p/light", "192.0.2.2");
    List<Target> targets = targets(to(heavy).weight(0), to(light).weight(1));
    assertEquals(Map.of("p/heavy", 0.0, "p/light", 1.0), shares(targets, 9));
  }
}
