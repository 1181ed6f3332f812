package io.meridian.core.snapshot;

import io.meridian.core.config.ClusterConfig;
import io.meridian.core.config.HealthConfig;
import io.meridian.core.config.ServerConfig;
import io.meridian.core.policy.LocationFilters;
import io.meridian.core.policy.PolicySet;
import io.meridian.geo.GeoDatabase;

/**
 * Everything the query path needs, compiled from one accepted configuration. Immutable: a new
 * configuration makes a new snapshot, published whole (see {@link Current}).
 *
 * @param version counts accepted configurations since start, from 1
 * @param locations the geo database the policies were compiled against (loaded on first use)
 * @param cluster how this process joins the cluster (read at start only)
 * @param health how agents' observations combine
 * @param admin this process's admin API, if it runs one (read at start only)
 * @param metrics where this process serves Prometheus metrics, if anywhere (read at start only)
 */
public record Snapshot(
    long version,
    ZoneSet zones,
    ServerConfig server,
    PolicySet policies,
    LocationFilters locations,
    ClusterConfig cluster,
    HealthConfig health,
    java.util.Optional<io.meridian.core.config.AdminConfig> admin,
    java.util.Optional<java.net.InetSocketAddress> metrics) {

  /** The geo database behind the policies: the configured one, or the bundled default. */
  public GeoDatabase geo() {
    return locations.database();
  }
}
