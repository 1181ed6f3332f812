package io.meridian.core.config;

import java.util.List;

/**
 * A whole configuration document as read, before compilation: plain values, nothing resolved yet.
 *
 * @param source where it came from, to resolve relative file names and to point problems at lines
 * @param demoBackends the demo HTTP backends this process runs ({@code demo_backends}, local)
 * @param sections what {@link ConfigExtension}s read, by section; see {@link #section}
 */
public record MeridianConfig(
    ConfigSource source,
    ServerConfig server,
    List<ZoneConfig> zones,
    PolicyConfigs.Policies policies,
    ClusterConfig cluster,
    HealthConfig health,
    java.util.Optional<AdminConfig> admin,
    java.util.Optional<java.net.InetSocketAddress> metrics,
    List<DemoBackendConfig> demoBackends,
    java.util.Map<String, Object> sections) {

  public MeridianConfig {
    zones = List.copyOf(zones);
    demoBackends = List.copyOf(demoBackends);
    sections = java.util.Map.copyOf(sections);
  }

  /** What {@code extension} read, when the document has its section and it was read with it. */
  @SuppressWarnings("unchecked") // the extension made the value
  public <T> java.util.Optional<T> section(ConfigExtension<T> extension) {
    return java.util.Optional.ofNullable((T) sections.get(extension.section()));
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
        java.util.Optional.empty(), java.util.Optional.empty(), List.of(), java.util.Map.of());
  }
}
