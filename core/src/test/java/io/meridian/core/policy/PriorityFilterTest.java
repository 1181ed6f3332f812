package io.meridian.core.policy;

import static io.meridian.core.policy.PolicyFixtures.allUp;
import static io.meridian.core.policy.PolicyFixtures.endpoint;
import static io.meridian.core.policy.PolicyFixtures.healthWithDown;
import static io.meridian.core.policy.PolicyFixtures.keys;
import static io.meridian.core.policy.PolicyFixtures.labels;
import static io.meridian.core.policy.PolicyFixtures.query;
import static io.meridian.core.policy.PolicyFixtures.targets;
import static io.meridian.core.policy.PolicyFixtures.to;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.core.health.HealthView;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code priority}: keeps the lowest priority group among the candidates (failover after up). */
class PriorityFilterTest {

  static final Endpoint P1A = endpoint(0, "p/p1a", "192.0.2.1");
  static final Endpoint P1B = endpoint(1, "p/p1b", "192.0.2.2");
  static final Endpoint P2 = endpoint(2, "p/p2", "192.0.2.3");
  static final Endpoint P3 = endpoint(3, "p/p3", "192.0.2.4");
  static final Endpoint P0 = endpoint(4, "p/p0", "192.0.2.5");

  static final List<Target> TARGETS =
      targets(
          to(P3).priority(3),
          to(P1A).priority(1),
          to(P2).priority(2),
          to(P1B).priority(1),
          to(P0).priority(0));

  record Case(String name, List<Integer> candidates, List<String> out) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("lowest group, in input order", List.of(0, 1, 2, 3), List.of("p/p1a", "p/p1b")),
        new Case("zero is the lowest", List.of(0, 1, 2, 3, 4), List.of("p/p0")),
        new Case("group 1 gone: group 2", List.of(0, 2), List.of("p/p2")),
        new Case("only the last group", List.of(0), List.of("p/p3")),
        new Case("one of a group is enough", List.of(0, 2, 3), List.of("p/p1b")),
        new Case("nothing in, nothing out", List.of(), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void keepsTheLowestPriorityGroup(Case c) {
    List<Target> in = c.candidates().stream().map(TARGETS::get).toList();
    assertEquals(
        c.out(),
        labels(
            PolicyFixtures.apply(Filters.priority(), TARGETS, in, query("192.0.2.9", allUp(5)))));
  }

  record ChainCase(String name, HealthView health, List<String> answer, boolean healthy) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ChainCase> failover() {
    return Stream.of(
        new ChainCase("all up: primary group", allUp(5), List.of("p/p1a", "p/p1b"), true),
        new ChainCase("half the primary down", healthWithDown(5, 0), List.of("p/p1b"), true),
        new ChainCase("primary down: secondary", healthWithDown(5, 0, 1), List.of("p/p2"), true),
        new ChainCase("1 and 2 down: third", healthWithDown(5, 0, 1, 2), List.of("p/p3"), true),
        new ChainCase(
            "all down: fail open to the primary, unhealthy",
            healthWithDown(5, 0, 1, 2, 3),
            List.of("p/p1a", "p/p1b"),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failover")
  void afterUpItIsFailover(ChainCase c) {
    List<Target> targets =
        targets(to(P1A).priority(1), to(P1B).priority(1), to(P2).priority(2), to(P3).priority(3));
    Policy policy =
        new Policy(
            0,
            "failover",
            targets,
            List.of(Filters.up(), Filters.priority()),
            WhenAllDown.OPEN,
            List.of());
    Decision decision = query("192.0.2.9", c.health()).decide(policy);
    assertEquals(c.answer(), keys(decision));
    assertEquals(c.healthy(), decision.healthy());
  }
}
