package io.meridian.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A cluster scenario's {@code meridian.yaml} written for one run: a cluster name and a port range
 * of its own ({@code @CLUSTER@}, {@code @BASE@}, {@code @LAST@}), so runs never join each other,
 * and a data directory ({@code @DATA@}) in the run's folder.
 */
final class ScenarioConfig {

  private ScenarioConfig() {}

  /** Writes scenario {@code name}'s config into {@code dir} and returns its path. */
  static Path write(String name, Path dir, String... replacements) throws IOException {
    int base = 20000 + ThreadLocalRandom.current().nextInt(20000);
    String text = Files.readString(Path.of(System.getProperty("meridian.scenarios"), name,
            "meridian.yaml"))
        .replace("@CLUSTER@", name + "-" + base)
        .replace("@BASE@", Integer.toString(base))
        .replace("@LAST@", Integer.toString(base + 9))
        .replace("@DATA@", dir.resolve("data").toString());
    for (int i = 0; i < replacements.length; i += 2) {
      text = text.replace(replacements[i], replacements[i + 1]);
    }
    Path yaml = dir.resolve("meridian.yaml");
    Files.writeString(yaml, text);
    return yaml;
  }
}
