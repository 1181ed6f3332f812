package io.meridian.geo;

import java.time.Instant;
import java.util.Objects;

/**
 * What a loaded geo database is, for logs, metrics and {@code explain}: operators need to see which
 * file and which build answered, since databases are replaced regularly.
 *
 * @param source the file path, or {@code "bundled"} for the embedded database
 * @param databaseType the mmdb {@code database_type} metadata, e.g. {@code "GeoLite2-City"}
 * @param buildEpoch when the database was built (mmdb {@code build_epoch})
 * @param ipVersion 4 or 6 (6 databases hold IPv4 data too)
 * @param nodeCount number of nodes of the database's search tree, a measure of its size
 */
public record DatabaseInfo(
    String source, String databaseType, Instant buildEpoch, int ipVersion, long nodeCount) {

  public DatabaseInfo {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(databaseType, "databaseType");
    Objects.requireNonNull(buildEpoch, "buildEpoch");
  }
}
