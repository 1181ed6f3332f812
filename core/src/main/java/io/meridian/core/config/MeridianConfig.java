package io.meridian.core.config;

import java.util.List;

/**
 * A whole configuration document as read, before compilation: plain values, nothing resolved yet.
 *
 * @param source where it came from, to resolve relative file names and to point problems at lines
 */
public record MeridianConfig(
    ConfigSource source,
    ServerConfig server,
    List<ZoneConfig> zones,
    PolicyConfigs.Policies policies,
    ClusterConfig cluster,
    HealthConfig health,
    java.util.Optional<AdminConfig> admin,
    java.util.Optional<java.net.InetSocketAddress> metrics) {

  public MeridianConfig {
    zones = List.copyOf(zones);
  }

  /** A document without traffic policies: static zones only. */
  public MeridianConfig(ConfigSource source, ServerConfig server, List<ZoneConfig> zones) {
    this(source, server, zones, PolicyConfigs.Policies.NONE);
  }

  /** A standalone document: the default cluster and health settings. */
  public MeridianConfig(
      ConfigSource source,
      ServerConfig server,
      List<ZoneConfig> zones,
      PolicyConfigs.Policies policies) {
    this(source, server, zones, policies, ClusterConfig.STANDALONE, HealthConfig.DEFAULT,
        java.util.Optional.empty(), java.util.Optional.empty());
  }
}
