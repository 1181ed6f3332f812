package io.meridian.core.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin API of this process, when it runs one.
 *
 * @param listen address and port of the HTTP(S) listener
 * @param dataDir where config versions, tokens and the audit log are kept (relative paths are
 *     relative to the config file)
 * @param tlsCert PEM certificate chain; with {@code tlsKey}, the API speaks HTTPS only
 * @param maxBodyBytes the largest request body accepted (413 beyond)
 * @param testClients clients a dry run shows besides one per country, by name
 * @param drillClients the synthetic clients a drill watches, by name
 * @param drillResolvers caching resolvers (pointed at Meridian's servers) that drills also ask,
 *     to see the shift as clients behind them do, TTL included
 * @param drillLimits what drills may do before they are refused or abort themselves
 */
public record AdminConfig(
    InetSocketAddress listen,
    Path dataDir,
    Optional<Path> tlsCert,
    Optional<Path> tlsKey,
    int maxBodyBytes,
    Map<String, InetAddress> testClients,
    Map<String, InetAddress> drillClients,
    List<InetSocketAddress> drillResolvers,
    DrillLimits drillLimits) {

  public static final int DEFAULT_MAX_BODY = 1 << 20;

  public AdminConfig {
    testClients = Collections.unmodifiableMap(new LinkedHashMap<>(testClients));
    drillClients = Collections.unmodifiableMap(new LinkedHashMap<>(drillClients));
    drillResolvers = List.copyOf(drillResolvers);
  }
}
