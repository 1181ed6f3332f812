package io.meridian.core.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The admin API of this process, when it runs one.
 *
 * @param listen address and port of the HTTP(S) listener
 * @param dataDir where config versions, tokens and the audit log are kept (relative paths are
 *     relative to the config file)
 * @param tlsCert PEM certificate chain; with {@code tlsKey}, the API speaks HTTPS only
 * @param maxBodyBytes the largest request body accepted (413 beyond)
 * @param testClients client subnets a dry run shows besides one client per country
 * @param drillClients the synthetic clients ({@code name=subnet}) a drill watches
 * @param drillMaxRegionShare the share of regions drills may take out at once, unless forced
 */
public record AdminConfig(
    InetSocketAddress listen,
    Path dataDir,
    Optional<Path> tlsCert,
    Optional<Path> tlsKey,
    int maxBodyBytes,
    List<String> testClients,
    List<String> drillClients,
    double drillMaxRegionShare) {

  public static final int DEFAULT_MAX_BODY = 1 << 20;

  public AdminConfig {
    testClients = List.copyOf(testClients);
    drillClients = List.copyOf(drillClients);
  }
}
