package io.meridian.core.policy;

import static io.meridian.core.policy.PolicyFixtures.LONDON;
import static io.meridian.core.policy.PolicyFixtures.compile;
import static io.meridian.core.policy.PolicyFixtures.healthDown;
import static io.meridian.core.policy.PolicyFixtures.keys;
import static io.meridian.core.policy.PolicyFixtures.policyNamed;
import static io.meridian.core.policy.PolicyFixtures.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.core.health.HealthView;
import io.meridian.core.snapshot.Snapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Explain: with a {@link Trace}, each policy's each step is recorded with the candidates in and out
 * ({@code label (up|down)}) and a note saying why; a trace changes no decision.
 */
class TraceTest {

  @TempDir static Path dir;
  static Snapshot snapshot;

  @BeforeAll
  static void compileIt() {
    PolicyFixtures.cityDatabase(dir);
    snapshot = compile(NestedHealthTest.config("open"), dir);
  }

  static Trace.Step step(
      String policy, String filter, List<String> in, List<String> out, String note) {
    return new Trace.Step(policy, filter, in, out, note);
  }

  @Test
  void recordsEveryStepOfEveryPolicyChildrenFirst() {
    HealthView health = healthDown(snapshot, List.of("eu/dub-1", "eu/dub-2"), Map.of());
    Trace trace = new Trace();
    Decision d =
        query(snapshot, LONDON, Endpoint.AddressFamily.IPV4, health, 1, trace)
            .decide(policyNamed(snapshot, "www"));
    assertEquals(List.of("us/iad-1", "us/iad-2"), keys(d));
    List<Trace.Step> steps = trace.steps();
    assertEquals(
        List.of(
            "eu-weighted/up",
            "eu-weighted/weighted",
            "eu-failover/up",
            "eu-failover/priority",
            "www/up",
            "www/geo"),
        steps.stream().map(s -> s.policy() + "/" + s.filter()).toList());

    List<String> eu = List.of("eu/dub-1 (down)", "eu/dub-2 (down)");
    assertEquals(
        step(
            "eu-weighted",
            "up",
            eu,
            eu, // failed open: all of them, still down
            "no healthy candidate: failing open, answering with all (a parent policy sees this one"
                + " as down)"),
        steps.get(0));
    assertEquals(1, steps.get(1).out().size());
    assertTrue(steps.get(1).note().startsWith("picked eu/dub-"), steps.get(1).note());
    assertTrue(steps.get(1).note().endsWith(" of 100)"), steps.get(1).note());

    assertEquals(
        step(
            "eu-failover",
            "up",
            List.of("policy:eu-weighted (down)", "us/iad-1 (up)", "us/iad-2 (up)"),
            List.of("us/iad-1 (up)", "us/iad-2 (up)"),
            null),
        steps.get(2));
    assertEquals(
        step(
            "eu-failover",
            "priority",
            List.of("us/iad-1 (up)", "us/iad-2 (up)"),
            List.of("us/iad-1 (up)", "us/iad-2 (up)"),
            "lowest priority among candidates: 2"),
        steps.get(3));
    List<String> top =
        List.of("policy:eu-failover (up)", "us/iad-1 (up)", "us/iad-2 (up)", "ap/bom-1 (up)");
    assertEquals(step("www", "up", top, top, null), steps.get(4));
    assertEquals(
        step(
            "www",
            "geo",
            top,
            List.of("policy:eu-failover (up)"),
            "first tier with a candidate for the client: [policy:eu-failover]"),
        steps.get(5));
  }

  @Test
  void notesForNodataAndForClosedAllDown() {
    List<Target> targets =
        PolicyFixtures.targets(
            PolicyFixtures.to(PolicyFixtures.endpoint(0, "p/a", "192.0.2.1")).geo("US"));
    LocationFilters locations = new LocationFilters(() -> snapshot.geo());
    Policy closed =
        new Policy(0, "closed", targets, List.of(Filters.up()), WhenAllDown.CLOSED, List.of());
    Trace trace = new Trace();
    QueryContext q =
        new QueryContext(
            PolicyFixtures.bytes(LONDON),
            32,
            Endpoint.AddressFamily.IPV4,
            PolicyFixtures.healthWithDown(1, 0),
            PolicyFixtures.random(1),
            trace,
            2);
    assertEquals(Decision.Kind.SERVFAIL, q.decide(closed).kind());
    assertEquals(
        List.of(
            step(
                "closed",
                "up",
                List.of("p/a (down)"),
                List.of(),
                "no healthy candidate: failing closed (SERVFAIL)")),
        trace.steps());

    Policy unmapped =
        new Policy(
            1, "unmapped", targets, List.of(locations.geo(targets)), WhenAllDown.OPEN, List.of());
    Trace trace2 = new Trace();
    QueryContext q2 =
        new QueryContext(
            PolicyFixtures.bytes(LONDON),
            32,
            Endpoint.AddressFamily.IPV4,
            PolicyFixtures.allUp(1),
            PolicyFixtures.random(1),
            trace2,
            2);
    assertEquals(Decision.Kind.NODATA, q2.decide(unmapped).kind());
    assertEquals(
        "no candidate serves the client's location and none is a default",
        trace2.steps().get(0).note());
  }

  @Test
  void aTraceChangesNoDecisionAndNoScope() {
    HealthView health = healthDown(snapshot, List.of("eu/dub-1"), Map.of());
    for (long seed = 0; seed < 30; seed++) {
      QueryContext traced =
          query(snapshot, LONDON, Endpoint.AddressFamily.IPV4, health, seed, new Trace());
      QueryContext plain = query(snapshot, LONDON, Endpoint.AddressFamily.IPV4, health, seed, null);
      assertEquals(
          traced.decide(policyNamed(snapshot, "www")), plain.decide(policyNamed(snapshot, "www")));
      assertEquals(traced.scope(), plain.scope());
    }
  }

  @Test
  void notesDoNotLeakIntoTheNextStep() {
    Trace trace = new Trace();
    query(
            snapshot,
            LONDON,
            Endpoint.AddressFamily.IPV4,
            healthDown(snapshot, List.of(), Map.of()),
            1,
            trace)
        .decide(policyNamed(snapshot, "eu-failover"));
    Trace.Step up =
        trace.steps().stream()
            .filter(s -> s.policy().equals("eu-failover") && s.filter().equals("up"))
            .findFirst()
            .orElseThrow();
    assertNull(up.note(), "up with healthy candidates says nothing");
  }

  @Test
  void aGeoStepWhoseClientTiersAreAllDownSaysSo() {
    // New York: the NA tier (us) and the default (ap) are down, eu is up
    HealthView health = healthDown(snapshot, List.of("us/iad-1", "us/iad-2", "ap/bom-1"), Map.of());
    Trace trace = new Trace();
    Decision d =
        query(snapshot, PolicyFixtures.NEW_YORK, Endpoint.AddressFamily.IPV4, health, 1, trace)
            .decide(policyNamed(snapshot, "www"));
    assertEquals(List.of("us/iad-1", "us/iad-2"), keys(d));
    Trace.Step geo = trace.steps().get(trace.steps().size() - 1);
    assertEquals("www/geo", geo.policy() + "/" + geo.filter());
    assertEquals(List.of("policy:eu-failover (up)"), geo.in());
    assertEquals(List.of("us/iad-1 (down)", "us/iad-2 (down)"), geo.out());
    assertEquals(
        "every target for the client's location is down: failing open to [us/iad-1, us/iad-2]"
            + " (a parent policy sees this one as down)",
        geo.note());
  }
}
