package io.meridian.tests;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same end-to-end scenario ({@link EndToEndScenario}) with every part — the fifteen JVMs and
 * unbound — in a container of its own ({@link Containers}), for machines with a Linux Docker
 * engine. Where no Docker engine exists, JUnit reports it skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
class EndToEndContainersIT {

  @Test
  void clientsGetTheirRegionADrillMovesEuropeAndDeadBackendsTakeItOut(@TempDir Path dir)
      throws Exception {
    try (EndToEndScenario scenario = new EndToEndScenario(new Containers(dir))) {
      scenario.run(dir);
    }
  }
}
