package io.meridian.core.policy;

import static io.meridian.core.policy.PolicyFixtures.endpoint;
import static io.meridian.core.policy.PolicyFixtures.keys;
import static io.meridian.core.policy.PolicyFixtures.labels;
import static io.meridian.core.policy.PolicyFixtures.query;
import static io.meridian.core.policy.PolicyFixtures.targets;
import static io.meridian.core.policy.PolicyFixtures.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.meridian.core.health.StaticHealth;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code up}: keeps the healthy candidates; with none healthy, the policy's {@code when_all_down}
 * decides (open: all, reported unhealthy; closed: SERVFAIL; nodata; fallback: the static answer).
 */
class UpFilterTest {

  static final Endpoint A = endpoint(0, "p/a", "192.0.2.1");
  static final Endpoint B = endpoint(1, "p/b", "192.0.2.2");
  static final Endpoint C = endpoint(2, "p/c", "192.0.2.3");
  static final Endpoint FALLBACK = endpoint(-1, "www/fallback", "203.0.113.99");
  static final List<Target> TARGETS = targets(to(A), to(B), to(C));

  /**
   * @param up health of a, b, c
   * @param kept what the filter returns
   * @param stop the all-down outcome the filter ends the chain with, or null
   * @param answer the policy's decision: its kind, endpoints and health
   */
  record Case(
      String name,
      boolean[] up,
      WhenAllDown mode,
      List<String> kept,
      WhenAllDown stop,
      Decision.Kind kind,
      List<String> answer,
      boolean healthy) {
    @Override
    public String toString() {
      return name;
    }
  }

  static boolean[] up(boolean... up) {
    return up;
  }

  static Stream<Case> cases() {
    List<String> all = List.of("p/a", "p/b", "p/c");
    return Stream.of(
        new Case(
            "all up",
            up(true, true, true),
            WhenAllDown.OPEN,
            all,
            null,
            Decision.Kind.ANSWER,
            all,
            true),
        new Case(
            "one down is dropped",
            up(true, false, true),
            WhenAllDown.OPEN,
            List.of("p/a", "p/c"),
            null,
            Decision.Kind.ANSWER,
            List.of("p/a", "p/c"),
            true),
        new Case(
            "one up is enough, whatever the mode",
            up(false, true, false),
            WhenAllDown.CLOSED,
            List.of("p/b"),
            null,
            Decision.Kind.ANSWER,
            List.of("p/b"),
            true),
        new Case(
            "all down, open: all, unhealthy",
            up(false, false, false),
            WhenAllDown.OPEN,
            all,
            null,
            Decision.Kind.ANSWER,
            all,
            false),
        new Case(
            "all down, closed: SERVFAIL",
            up(false, false, false),
            WhenAllDown.CLOSED,
            List.of(),
            WhenAllDown.CLOSED,
            Decision.Kind.SERVFAIL,
            List.of(),
            false),
        new Case(
            "all down, nodata: NODATA",
            up(false, false, false),
            WhenAllDown.NODATA,
            List.of(),
            WhenAllDown.NODATA,
            Decision.Kind.NODATA,
            List.of(),
            false),
        new Case(
            "all down, fallback: the fallback addresses",
            up(false, false, false),
            WhenAllDown.FALLBACK,
            List.of(),
            WhenAllDown.FALLBACK,
            Decision.Kind.ANSWER,
            List.of("www/fallback"),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void keepsHealthyOrAppliesWhenAllDown(Case c) {
    StaticHealth health = new StaticHealth(c.up(), Map.of());
    Policy policy =
        new Policy(0, "www", TARGETS, List.of(Filters.up()), c.mode(), List.of(FALLBACK));

    QueryContext query = query("192.0.2.200", health);
    Evaluation evaluation = new Evaluation(policy, query);
    List<Target> kept = Filters.up().apply(TARGETS, evaluation);
    assertEquals(c.kept(), labels(kept), "filter output");
    assertEquals(c.stop(), evaluation.stopped(), "chain stopped with");

    Decision decision = query("192.0.2.200", health).decide(policy);
    assertEquals(c.kind(), decision.kind(), "decision kind");
    assertEquals(c.answer(), keys(decision), "decision endpoints");
    assertEquals(c.healthy(), decision.healthy(), "decision healthy");
  }

  @Test
  void disabledEndpointsCountAsDownEvenWhenHealthy() {
    Endpoint off = PolicyFixtures.disabled(B);
    List<Target> targets = targets(to(A), to(off));
    List<Target> kept =
        PolicyFixtures.apply(Filters.up(), targets, query("192.0.2.200", PolicyFixtures.allUp(3)));
    assertEquals(List.of("p/a"), labels(kept));
  }

  @Test
  void noCandidatesIsNoFailure() {
    Policy policy =
        new Policy(0, "empty", List.of(), List.of(Filters.up()), WhenAllDown.CLOSED, List.of());
    QueryContext query = query("192.0.2.200", PolicyFixtures.allUp(3));
    Evaluation evaluation = new Evaluation(policy, query);
    assertEquals(List.of(), Filters.up().apply(List.of(), evaluation));
    assertNull(evaluation.stopped(), "nothing to be down: not an all-down stop");
    assertEquals(Decision.Kind.NODATA, query.decide(policy).kind());
  }

  @Test
  void returnsANewListAndLeavesItsInputAlone() {
    List<Target> input = new java.util.ArrayList<>(TARGETS);
    List<Target> kept =
        PolicyFixtures.apply(
            Filters.up(),
            TARGETS,
            input,
            query("192.0.2.200", PolicyFixtures.healthWithDown(3, 1)));
    assertEquals(TARGETS, input);
    assertEquals(List.of("p/a", "p/c"), labels(kept));
  }
}
