package io.meridian.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The embedded database: loads, and answers what the shared benchmark expects. */
class BundledDatabaseTest {

  static PrefixMap<String> continents;
  static PrefixMap<String> countries;
  static final Set<Location> LOCATIONS = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void compile() {
    continents = GeoDatabases.bundled().compile(Location::continent);
    countries =
        GeoDatabases.bundled()
            .compile(
                location -> {
                  LOCATIONS.add(location);
                  return location.country();
                });
  }

  @Test
  void isLoadedOnceAndDescribesItself() {
    GeoDatabase db = GeoDatabases.bundled();
    assertSame(db, GeoDatabases.bundled());
    assertEquals("bundled", db.info().source());
    assertEquals(6, db.info().ipVersion());
    assertTrue(db.info().nodeCount() > 1_000_000, db.info().toString());
  }

  @ParameterizedTest
  @CsvSource({
    "81.2.69.142, GB, EU",
    "8.8.8.8, US, NA",
    "61.0.0.1, IN, AS",
    "41.0.0.1, ZA, AF",
    "2001:4860:4860::8888, US, NA",
    "2a00:1450::1, IE, EU",
  })
  void locatesKnownAddresses(String address, String country, String continent) throws IOException {
    InetAddress ip = InetAddress.getByName(address);
    Location location = GeoDatabases.bundled().lookup(ip).location();
    assertEquals(country, location.country());
    assertEquals(continent, location.continent());
    assertTrue(location.hasCoordinates(), "centroid from the table");

    byte[] raw = ip.getAddress();
    assertEquals(country, countries.value(raw));
    assertEquals(continent, continents.value(raw));
  }

  @ParameterizedTest
  @CsvSource({
    "81.2.69.0, GB, EU",
    "8.8.8.0, US, NA",
    "61.0.0.0, IN, AS",
    "41.0.0.0, ZA, AF",
  })
  void answersTheBenchmarkSubnetsWithinTheirSlash24(
      String network, String country, String continent) throws IOException {
    byte[] raw = InetAddress.getByName(network).getAddress();
    raw[3] = (byte) 0xFF; // ignored: ECS source /24
    int byCountry = countries.match(raw, 24);
    int byContinent = continents.match(raw, 24);
    assertEquals(country, countries.value(byCountry));
    assertEquals(continent, continents.value(byContinent));
    assertTrue(PrefixMap.scope(byCountry) <= 24, "the /24 decides");
    assertTrue(
        PrefixMap.scope(byContinent) <= PrefixMap.scope(byCountry), "continents merge wider");
  }

  @Test
  void mappedAndCompatibleIpv6FormsAnswerAsIpv4() throws IOException {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xFF;
    mapped[11] = (byte) 0xFF;
    System.arraycopy(InetAddress.getByName("8.8.8.8").getAddress(), 0, mapped, 12, 4);
    assertEquals("US", countries.value(mapped));
    assertEquals("US", countries.value(InetAddress.getByName("::8.8.8.8").getAddress()));
  }

  @Test
  void everyCountryOfTheDatabaseIsInTheTable() {
    assertTrue(LOCATIONS.size() > 200, "distinct locations: " + LOCATIONS.size());
    for (Location location : LOCATIONS) {
      if (location.country() != null) {
        assertTrue(Countries.isCountry(location.country()), location.toString());
        assertTrue(location.continent() != null, location.toString());
      }
    }
  }
}
