package io.meridian.geo;

import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.CountryResponse;
import java.util.Map;

/**
 * The record layouts we understand, and how each becomes a {@link Location}. MaxMind's own GeoIP2
 * models describe the City and Country layouts, so a GeoIP2/GeoLite2 (or compatible, e.g. DB-IP
 * Lite) file is read exactly as MaxMind's {@code DatabaseReader} reads it.
 */
enum Schema {

  /** GeoIP2/GeoLite2 City: continent, country, first subdivision, coordinates. */
  CITY(CityResponse.class) {
    @Override
    Location toLocation(Object record) {
      var city = (CityResponse) record;
      var subdivisions = city.subdivisions();
      return Countries.complete(
          city.country().isoCode(),
          subdivisions.isEmpty() ? null : subdivisions.get(0).isoCode(),
          city.continent().code(),
          orNaN(city.location().latitude()),
          orNaN(city.location().longitude()));
    }
  },

  /** GeoIP2/GeoLite2 Country: continent and country. */
  COUNTRY(CountryResponse.class) {
    @Override
    Location toLocation(Object record) {
      var country = (CountryResponse) record;
      return Countries.complete(
          country.country().isoCode(), null, country.continent().code(), Double.NaN, Double.NaN);
    }
  },

  /**
   * Any other mmdb whose records carry {@code country_code} (ip-location-db, the bundled database)
   * or {@code country.iso_code}. Decoded as a map: the layout is not ours to model.
   */
  COUNTRY_CODE(Map.class) {
    @Override
    Location toLocation(Object record) {
      var map = (Map<?, ?>) record;
      Object code = map.get("country_code");
      if (code == null && map.get("country") instanceof Map<?, ?> country) {
        code = country.get("iso_code");
      }
      return Countries.complete(
          code instanceof String s ? s : null, null, null, Double.NaN, Double.NaN);
    }
  };

  final Class<?> recordType;

  Schema(Class<?> recordType) {
    this.recordType = recordType;
  }

  /** Converts a decoded record of {@link #recordType} (never null). */
  abstract Location toLocation(Object record);

  /**
   * Chooses by the {@code database_type} metadata, as MaxMind's reader and CoreDNS do: names
   * containing "City" (GeoIP2-City, GeoLite2-City, DBIP-City-Lite) or "Country". Everything else is
   * tried as country_code; {@link GeoDatabases#open} then probes that records really fit.
   */
  static Schema of(String databaseType) {
    if (databaseType.contains("City")) {
      return CITY;
    }
    if (databaseType.contains("Country")) {
      return COUNTRY;
    }
    return COUNTRY_CODE;
  }

  private static double orNaN(Double value) {
    return value == null ? Double.NaN : value;
  }
}
