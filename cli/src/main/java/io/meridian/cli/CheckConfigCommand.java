package io.meridian.cli;

import io.meridian.core.config.InvalidConfigException;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.SnapshotCompiler;
import io.meridian.core.snapshot.Zone;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Reads and compiles a configuration exactly as {@code up} would, and says what is wrong. */
@Command(
    name = "check-config",
    description =
        "Validate a configuration file; exit 0 when valid, 2 with every problem otherwise.")
final class CheckConfigCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "the YAML configuration")
  Path file;

  @Override
  public Integer call() {
    try {
      Snapshot snapshot =
          new SnapshotCompiler(Clock.systemUTC()).compile(ConfigFile.of(file).read(), null);
      System.out.println(file + ": valid");
      snapshot.zones().all().stream()
          .sorted(Comparator.comparing(Zone::apex))
          .forEach(
              z ->
                  System.out.println(
                      "  zone " + z.apex() + " " + z.allRRsets().size() + " RRsets"));
      return 0;
    } catch (InvalidConfigException e) {
      System.err.println(e.getMessage());
      return Meridian.INVALID_CONFIG;
    } catch (IOException e) {
      System.err.println("cannot read " + file + ": " + e);
      return Meridian.INVALID_CONFIG;
    }
  }
}
