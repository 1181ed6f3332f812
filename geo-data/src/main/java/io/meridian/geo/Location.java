package io.meridian.geo;

import java.util.Set;

/**
 * Where a client is, as far as a geo database can tell: the answer that the {@code geo} and {@code
 * geoproximity} filters route on.
 *
 * <p>Every field may be unknown: databases differ in what they hold (a country database has no
 * subdivision), and networks differ in what is known about them. Country-only databases get the
 * continent and the country's centroid from {@link Countries}, so geoproximity works without a City
 * database.
 *
 * @param country ISO 3166-1 alpha-2 code, upper case (e.g. {@code "GB"}), or null. The pseudo-codes
 *     some registries use ({@code "EU"}, {@code "AP"}) pass as they are.
 * @param subdivision ISO 3166-2 subdivision code without the country prefix ({@code "CA"} for
 *     US-CA), or null; never set without a country
 * @param continent one of {@code AF AN AS EU NA OC SA}, or null
 * @param latitude degrees in [-90, 90], or NaN when unknown
 * @param longitude degrees in [-180, 180], or NaN when unknown (NaN exactly when latitude is)
 */
public record Location(
    String country, String subdivision, String continent, double latitude, double longitude) {

  /** Nothing is known: the location of addresses no database network covers. */
  public static final Location UNKNOWN = new Location(null, null, null, Double.NaN, Double.NaN);

  /** The seven continent codes that GeoIP2 uses. */
  static final Set<String> CONTINENTS = Set.of("AF", "AN", "AS", "EU", "NA", "OC", "SA");

  /**
   * Rejects malformed values, so that a {@code Location} can be compared and printed without
   * second-guessing; databases are normalised before they get here (see {@link Countries}).
   */
  public Location {
    if (country != null && !isCode(country, 2, 2, false)) {
      throw new IllegalArgumentException(
          "country must be an upper-case ISO 3166-1 alpha-2 code: " + country);
    }
    if (subdivision != null && (country == null || !isCode(subdivision, 1, 3, true))) {
      throw new IllegalArgumentException(
          "subdivision must be 1-3 upper-case letters or digits of a known country: "
              + subdivision);
    }
    if (continent != null && !CONTINENTS.contains(continent)) {
      throw new IllegalArgumentException(
          "continent must be one of " + CONTINENTS + ": " + continent);
    }
    if (Double.isNaN(latitude) != Double.isNaN(longitude)) {
      throw new IllegalArgumentException("latitude and longitude must be both known or both NaN");
    }
    if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) {
      throw new IllegalArgumentException(
          "coordinates out of range: " + latitude + ", " + longitude);
    }
  }

  /** True when latitude and longitude are known, i.e. geoproximity can place the client. */
  public boolean hasCoordinates() {
    return !Double.isNaN(latitude);
  }

  private static boolean isCode(String s, int min, int max, boolean digits) {
    if (s.length() < min || s.length() > max) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'A' && c <= 'Z') && !(digits && c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }
}
