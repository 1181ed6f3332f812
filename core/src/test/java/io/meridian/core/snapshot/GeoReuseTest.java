package io.meridian.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.meridian.core.config.ConfigReader;
import io.meridian.core.policy.Endpoint;
import io.meridian.core.policy.QueryContext;
import io.meridian.geo.MmdbWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload reuses the geo database (and its compiled maps) only while the file is unchanged. */
class GeoReuseTest {

  private static final String CONFIG = """
      geoip: { database: geo.mmdb }
      pools:
        eu: { endpoints: [ { name: a, address: 192.0.2.10 } ] }
        other: { endpoints: [ { name: b, address: 203.0.113.10 } ] }
      policies:
        www:
          routing: geolocation
          targets:
            - { pool: eu, geo: [continent:EU] }
            - { pool: other, geo: [default] }
      zones:
        - name: geo.test.
          soa: { mname: ns1, rname: hostmaster }
          records:
            - { name: "@", type: NS, value: ns1 }
            - { name: ns1, type: A, value: 127.0.0.1 }
            - { name: www, policy: www }
      """;

  private static void write(Path file, String continent, String country, long mtime)
      throws Exception {
    new MmdbWriter("GeoIP2-City", 6)
        .insert("10.0.0.0/8", MmdbWriter.city(continent, country, null, 50.0, 10.0))
        .writeTo(file);
    Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(mtime)));
  }

  private static String answer(Snapshot snapshot) {
    QueryContext context = new QueryContext(new byte[] {10, 1, 2, 0}, 24,
        Endpoint.AddressFamily.IPV4, snapshot.policies().configuredHealth(),
        new SplittableRandom(1), null, snapshot.policies().count());
    return context.decide(snapshot.policies().byName().get("www")).endpoints().get(0).key();
  }

  @Test
  void reusesAnUnchangedDatabaseAndReopensAChangedOne(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("geo.mmdb");
    write(db, "EU", "DE", 1_000_000);
    SnapshotCompiler compiler = new SnapshotCompiler(Clock.systemUTC());
    Snapshot first = compiler.compile(ConfigReader.read(CONFIG, "test", dir), null);
    Snapshot second = compiler.compile(ConfigReader.read(CONFIG, "test", dir), first);
    assertSame(first.geo(), second.geo());
    assertEquals("eu/a", answer(second));

    write(db, "NA", "US", 2_000_000);
    Snapshot third = compiler.compile(ConfigReader.read(CONFIG, "test", dir), second);
    assertNotSame(second.geo(), third.geo());
    assertEquals("other/b", answer(third));
  }
}
