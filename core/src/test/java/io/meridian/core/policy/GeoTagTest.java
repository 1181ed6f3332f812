package io.meridian.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.geo.Location;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The spellings of geo tags and what each matches. */
class GeoTagTest {

  static Stream<Arguments> spellings() {
    return Stream.of(
        Arguments.of("default", "DEFAULT default"),
        Arguments.of(" Default ", "DEFAULT default"),
        Arguments.of("DE", "COUNTRY DE"),
        Arguments.of("de", "COUNTRY DE"),
        Arguments.of("country:fr", "COUNTRY FR"),
        Arguments.of("US-CA", "SUBDIVISION US-CA"),
        Arguments.of("gb-eng", "SUBDIVISION GB-ENG"),
        Arguments.of("IS-1", "SUBDIVISION IS-1"),
        Arguments.of("continent:EU", "CONTINENT continent:EU"),
        Arguments.of("CONTINENT:na", "CONTINENT continent:NA"),
        Arguments.of("NA", "COUNTRY NA"), // Namibia: continents are spelled out
        Arguments.of("continent:XX", "none"),
        Arguments.of("Europe", "none"),
        Arguments.of("US-CALI", "none"),
        Arguments.of("U", "none"),
        Arguments.of("", "none"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("spellings")
  void parses(String text, String expected) {
    Optional<GeoTag> tag = GeoTag.parse(text);
    assertEquals(expected, tag.map(t -> t.level() + " " + t).orElse("none"));
  }

  static Stream<Arguments> matches() {
    Location sf = new Location("US", "CA", "NA", 37.77, -122.42);
    Location kansas = new Location("US", null, "NA", 38.0, -97.0);
    Location namibia = new Location("NA", null, "AF", -22.0, 17.0);
    return Stream.of(
        Arguments.of("US-CA", sf, true),
        Arguments.of("US-NY", sf, false),
        Arguments.of("US-CA", kansas, false),
        Arguments.of("US", sf, true),
        Arguments.of("continent:NA", sf, true),
        Arguments.of("NA", sf, false),
        Arguments.of("NA", namibia, true),
        Arguments.of("continent:NA", namibia, false),
        Arguments.of("continent:AF", namibia, true),
        Arguments.of("default", Location.UNKNOWN, true),
        Arguments.of("US", Location.UNKNOWN, false),
        Arguments.of("continent:NA", Location.UNKNOWN, false));
  }

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @MethodSource("matches")
  void matches(String tag, Location location, boolean expected) {
    assertEquals(expected, GeoTag.parse(tag).orElseThrow().matches(location));
  }
}
