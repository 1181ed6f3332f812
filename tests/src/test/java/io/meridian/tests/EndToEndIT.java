package io.meridian.tests;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end-to-end scenario ({@link EndToEndScenario}) with every part a process of this machine. */
class EndToEndIT {

  @Test
  void clientsGetTheirRegionADrillMovesEuropeAndDeadBackendsTakeItOut(@TempDir Path dir)
      throws Exception {
    Unbound.assumeInstalled();
    try (EndToEndScenario scenario = new EndToEndScenario(Launcher.PROCESSES)) {
      scenario.run(dir);
    }
  }
}
