package io.meridian.geo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where {@link GeoDatabase}s come from: the bundled country database, or an mmdb file. Everything
 * that can be wrong with a database fails here, at load, never at query time.
 */
public final class GeoDatabases {

  /** Classpath resource of the bundled database; origin and licence in the NOTICE next to it. */
  static final String BUNDLED_RESOURCE = "geo-whois-asn-country.mmdb";

  private GeoDatabases() {}

  /**
   * The bundled country database (ip-location-db geo-whois-asn-country, CC BY 4.0 by NRO; IPv4 and
   * IPv6, {@code country_code} records), loaded on first use and shared: the default when no
   * database file is configured.
   *
   * @throws IllegalStateException if the resource is missing or broken (a packaging error)
   */
  public static GeoDatabase bundled() {
    return Bundled.DATABASE;
  }

  /**
   * Loads an mmdb file and detects its schema from {@code database_type}: names containing "City"
   * are read as GeoIP2 City (continent, country, first subdivision, coordinates), names containing
   * "Country" as GeoIP2 Country, anything else as records with {@code country_code} (or {@code
   * country.iso_code}). The first networks are decoded at once to prove the schema.
   *
   * @throws IOException with a message naming the file if it is missing or unreadable, is not an
   *     mmdb file, holds no networks, or "does not provide any supported schema"
   */
  public static GeoDatabase open(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException("geo database " + file + " does not exist", e);
    } catch (IOException e) {
      throw new IOException("geo database " + file + " cannot be read: " + e, e);
    }
    return MmdbGeoDatabase.load(file.toString(), bytes);
  }

  /** Lazy holder: the 8 MB resource is read only by servers that use it. */
  private static final class Bundled {
    static final GeoDatabase DATABASE = load();

    private static GeoDatabase load() {
      try (InputStream in = GeoDatabases.class.getResourceAsStream(BUNDLED_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              "bundled geo database " + BUNDLED_RESOURCE + " is missing from the classpath");
        }
        return MmdbGeoDatabase.load("bundled", in.readAllBytes());
      } catch (IOException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
  }
}
