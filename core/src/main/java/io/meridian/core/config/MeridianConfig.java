package io.meridian.core.config;

import java.util.List;

/**
 * A whole configuration document as read, before compilation: plain values, nothing resolved yet.
 *
 * @param source where it came from, to resolve relative file names and to point problems at lines
 */
public record MeridianConfig(ConfigSource source, ServerConfig server, List<ZoneConfig> zones) {

  public MeridianConfig {
    zones = List.copyOf(zones);
  }
}
