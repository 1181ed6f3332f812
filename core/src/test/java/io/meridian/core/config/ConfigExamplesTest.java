package io.meridian.core.config;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.SnapshotCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every shipped configuration ({@code config/meridian.yaml} and {@code config/examples/*.yaml} of
 * the repository) reads and compiles without a single problem.
 */
class ConfigExamplesTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

  /** The repository's {@code config/} directory, next to this module. */
  static Path configDir() {
    Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    return moduleDir.resolve("../config").toAbsolutePath().normalize();
  }

  static List<Path> shippedConfigs() throws IOException {
    Path dir = configDir();
    List<Path> files = new ArrayList<>();
    Path examples = dir.resolve("examples");
    if (Files.isDirectory(examples)) {
      try (Stream<Path> list = Files.list(examples)) {
        list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
            .filter(Files::isRegularFile)
            .sorted()
            .forEach(files::add);
      }
    }
    Path main = dir.resolve("meridian.yaml");
    if (Files.isRegularFile(main)) {
      assertFalse(
          files.isEmpty(),
          "config/meridian.yaml exists but config/examples/ has no *.yaml: " + examples);
      files.add(main);
    }
    return files;
  }

  @TestFactory
  Stream<DynamicTest> everyShippedConfigReadsAndCompiles() throws IOException {
    List<Path> files = shippedConfigs();
    if (files.isEmpty()) {
      return Stream.of(
          DynamicTest.dynamicTest(
              "no shipped configs under " + configDir(),
              () -> Assumptions.abort("nothing to check yet under " + configDir())));
    }
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    configDir().relativize(file).toString(),
                    () -> {
                      MeridianConfig config;
                      try {
                        config = ConfigReader.read(file);
                      } catch (InvalidConfigException e) {
                        throw new AssertionError(e.getMessage(), e);
                      }
                      Snapshot snapshot;
                      try {
                        snapshot = new SnapshotCompiler(CLOCK).compile(config, null);
                      } catch (InvalidConfigException e) {
                        throw new AssertionError(e.getMessage(), e);
                      }
                      assertFalse(snapshot.zones().all().isEmpty(), "no zones in " + file);
                    }));
  }
}
