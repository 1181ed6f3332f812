package io.meridian.core.config;

import java.util.List;
import java.util.Optional;

/**
 * One zone as written: either inline ({@code soa} and {@code records}) or an RFC 1035 master file.
 *
 * @param index position in the document, for problem paths
 * @param defaultTtl TTL of records that give none
 * @param file a master file, relative to the config's directory; empty for an inline zone
 */
public record ZoneConfig(
    int index,
    String name,
    long defaultTtl,
    Optional<SoaConfig> soa,
    List<RecordConfig> records,
    Optional<String> file) {

  public ZoneConfig {
    records = List.copyOf(records);
  }

  public String path() {
    return "zones[" + index + "]";
  }
}
