package io.meridian.core.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Address;

/** Reads {@code admin}: where the API listens and keeps its data. Absent: no admin API. */
final class AdminConfigReader {

  private AdminConfigReader() {}

  static Optional<AdminConfig> read(ConfigNode node, Path baseDir) {
    if (!node.mapping(
        Set.of("listen", "data_dir", "tls_cert", "tls_key", "max_body_bytes", "test_clients",
            "drill_clients", "drill_max_region_share", "drill_max_error_ratio",
            "drill_max_p99", "drill_resolvers"))) {
      return Optional.empty();
    }
    Optional<InetSocketAddress> listen =
        node.field("listen").requiredText()
            .flatMap(t -> ConfigReader.socketAddress(node.field("listen"), t));
    Optional<String> dataDir = node.field("data_dir").requiredText();
    Optional<Path> cert = node.field("tls_cert").text().map(baseDir::resolve);
    Optional<Path> key = node.field("tls_key").text().map(baseDir::resolve);
    if (cert.isPresent() != key.isPresent()) {
      node.problem("tls_cert and tls_key go together");
    }
    int maxBody =
        node.field("max_body_bytes").integer(1024, 64 << 20, AdminConfig.DEFAULT_MAX_BODY);
    Map<String, InetAddress> clients = clients(node.field("test_clients"));
    Map<String, InetAddress> drillClients = clients(node.field("drill_clients"));
    DrillLimits limits = new DrillLimits(
        node.field("drill_max_region_share").decimal(0.01, 1.0, false)
            .orElse(DrillLimits.DEFAULT.maxRegionShare()),
        node.field("drill_max_error_ratio").decimal(0.0, 1.0, false)
            .orElse(DrillLimits.DEFAULT.maxErrorRatio()),
        node.field("drill_max_p99").isMissing() ? DrillLimits.DEFAULT.maxP99Millis()
            : node.field("drill_max_p99").duration(java.time.Duration.ofSeconds(2)).toMillis());
    java.util.List<InetSocketAddress> resolvers = new java.util.ArrayList<>();
    for (ConfigNode r : node.field("drill_resolvers").elements()) {
      r.requiredText().flatMap(t -> ConfigReader.socketAddress(r, t)).ifPresent(resolvers::add);
    }
    if (listen.isEmpty() || dataDir.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new AdminConfig(listen.get(), baseDir.resolve(dataDir.get()).normalize(), cert, key, maxBody, clients,
            drillClients, resolvers, limits));
  }

  /**
   * {@code name=address[/prefix]} or {@code address[/prefix]} (named by itself), IP literals
   * only; a prefix is accepted for readability, the address stands for its network.
   */
  private static Map<String, InetAddress> clients(ConfigNode list) {
    Map<String, InetAddress> out = new LinkedHashMap<>();
    for (ConfigNode c : list.elements()) {
      c.requiredText().ifPresent(text -> {
        String spec = text.trim();
        int eq = spec.indexOf('=');
        String address = (eq < 0 ? spec : spec.substring(eq + 1)).split("/", 2)[0].trim();
        int family = address.indexOf(':') >= 0 ? Address.IPv6 : Address.IPv4;
        byte[] bytes = Address.toByteArray(address, family);
        if (bytes == null) {
          c.problem("'" + text + "' is not name=address or an address such as office=10.1.2.0/24");
          return;
        }
        try {
          out.put(eq < 0 ? spec : spec.substring(0, eq).trim(), InetAddress.getByAddress(bytes));
        } catch (java.net.UnknownHostException e) {
          c.problem("'" + text + "': " + e.getMessage());
        }
      });
    }
    return out;
  }
}
