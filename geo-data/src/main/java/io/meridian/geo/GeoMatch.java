package io.meridian.geo;

import java.util.Objects;

/**
 * One database lookup, as {@code explain} shows it: the location and the database network that held
 * it.
 *
 * @param location the location, {@link Location#UNKNOWN} when no network covers the address
 * @param prefixLength length of the database network that contained the address (IPv4 lengths for
 *     IPv4 addresses), 0 when none did
 */
public record GeoMatch(Location location, int prefixLength) {

  /** The result for addresses that no network of the database covers. */
  public static final GeoMatch NONE = new GeoMatch(Location.UNKNOWN, 0);

  public GeoMatch {
    Objects.requireNonNull(location, "location");
    if (prefixLength < 0 || prefixLength > 128) {
      throw new IllegalArgumentException("prefixLength must be in [0, 128]: " + prefixLength);
    }
  }
}
