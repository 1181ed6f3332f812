package io.meridian.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CountriesTest {

  @ParameterizedTest
  @CsvSource({
    "DE, EU", "GB, EU", "US, NA", "BR, SA", "JP, AS", "AU, OC", "ZA, AF", "AQ, AN", "XK, EU",
    "RU, EU", "AN, NA", "EU, EU", "AP, AS"
  })
  void knowsContinents(String country, String continent) {
    assertEquals(continent, Countries.continentOf(country));
  }

  @ParameterizedTest
  @CsvSource({
    "GB, 49, 61, -9, 2",
    "US, 25, 50, -125, -66",
    "AU, -44, -10, 112, 154",
    "JP, 30, 46, 128, 146",
    "BR, -34, 6, -74, -34",
    "DE, 47, 55, 5, 16"
  })
  void centroidsLieInsideTheCountry(
      String country, double minLat, double maxLat, double minLon, double maxLon) {
    Location location = Countries.locationOf(country);
    assertTrue(location.latitude() >= minLat && location.latitude() <= maxLat, location.toString());
    assertTrue(
        location.longitude() >= minLon && location.longitude() <= maxLon, location.toString());
  }

  @Test
  void unknownAndMissingCodes() {
    assertNull(Countries.continentOf(null));
    assertNull(Countries.continentOf("QQ"));
    assertSame(Location.UNKNOWN, Countries.locationOf(null));
    assertFalse(Countries.locationOf("EU").hasCoordinates(), "a continent has no meaningful point");
    assertFalse(Countries.isCountry("QQ"));
    assertTrue(Countries.isCountry("FR"));
    assertTrue(Countries.isContinent("OC"));
    assertFalse(Countries.isContinent("XX"));
    assertTrue(Countries.codes().size() > 250);
    assertThrows(IllegalArgumentException.class, () -> Countries.locationOf("gb"));
  }

  @Test
  void distanceIsGreatCircle() {
    double london2newYork = Countries.distanceKm(51.5074, -0.1278, 40.7128, -74.0060);
    assertEquals(5570, london2newYork, 50);
    assertEquals(london2newYork, Countries.distanceKm(40.7128, -74.0060, 51.5074, -0.1278), 1e-9);
    assertEquals(0, Countries.distanceKm(10, 20, 10, 20), 1e-9);
    assertEquals(Math.PI * 6371.0088, Countries.distanceKm(0, 0, 0, 180), 1e-6, "antipodes");
    assertEquals(20015, Countries.distanceKm(90, 0, -90, 0), 1, "pole to pole");
    assertTrue(Double.isNaN(Countries.distanceKm(Double.NaN, 0, 0, 0)));
  }

  @Test
  void completeLetsTheRecordWinAndTheTableFillGaps() {
    Location de = Countries.locationOf("DE");
    assertSame(
        de,
        Countries.complete("de", null, null, Double.NaN, Double.NaN),
        "normalised, table row reused");
    assertEquals(
        new Location("DE", "BE", "EU", 52.5, 13.4),
        Countries.complete("DE", "be", null, 52.5, 13.4));
    assertEquals(
        new Location("DE", null, "EU", de.latitude(), de.longitude()),
        Countries.complete("DE", "not a code", "XX", Double.NaN, Double.NaN),
        "bad subdivision and continent dropped");
    assertEquals(
        new Location(null, null, "EU", Double.NaN, Double.NaN),
        Countries.complete(null, "ENG", "EU", Double.NaN, Double.NaN),
        "continent-only networks exist");
    assertSame(Location.UNKNOWN, Countries.complete("--", null, null, Double.NaN, Double.NaN));
  }
}
