package io.meridian.core.config;

import java.util.List;
import java.util.Optional;

/**
 * Records of one name and type, as written, or a name answered by a traffic policy. Values are
 * RDATA in master-file syntax, except that a TXT value that does not start with a quote is one
 * string, spaces included.
 *
 * @param path this entry's path in the document, e.g. {@code zones[0].records[3]}
 * @param name relative to the zone ({@code @} is the apex) or absolute (ending in a dot)
 * @param type empty for a policy name
 * @param policy the policy that answers A and AAAA queries for the name; empty for static records
 */
public record RecordConfig(
    String path,
    String name,
    String type,
    Optional<Long> ttl,
    List<String> values,
    Optional<String> policy) {

  public RecordConfig {
    values = List.copyOf(values);
  }

  public RecordConfig(
      String path, String name, String type, Optional<Long> ttl, List<String> values) {
    this(path, name, type, ttl, values, Optional.empty());
  }
}
