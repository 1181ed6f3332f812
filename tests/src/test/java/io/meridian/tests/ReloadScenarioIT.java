package io.meridian.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * Scenario 001: the real process serves an inline zone and a master-file zone, picks up edits of
 * either file, rejects a bad edit while serving on, moves serials only for changed zones, reloads
 * on SIGHUP and stops on SIGTERM.
 */
class ReloadScenarioIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void reloadsOnEditsAndKeepsServingThroughABadOne(@TempDir Path dir) throws Exception {
    copyScenario("001-reload", dir);
    Path yaml = dir.resolve("meridian.yaml");
    Path zoneFile = dir.resolve("zones/file.test.zone");
    try (MeridianProcess meridian = MeridianProcess.start("up", "--config", yaml.toString())) {
      var server = meridian.awaitListening();
      assertEquals(List.of("192.0.2.10"), Dns.answers(server, "www.reload.test.", Type.A));
      assertEquals(100, Dns.serial(server, "reload.test."), "the configured serial");
      assertEquals(500, Dns.serial(server, "file.test."), "the master file's serial");

      // an edit that forgets to raise the serial: new data, serial + 1, the other zone untouched
      edit(yaml, "192.0.2.10", "192.0.2.20");
      await()
          .atMost(WAIT)
          .until(
              () -> Dns.answers(server, "www.reload.test.", Type.A).equals(List.of("192.0.2.20")));
      assertEquals(101, Dns.serial(server, "reload.test."));
      assertEquals(500, Dns.serial(server, "file.test."));

      // a bad edit is rejected with its path and line; the previous snapshot keeps serving
      edit(yaml, "ttl: 60", "ttl: -5");
      await().atMost(WAIT).until(() -> meridian.count("rejected") >= 1);
      int line = lineOf(yaml, "name: www");
      assertTrue(
          meridian.output().contains("zones[0].records[2].ttl (line " + line + ")"),
          meridian.output());
      assertEquals(List.of("192.0.2.20"), Dns.answers(server, "www.reload.test.", Type.A));
      assertEquals(101, Dns.serial(server, "reload.test."));

      // fixing it back gives the same content: accepted, and the serial does not move
      int reloads = meridian.count("reloaded (file changed)");
      edit(yaml, "ttl: -5", "ttl: 60");
      await().atMost(WAIT).until(() -> meridian.count("reloaded (file changed)") > reloads);
      assertEquals(101, Dns.serial(server, "reload.test."));

      // a master file edit reloads too, and only that zone's serial moves
      edit(zoneFile, "198.51.100.1", "198.51.100.2");
      await()
          .atMost(WAIT)
          .until(
              () -> Dns.answers(server, "app.file.test.", Type.A).equals(List.of("198.51.100.2")));
      assertEquals(501, Dns.serial(server, "file.test."));
      assertEquals(101, Dns.serial(server, "reload.test."));

      // SIGHUP re-reads on demand
      int hangups = meridian.count("reloaded (SIGHUP)");
      meridian.signal("HUP");
      await().atMost(WAIT).until(() -> meridian.count("reloaded (SIGHUP)") > hangups);
      assertEquals(List.of("192.0.2.20"), Dns.answers(server, "www.reload.test.", Type.A));

      meridian.stop();
      assertTrue(!meridian.isAlive());
    }
  }

  /** Replaces text the way editors and deploy tools do: write a new file, rename it over. */
  private static void edit(Path file, String from, String to) throws Exception {
    String text = Files.readString(file);
    assertTrue(text.contains(from), from + " not in " + file);
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, text.replace(from, to));
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static int lineOf(Path file, String text) throws Exception {
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not in " + file);
  }

  static void copyScenario(String name, Path to) throws Exception {
    Path from = Path.of(System.getProperty("meridian.scenarios", "scenarios")).resolve(name);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
