package io.meridian.geo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Country facts the databases do not all carry: continent and centroid per ISO 3166-1 alpha-2 code,
 * so a country-only database still gives {@code geo} a continent and {@code geoproximity} a point;
 * and the great-circle distance geoproximity ranks by.
 *
 * <p>The table is {@code countries.csv} next to this class, generated from npm packages by {@code
 * geo-data/tools/make-country-table.sh} (origin and licences in its header). It is loaded once, at
 * class initialisation; a malformed table is a build error and fails loudly here.
 */
public final class Countries {

  /** Mean Earth radius (IUGG), km. */
  private static final double EARTH_RADIUS_KM = 6371.0088;

  private static final Map<String, Location> TABLE = load("countries.csv");

  private Countries() {}

  /** Continent code of a country ({@code "DE"} -> {@code "EU"}), or null if unknown or null. */
  public static String continentOf(String country) {
    return locationOf(country).continent();
  }

  /**
   * The country as a location: its continent and centroid (NaN coordinates when the table has
   * none). A valid code missing from the table gives a location with only the country; null gives
   * {@link Location#UNKNOWN}.
   *
   * @throws IllegalArgumentException if {@code country} is not an upper-case alpha-2 code
   */
  public static Location locationOf(String country) {
    if (country == null) {
      return Location.UNKNOWN;
    }
    Location known = TABLE.get(country);
    return known != null ? known : new Location(country, null, null, Double.NaN, Double.NaN);
  }

  /** True for codes in the table (ISO 3166-1 alpha-2 plus the few pseudo-codes IP data uses). */
  public static boolean isCountry(String code) {
    return code != null && TABLE.containsKey(code);
  }

  /** True for the seven continent codes {@code AF AN AS EU NA OC SA}. */
  public static boolean isContinent(String code) {
    return code != null && Location.CONTINENTS.contains(code);
  }

  /** Every code in the table, for validating configuration. */
  public static Set<String> codes() {
    return TABLE.keySet();
  }

  /**
   * Great-circle distance in kilometres between two points given in degrees (haversine on a sphere
   * of the mean Earth radius; within 0.5% of the ellipsoid, plenty for "nearest region"). NaN if
   * any coordinate is NaN.
   */
  public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
    double phi1 = Math.toRadians(lat1);
    double phi2 = Math.toRadians(lat2);
    double sinDLat = Math.sin((phi2 - phi1) / 2);
    double sinDLon = Math.sin(Math.toRadians(lon2 - lon1) / 2);
    double a = sinDLat * sinDLat + Math.cos(phi1) * Math.cos(phi2) * sinDLon * sinDLon;
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  /**
   * Builds a database's location: the record's own values win; the table fills only what the record
   * lacks (continent, and coordinates when it has none). Country codes are upper-cased; values that
   * are not two letters (legacy pseudo-codes such as "A1", "--") count as unknown, as does a
   * subdivision code that is not 1-3 letters or digits.
   */
  static Location complete(
      String country, String subdivision, String continent, double latitude, double longitude) {
    String code = normalise(country, 2, 2);
    String sub = code == null ? null : normalise(subdivision, 1, 3);
    Location base = locationOf(code);
    String cont =
        continent != null && Location.CONTINENTS.contains(continent) ? continent : base.continent();
    boolean hasPoint = !Double.isNaN(latitude) && !Double.isNaN(longitude);
    if (sub == null && Objects.equals(cont, base.continent()) && !hasPoint) {
      return base;
    }
    return new Location(
        code,
        sub,
        cont,
        hasPoint ? latitude : base.latitude(),
        hasPoint ? longitude : base.longitude());
  }

  private static String normalise(String code, int min, int max) {
    if (code == null) {
      return null;
    }
    String upper = code.trim().toUpperCase(Locale.ROOT);
    if (upper.length() < min || upper.length() > max) {
      return null;
    }
    for (int i = 0; i < upper.length(); i++) {
      char c = upper.charAt(i);
      boolean letter = c >= 'A' && c <= 'Z';
      if (!letter && !(max > 2 && c >= '0' && c <= '9')) {
        return null;
      }
    }
    return upper;
  }

  private static Map<String, Location> load(String resource) {
    try (InputStream in = Countries.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing resource " + resource + " next to " + Countries.class.getName());
      }
      var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, Location> table = new HashMap<>();
      boolean header = true;
      int lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (header) {
          if (!line.equals("code,continent,latitude,longitude")) {
            throw new IllegalStateException(
                resource + ":" + lineNumber + ": unexpected header " + line);
          }
          header = false;
          continue;
        }
        Location row = parse(line, resource + ":" + lineNumber);
        if (table.put(row.country(), row) != null) {
          throw new IllegalStateException(
              resource + ":" + lineNumber + ": duplicate code " + row.country());
        }
      }
      return Map.copyOf(table);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static Location parse(String line, String where) {
    String[] f = line.split(",", -1);
    if (f.length != 4) {
      throw new IllegalStateException(where + ": expected 4 fields: " + line);
    }
    try {
      double lat = f[2].isEmpty() ? Double.NaN : Double.parseDouble(f[2]);
      double lon = f[3].isEmpty() ? Double.NaN : Double.parseDouble(f[3]);
      return new Location(f[0], null, f[1].isEmpty() ? null : f[1], lat, lon);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(where + ": " + e.getMessage(), e);
    }
  }
}
