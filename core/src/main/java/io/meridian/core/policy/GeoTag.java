package io.meridian.core.policy;

import io.meridian.geo.Location;
import java.util.Locale;
import java.util.Optional;

/**
 * A location a geolocation target serves, from most to least specific: a subdivision ({@code
 * US-CA}), a country ({@code DE}), a continent ({@code continent:EU}, spelled out because continent
 * and country codes overlap: AS, NA, SA), or {@code default}.
 */
public record GeoTag(Level level, String code) {

  /** Specificity: the most specific matching level wins. */
  public enum Level {
    SUBDIVISION,
    COUNTRY,
    CONTINENT,
    DEFAULT
  }

  public static final GeoTag DEFAULT = new GeoTag(Level.DEFAULT, "default");
  private static final java.util.Set<String> CONTINENTS =
      java.util.Set.of("AF", "AN", "AS", "EU", "NA", "OC", "SA");

  /**
   * @return the tag, or empty when {@code text} is not one
   */
  public static Optional<GeoTag> parse(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("default")) {
      return Optional.of(DEFAULT);
    }
    String upper = t.toUpperCase(Locale.ROOT);
    if (upper.startsWith("CONTINENT:")) {
      String code = upper.substring("CONTINENT:".length());
      return CONTINENTS.contains(code)
          ? Optional.of(new GeoTag(Level.CONTINENT, code))
          : Optional.empty();
    }
    if (upper.startsWith("COUNTRY:")) {
      upper = upper.substring("COUNTRY:".length());
    }
    if (upper.matches("[A-Z]{2}")) {
      return Optional.of(new GeoTag(Level.COUNTRY, upper));
    }
    if (upper.matches("[A-Z]{2}-[A-Z0-9]{1,3}")) {
      return Optional.of(new GeoTag(Level.SUBDIVISION, upper));
    }
    return Optional.empty();
  }

  boolean matches(Location location) {
    return switch (level) {
      case SUBDIVISION ->
          location.country() != null
              && location.subdivision() != null
              && code.equals(location.country() + "-" + location.subdivision());
      case COUNTRY -> code.equals(location.country());
      case CONTINENT -> code.equals(location.continent());
      case DEFAULT -> true;
    };
  }

  @Override
  public String toString() {
    return level == Level.CONTINENT ? "continent:" + code : code;
  }
}
