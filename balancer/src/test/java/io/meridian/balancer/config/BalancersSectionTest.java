package io.meridian.balancer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meridian.core.config.ConfigReader;
import io.meridian.core.config.InvalidConfigException;
import io.meridian.core.config.MeridianConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Meridian's {@code balancers:} section, read with the rest of the document in one pass. */
class BalancersSectionTest {

  static final String BASE = """
      regions:
        eu-west: { latitude: 53.35, longitude: -6.26 }
      zones:
        - name: a.test.
          soa: { mname: ns1, rname: hostmaster }
          records:
            - { name: "@", type: NS, value: ns1 }
      """;

  static final String ONE =
      "    config:\n"
          + "      listeners: [{ address: \"127.0.0.11:8080\" }]\n"
          + "      routes: [{ forward: app }]\n"
          + "      groups: { app: { targets: [{ address: \"127.0.0.11:9001\" }] } }\n";

  static MeridianConfig read(String balancers) throws InvalidConfigException {
    return ConfigReader.read(BASE + balancers, "t.yaml", Path.of("."),
        List.of(BalancersSection.INSTANCE));
  }

  @Test
  void readsEachBalancerWithItsRegionNameAndCapacity() throws Exception {
    MeridianConfig config = read("balancers:\n  - region: eu-west\n    capacity: 2000\n" + ONE
        + "  - region: eu-west\n    name: second\n" + ONE);
    List<RegionBalancer> balancers = config.section(BalancersSection.INSTANCE).orElseThrow();
    assertEquals(2, balancers.size());
    assertEquals("lb", balancers.get(0).name());
    assertEquals(2000, balancers.get(0).capacityPerSecond());
    assertEquals("second", balancers.get(1).name());
    assertEquals(9001, balancers.get(1).config().groups().get("app").targets().get(0).port());
  }

  @Test
  void everyProblemHasItsPathInsideTheDocument() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(
        "balancers:\n  - region: mars\n" + ONE + "  - region: eu-west\n" + ONE
            + "  - region: eu-west\n" + ONE.replace("forward: app", "forward: nope")
            + "  - region: eu-west\n    name: x\n"));
    List<String> problems = e.problems().stream().map(p -> p.path() + ": " + p.message()).toList();
    assertEquals(List.of(
        "balancers[0].region: unknown region 'mars' (known: eu-west)",
        "balancers[2].name: duplicate balancer 'lb' in region eu-west",
        "balancers[2].config.routes[0].forward: unknown group 'nope' (defined: app)",
        "balancers[3].config: is required: the balancer's listeners, routes and groups"),
        problems);
  }
}
