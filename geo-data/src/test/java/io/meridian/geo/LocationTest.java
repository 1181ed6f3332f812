package io.meridian.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LocationTest {

  static final double NAN = Double.NaN;

  @Test
  void acceptsWellFormedValues() {
    assertTrue(new Location("US", "CA", "NA", 37.7, -122.4).hasCoordinates());
    assertFalse(Location.UNKNOWN.hasCoordinates());
    assertEquals(
        Location.UNKNOWN, new Location(null, null, null, NAN, NAN), "NaN equals NaN in records");
  }

  @Test
  void rejectsMalformedValues() {
    assertThrows(IllegalArgumentException.class, () -> new Location("us", null, null, NAN, NAN));
    assertThrows(IllegalArgumentException.class, () -> new Location("USA", null, null, NAN, NAN));
    assertThrows(IllegalArgumentException.class, () -> new Location(null, "CA", null, NAN, NAN));
    assertThrows(IllegalArgumentException.class, () -> new Location("US", "US-CA", null, NAN, NAN));
    assertThrows(IllegalArgumentException.class, () -> new Location("US", null, "XX", NAN, NAN));
    assertThrows(IllegalArgumentException.class, () -> new Location("US", null, null, 10, NAN));
    assertThrows(IllegalArgumentException.class, () -> new Location("US", null, null, 91, 0));
    assertThrows(IllegalArgumentException.class, () -> new Location("US", null, null, 0, -181));
    assertThrows(IllegalArgumentException.class, () -> new GeoMatch(Location.UNKNOWN, 129));
  }
}
