package io.meridian.geo;

import java.net.InetAddress;
import java.util.function.Function;

/**
 * A loaded geo database: IP address to {@link Location}. Immutable and thread-safe; made by {@link
 * GeoDatabases}, which does all the failing (missing file, not an mmdb, no supported schema) up
 * front.
 *
 * <p>The query path does not call this interface. It calls a {@link PrefixMap} that {@link
 * #compile} built once per policy, at config load, from everything the database holds.
 */
public interface GeoDatabase {

  /** Which database this is. */
  DatabaseInfo info();

  /**
   * Looks one address up in the database itself: for {@code explain}, tests and tools, not for the
   * query path (it decodes a record on every call).
   *
   * @return the location and the length of the database network that held it, or {@link
   *     GeoMatch#NONE} when no network covers the address (including IPv6 addresses in an IPv4-only
   *     database)
   * @throws java.io.UncheckedIOException if the record for the address cannot be decoded
   */
  GeoMatch lookup(InetAddress address);

  /**
   * Builds the query-path structure for one policy: every address maps to {@code
   * outcome.apply(location)} and to the widest prefix over which that outcome is constant. Networks
   * are merged bottom-up into the largest supernets with equal outcomes (compared with {@code
   * equals}); addresses no network covers map to {@code outcome.apply(Location.UNKNOWN)}, merged
   * the same way. {@code outcome} is called once per distinct location and may return null. See
   * {@link PrefixMap} for how lookups, source prefixes and IPv4 in IPv6 behave.
   *
   * <p>Walks the whole database: call it at config load, not per query.
   *
   * @throws java.io.UncheckedIOException if a record of the database cannot be decoded
   */
  <T> PrefixMap<T> compile(Function<Location, T> outcome);
}
