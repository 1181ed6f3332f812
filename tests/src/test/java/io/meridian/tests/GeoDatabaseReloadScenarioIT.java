package io.meridian.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.geo.MmdbWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * A configured City database is used for routing, and replacing the file re-routes clients
 * without a restart (the database is one of the configuration's watched files).
 */
class GeoDatabaseReloadScenarioIT {

  private static final String CONFIG = """
      server: { listen: 127.0.0.1:0 }
      geoip: { database: geo.mmdb }
      pools:
        eu: { endpoints: [ { name: a, address: 192.0.2.10 } ] }
        ca: { endpoints: [ { name: b, address: 198.51.100.10 } ] }
        other: { endpoints: [ { name: c, address: 203.0.113.10 } ] }
      policies:
        www:
          routing: geolocation
          targets:
            - { pool: eu, geo: [continent:EU] }
            - { pool: ca, geo: [US-CA] }
            - { pool: other, geo: [default] }
      zones:
        - name: geo.test.
          soa: { mname: ns1, rname: hostmaster }
          records:
            - { name: "@", type: NS, value: ns1 }
            - { name: ns1, type: A, value: 127.0.0.1 }
            - { name: www, policy: www }
      """;

  private static void writeDatabase(Path file, String continent, String country, String sub)
      throws Exception {
    Path temp = file.resolveSibling("geo.mmdb.tmp");
    new MmdbWriter("GeoIP2-City", 6)
        .insert("10.0.0.0/8", MmdbWriter.city(continent, country, sub, 40.0, -100.0))
        .writeTo(temp);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void replacingTheDatabaseReroutesClients(@TempDir Path dir) throws Exception {
    writeDatabase(dir.resolve("geo.mmdb"), "EU", "DE", null);
    Files.writeString(dir.resolve("meridian.yaml"), CONFIG);
    try (MeridianProcess meridian =
        MeridianProcess.start("up", "--config", dir.resolve("meridian.yaml").toString())) {
      var server = meridian.awaitListening();
      assertEquals(List.of("192.0.2.10"), Dns.answersFor(server, "www.geo.test.", Type.A, "10.1.2.0/24"));
      writeDatabase(dir.resolve("geo.mmdb"), "NA", "US", "CA");
      await().atMost(Duration.ofSeconds(30)).until(() -> Dns.answersFor(
          server, "www.geo.test.", Type.A, "10.1.2.0/24").equals(List.of("198.51.100.10")));
      meridian.stop();
    }
  }
}
