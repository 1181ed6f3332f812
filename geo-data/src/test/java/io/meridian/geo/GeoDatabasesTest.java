package io.meridian.geo;

import static io.meridian.geo.MmdbWriter.city;
import static io.meridian.geo.MmdbWriter.country;
import static io.meridian.geo.MmdbWriter.countryCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoDatabasesTest {

  @TempDir Path dir;

  static InetAddress ip(String literal) throws IOException {
    return InetAddress.getByName(literal);
  }

  @Test
  void readsCitySchemaWithSubdivisionAndCoordinates() throws IOException {
    Path file =
        new MmdbWriter("GeoIP2-City", 6)
            .insert("81.2.69.0/24", city("EU", "GB", "ENG", 51.5142, -0.0931))
            .insert("8.8.8.0/24", city("NA", "US", "CA", 37.751, -97.822))
            .insert("2001:db8::/32", city("OC", "AU", "NSW", -33.8688, 151.2093))
            .writeTo(dir.resolve("city.mmdb"));
    GeoDatabase db = GeoDatabases.open(file);

    assertEquals("GeoIP2-City", db.info().databaseType());
    assertEquals(file.toString(), db.info().source());
    assertEquals(6, db.info().ipVersion());
    assertEquals(Instant.ofEpochSecond(1_700_000_000L), db.info().buildEpoch());
    assertEquals(
        new GeoMatch(new Location("GB", "ENG", "EU", 51.5142, -0.0931), 24),
        db.lookup(ip("81.2.69.142")));
    assertEquals(
        new GeoMatch(new Location("US", "CA", "NA", 37.751, -97.822), 24),
        db.lookup(ip("8.8.8.8")));
    assertEquals(
        new GeoMatch(new Location("AU", "NSW", "OC", -33.8688, 151.2093), 32),
        db.lookup(ip("2001:db8:1234::1")));
  }

  @Test
  void readsCountrySchemaAndFillsCentroid() throws IOException {
    Path file =
        new MmdbWriter("GeoLite2-Country", 6)
            .insert("81.2.69.0/24", country("EU", "GB"))
            .insert("2a00:1450::/29", country("EU", "IE"))
            .writeTo(dir.resolve("country.mmdb"));
    GeoDatabase db = GeoDatabases.open(file);

    GeoMatch gb = db.lookup(ip("81.2.69.1"));
    assertEquals(Countries.locationOf("GB"), gb.location());
    assertEquals("EU", gb.location().continent());
    assertTrue(gb.location().hasCoordinates(), "centroid from the country table");
    assertEquals(24, gb.prefixLength());
    assertEquals(new GeoMatch(Countries.locationOf("IE"), 29), db.lookup(ip("2a00:1450::1")));
  }

  @Test
  void readsPlainCountryCodeSchemaFromAnIpv4Database() throws IOException {
    Path file =
        new MmdbWriter("country ipv4", 4)
            .recordSize(28)
            .insert("41.0.0.0/11", countryCode("ZA"))
            .insert("61.0.0.0/14", Map.of("country", Map.of("iso_code", "in")))
            .writeTo(dir.resolve("plain.mmdb"));
    GeoDatabase db = GeoDatabases.open(file);

    assertEquals(
        new Location(
            "ZA",
            null,
            "AF",
            Countries.locationOf("ZA").latitude(),
            Countries.locationOf("ZA").longitude()),
        db.lookup(ip("41.0.0.1")).location());
    assertEquals(11, db.lookup(ip("41.0.0.1")).prefixLength());
    assertEquals(
        new GeoMatch(Countries.locationOf("IN"), 14),
        db.lookup(ip("61.0.0.1")),
        "country.iso_code, lower case");
    assertEquals(GeoMatch.NONE, db.lookup(ip("192.0.2.1")));
    assertEquals(GeoMatch.NONE, db.lookup(ip("2001:db8::1")), "IPv6 in an IPv4-only database");
  }

  @Test
  void unknownCountryCodesAreUnknownNotErrors() throws IOException {
    Path file =
        new MmdbWriter("legacy", 4)
            .insert("10.0.0.0/8", countryCode("GB"))
            .insert("11.0.0.0/8", countryCode("A1"))
            .insert("12.0.0.0/8", countryCode("QQ"))
            .writeTo(dir.resolve("legacy.mmdb"));
    GeoDatabase db = GeoDatabases.open(file);

    assertEquals(Location.UNKNOWN, db.lookup(ip("11.1.1.1")).location(), "pseudo-code A1");
    assertEquals(
        new Location("QQ", null, null, Double.NaN, Double.NaN),
        db.lookup(ip("12.1.1.1")).location(),
        "a well-formed code missing from the table keeps the code");
  }

  @Test
  void rejectsMissingFile() {
    Path missing = dir.resolve("nope.mmdb");
    var e = assertThrows(IOException.class, () -> GeoDatabases.open(missing));
    assertEquals("geo database " + missing + " does not exist", e.getMessage());
  }

  @Test
  void rejectsFilesThatAreNotMmdb() throws IOException {
    Path empty = Files.write(dir.resolve("empty.mmdb"), new byte[0]);
    Path text = Files.writeString(dir.resolve("text.mmdb"), "country,code\nGB,EU\n".repeat(100));
    for (Path file : new Path[] {empty, text}) {
      var e = assertThrows(IOException.class, () -> GeoDatabases.open(file));
      assertTrue(
          e.getMessage()
              .startsWith("geo database " + file + " is not a valid MaxMind DB (mmdb) file"),
          e.getMessage());
    }
  }

  @Test
  void rejectsTruncatedSearchTree() throws IOException {
    byte[] good =
        new MmdbWriter("GeoIP2-Country", 6).insert("81.2.69.0/24", country("EU", "GB")).build();
    byte[] bad = good.clone();
    // node 0, right record -> past the data section
    bad[3] = (byte) 0x7F;
    bad[4] = (byte) 0xFF;
    bad[5] = (byte) 0xFF;
    Path file = Files.write(dir.resolve("bad-tree.mmdb"), bad);
    var e = assertThrows(Exception.class, () -> GeoDatabases.open(file).compile(Location::country));
    assertTrue(e.getMessage().startsWith("geo database " + file), e.getMessage());
    assertTrue(e.getMessage().contains("search tree is corrupt"), e.getMessage());
  }

  @Test
  void corruptionPastTheProbeFailsAtCompile() throws IOException {
    MmdbWriter writer = new MmdbWriter("Test-CC", 4);
    var gb = countryCode("GB");
    for (int i = 0; i < 100; i++) {
      writer.insert("10." + i + ".0.0/16", gb); // the probe stops in here, on the left
    }
    byte[] bad = writer.build();
    bad[3] = (byte) 0x7F; // root, right record (empty until now) -> past the data section
    bad[4] = (byte) 0xFF;
    bad[5] = (byte) 0xFF;
    Path file = Files.write(dir.resolve("late-corruption.mmdb"), bad);
    GeoDatabase db = GeoDatabases.open(file);
    var e = assertThrows(java.io.UncheckedIOException.class, () -> db.compile(Location::country));
    assertEquals(
        "geo database " + file + ": search tree node 0 points past the end of the data section",
        e.getMessage());
  }

  @Test
  void rejectsDatabasesWithoutSupportedSchema() throws IOException {
    Path asn =
        new MmdbWriter("GeoLite2-ASN", 6)
            .insert(
                "8.8.8.0/24",
                Map.of(
                    "autonomous_system_number", 15169L, "autonomous_system_organization", "GOOGLE"))
            .writeTo(dir.resolve("asn.mmdb"));
    var e = assertThrows(IOException.class, () -> GeoDatabases.open(asn));
    assertTrue(
        e.getMessage()
            .startsWith(
                "geo database "
                    + asn
                    + " does not provide any supported schema "
                    + "(database_type 'GeoLite2-ASN'"),
        e.getMessage());

    Path wrongShape =
        new MmdbWriter("GeoIP2-City", 4)
            .insert("8.8.8.0/24", Map.of("country", "US"))
            .writeTo(dir.resolve("wrong-shape.mmdb"));
    e = assertThrows(IOException.class, () -> GeoDatabases.open(wrongShape));
    assertTrue(
        e.getMessage()
            .startsWith(
                "geo database "
                    + wrongShape
                    + " (database_type 'GeoIP2-City', read as CITY) cannot be decoded"),
        e.getMessage());

    Path empty = new MmdbWriter("GeoIP2-Country", 6).writeTo(dir.resolve("no-networks.mmdb"));
    e = assertThrows(IOException.class, () -> GeoDatabases.open(empty));
    assertEquals("geo database " + empty + " contains no networks", e.getMessage());
  }
}
