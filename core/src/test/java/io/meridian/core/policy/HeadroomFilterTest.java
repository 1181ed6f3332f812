package io.meridian.core.policy;

import static io.meridian.core.policy.PolicyFixtures.AP_SOUTH;
import static io.meridian.core.policy.PolicyFixtures.SA_EAST;
import static io.meridian.core.policy.PolicyFixtures.US_EAST;
import static io.meridian.core.policy.PolicyFixtures.allUp;
import static io.meridian.core.policy.PolicyFixtures.apply;
import static io.meridian.core.policy.PolicyFixtures.endpoint;
import static io.meridian.core.policy.PolicyFixtures.labels;
import static io.meridian.core.policy.PolicyFixtures.query;
import static io.meridian.core.policy.PolicyFixtures.random;
import static io.meridian.core.policy.PolicyFixtures.targets;
import static io.meridian.core.policy.PolicyFixtures.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.core.health.HealthView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** {@code headroom}: one candidate, in proportion to what its region's balancers can still take. */
class HeadroomFilterTest {

  static final Endpoint US = endpoint(0, "us/lb", US_EAST, "198.51.100.1");
  static final Endpoint AP = endpoint(1, "ap/lb", AP_SOUTH, "203.0.113.1");
  static final Endpoint SA = endpoint(2, "sa/lb", SA_EAST, "192.0.2.1");
  static final List<Target> TARGETS = targets(to(US), to(AP), to(SA));

  /** Every endpoint up, with the given headroom by region. */
  static HealthView headroom(Map<String, Double> byRegion) {
    HealthView up = allUp(3);
    return new HealthView() {
      @Override
      public boolean isUp(int endpointId) {
        return up.isUp(endpointId);
      }

      @Override
      public double rttMillis(String region, int endpointId) {
        return Double.NaN;
      }

      @Override
      public String describe(int endpointId) {
        return "up";
      }

      @Override
      public double headroom(String region) {
        return byRegion.getOrDefault(region, Double.NaN);
      }
    };
  }

  Map<String, Integer> picks(HealthView health, int times) {
    RandomGenerator random = random(7);
    Map<String, Integer> out = new HashMap<>();
    for (int i = 0; i < times; i++) {
      List<Target> kept = apply(Filters.headroom(), TARGETS, query("10.5.0.1",
          Endpoint.AddressFamily.IPV4, health, random));
      assertEquals(1, kept.size(), kept.toString());
      out.merge(kept.get(0).label(), 1, Integer::sum);
    }
    return out;
  }

  @Test
  void picksInProportionToHeadroomAndLeavesOutRegionsWithoutNumbers() {
    Map<String, Integer> picks = picks(headroom(Map.of("us-east", 300.0, "ap-south", 100.0)), 10_000);
    assertEquals(null, picks.get("sa/lb"), "no headroom known for sa-east: " + picks);
    double usShare = picks.get("us/lb") / 10_000.0;
    assertTrue(usShare > 0.72 && usShare < 0.78, "us-east has 3/4 of the room: " + picks);
  }

  @Test
  void aFullRegionGetsNothingUnlessAllAre() {
    assertEquals(Map.of("ap/lb", 1000),
        picks(headroom(Map.of("us-east", 0.0, "ap-south", 50.0)), 1000));
    Map<String, Integer> allFull = picks(headroom(Map.of("us-east", 0.0, "ap-south", 0.0)), 1000);
    assertTrue(allFull.get("us/lb") > 400 && allFull.get("ap/lb") > 400, allFull.toString());
  }

  @Test
  void withoutAnyNumbersEveryCandidateStays() {
    assertEquals(List.of("us/lb", "ap/lb", "sa/lb"),
        labels(apply(Filters.headroom(), TARGETS, query("10.5.0.1", headroom(Map.of())))));
  }
}
