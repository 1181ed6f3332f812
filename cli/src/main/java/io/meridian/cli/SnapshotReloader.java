package io.meridian.cli;

import io.meridian.core.config.InvalidConfigException;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.SnapshotCompiler;
import io.meridian.core.snapshot.Zone;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Comparator;
import java.util.stream.Collectors;

/**
 * Re-reads the configuration and publishes a new snapshot only if the whole of it compiles; a bad
 * change is logged with every problem and the running snapshot keeps serving.
 */
final class SnapshotReloader {

  private static final System.Logger LOG = System.getLogger(SnapshotReloader.class.getName());

  private final io.meridian.core.config.ServedDocument source;
  private final Current<Snapshot> current;
  private final SnapshotCompiler compiler;

  SnapshotReloader(
      io.meridian.core.config.ServedDocument source,
      Current<Snapshot> current,
      SnapshotCompiler compiler) {
    this.source = source;
    this.current = current;
    this.compiler = compiler;
  }

  /**
   * @return true when a new snapshot was published
   */
  synchronized boolean reload(String reason) {
    Snapshot previous = current.get();
    try {
      Snapshot next = compiler.compile(source.read(), previous);
      if (!next.server().equals(previous.server())) {
        LOG.log(
            Level.WARNING,
            "server settings changed in "
                + source.describe()
                + "; listen addresses and sockets change only on restart");
      }
      current.publish(next);
      LOG.log(
          Level.INFO,
          "reloaded (" + reason + "): version " + next.version() + ", " + serials(next));
      return true;
    } catch (InvalidConfigException e) {
      LOG.log(
          Level.WARNING,
          "reload ("
              + reason
              + ") rejected, still serving version "
              + previous.version()
              + ": "
              + e.getMessage());
    } catch (IOException | RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "reload (" + reason + ") failed, still serving version " + previous.version() + ": " + e);
    }
    return false;
  }

  static String serials(Snapshot snapshot) {
    return snapshot.zones().all().stream()
        .sorted(Comparator.comparing(Zone::apex))
        .map(z -> z.apex() + " serial " + z.serial())
        .collect(Collectors.joining(", "));
  }
}
