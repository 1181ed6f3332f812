package io.meridian.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Scenarios 002 and 003: bad configurations are refused with every problem, nothing starts. */
class CheckConfigScenarioIT {

  private static Path scenario(String name) {
    return Path.of(System.getProperty("meridian.scenarios", "scenarios"), name, "meridian.yaml");
  }

  @Test
  void structuralProblemsAreAllReportedWithPathAndLine() throws Exception {
    assertRejectedWith(
        "002-bad-config",
        "server.listen[1] (line 3): 'not-an-address' is not an IP address",
        "server.tcp_idle_timeout (line 4): must be a duration",
        "zones[0].records[1].ttl (line 10): must be between 0 and 2147483647, got -5",
        "zones[0].colour (line 15): unknown property 'colour'");
  }

  @Test
  void zoneDataProblemsAreAllReportedWithPathAndLine() throws Exception {
    assertRejectedWith(
        "003-bad-zone-data",
        "zones[0].records[1].value (line 9): invalid A data '999.1.1.1'",
        "zones[0].records[2].value (line 10): 'alias.bad.test.' has a CNAME and other data",
        "zones[0].records[4].type (line 12): unknown record type 'BOGUS'",
        "zones[0].records[5].name (line 13): 'www.example.com.' is outside the zone bad.test.");
  }

  /** check-config exits 2 and names every expected problem. */
  private static void assertRejectedWith(String scenario, String... expected) throws Exception {
    MeridianProcess check = MeridianProcess.run("check-config", scenario(scenario).toString());
    assertEquals(2, check.exitCode(), check.output());
    for (String problem : expected) {
      assertTrue(
          check.output().contains(problem), "missing <" + problem + "> in:\n" + check.output());
    }
  }

  @Test
  void upRefusesABadConfigAndStartsNothing() throws Exception {
    MeridianProcess up =
        MeridianProcess.run("up", "--config", scenario("002-bad-config").toString());
    assertEquals(2, up.exitCode(), up.output());
    assertFalse(up.output().contains("listening"), up.output());
  }

  @Test
  void demoBackendsThatTheConfigDoesNotHaveAreRefused() throws Exception {
    MeridianProcess none = MeridianProcess.run("demo-backends", "--region", "eu-west", "--name", "nope");
    assertEquals(2, none.exitCode(), none.output());
    assertTrue(none.output().contains(
        "embedded default (config/meridian.yaml): demo_backends: none in region eu-west named nope"),
        none.output());
  }

  @Test
  void theShippedConfigsAreValid() throws Exception {
    Path config = Path.of(System.getProperty("meridian.config", "../config"));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(config)) {
      // config/balancer/ holds the balancer's own format, checked by the balancer's tests
      files = walk.filter(p -> p.toString().endsWith(".yaml"))
          .filter(p -> !config.relativize(p).startsWith("balancer")).toList();
    }
    assertTrue(files.size() >= 2, "config/meridian.yaml and at least one example");
    for (Path file : files) {
      MeridianProcess check = MeridianProcess.run("check-config", file.toString());
      assertEquals(0, check.exitCode(), file + ":\n" + check.output());
    }
  }
}
