package io.meridian.core.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Address;

/**
 * Reads a YAML (or JSON) document into a {@link MeridianConfig}, reporting every structural problem
 * (unknown keys, wrong types, out-of-range numbers) with its path and line. Meaning (names, record
 * data, references) is checked later, when the document is compiled.
 */
public final class ConfigReader {

  static final long MAX_TTL = 0x7FFFFFFFL;

  private ConfigReader() {}

  public static MeridianConfig read(Path file) throws IOException, InvalidConfigException {
    Path absolute = file.toAbsolutePath().normalize();
    String text = Files.readString(absolute, StandardCharsets.UTF_8);
    return read(text, file.toString(), absolute.getParent());
  }

  /** Top-level sections that another module reads ({@link ConfigExtension}). */
  public static final java.util.Set<String> EXTENSION_SECTIONS = java.util.Set.of("balancers");

  public static MeridianConfig read(String text, String sourceName, Path baseDir)
      throws InvalidConfigException {
    return read(text, sourceName, baseDir, List.of());
  }

  /**
   * Reads with {@code extensions} reading their sections in the same pass; sections in {@link
   * #EXTENSION_SECTIONS} without an extension are skipped.
   */
  public static MeridianConfig read(
      String text, String sourceName, Path baseDir, List<? extends ConfigExtension<?>> extensions)
      throws InvalidConfigException {
    ConfigText document = ConfigText.parse(text, sourceName);
    ConfigNode root = document.root();
    LineIndex lines = document.lines();
    Problems problems = document.problems();
    root.mapping(
        Set.of(
            "server",
            "zones",
            "geoip",
            "checks",
            "regions",
            "locations",
            "pools",
            "policies",
            "cluster",
            "health",
            "admin",
            "metrics",
            "demo_backends",
            "balancers"));
    ServerConfig server = server(root.field("server"));
    List<ZoneConfig> zones = new ArrayList<>();
    List<ConfigNode> zoneNodes = root.field("zones").elements();
    if (zoneNodes.isEmpty()) {
      root.field("zones").problem("at least one zone is required");
    }
    for (int i = 0; i < zoneNodes.size(); i++) {
      zone(i, zoneNodes.get(i)).ifPresent(zones::add);
    }
    PolicyConfigs.Policies policies = PolicyConfigReader.read(root);
    ClusterConfig cluster = ClusterConfigReader.cluster(root.field("cluster"));
    HealthConfig health = ClusterConfigReader.health(root.field("health"));
    Optional<AdminConfig> admin = AdminConfigReader.read(root.field("admin"), baseDir);
    Optional<InetSocketAddress> metrics = Optional.empty();
    ConfigNode metricsNode = root.field("metrics");
    if (metricsNode.mapping(Set.of("listen"))) {
      metrics = metricsNode.field("listen").requiredText()
          .flatMap(t -> socketAddress(metricsNode.field("listen"), t));
    }
    List<DemoBackendConfig> demoBackends =
        DemoBackendConfig.read(root.field("demo_backends"), root);
    java.util.Map<String, Object> sections = new java.util.LinkedHashMap<>();
    for (ConfigExtension<?> extension : extensions) {
      if (!EXTENSION_SECTIONS.contains(extension.section())) {
        throw new IllegalArgumentException("not an extension section: " + extension.section());
      }
      ConfigNode node = root.field(extension.section());
      if (!node.isMissing()) {
        sections.put(extension.section(), extension.read(node, root, baseDir));
      }
    }
    problems.throwIfAny(sourceName);
    return new MeridianConfig(
        new ConfigSource(sourceName, baseDir, lines), server, zones, policies, cluster, health,
        admin, metrics, demoBackends, sections);
  }



  private static ServerConfig server(ConfigNode node) {
    node.mapping(Set.of("listen", "udp_payload_size", "udp_threads", "tcp_idle_timeout"));
    List<InetSocketAddress> listen = new ArrayList<>();
    for (ConfigNode address : node.field("listen").elements()) {
      address.text().flatMap(text -> socketAddress(address, text)).ifPresent(listen::add);
    }
    if (node.field("listen").isList() && node.field("listen").elements().isEmpty()) {
      node.field("listen").problem("must list at least one address");
    }
    if (listen.isEmpty() && node.field("listen").isMissing()) {
      listen.add(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), ServerConfig.DEFAULT_PORT));
    }
    int payload =
        node.field("udp_payload_size").integer(512, 65535, ServerConfig.DEFAULT_UDP_PAYLOAD);
    int threads = node.field("udp_threads").integer(0, 256, 0);
    return new ServerConfig(
        listen,
        payload,
        threads,
        node.field("tcp_idle_timeout").duration(ServerConfig.DEFAULT_TCP_IDLE));
  }

  /**
   * {@code 127.0.0.1}, {@code 127.0.0.1:5353}, {@code ::1}, {@code [::1]:5353}: IP literals only.
   */
  static Optional<InetSocketAddress> socketAddress(ConfigNode node, String text) {
    String host = text.trim();
    int port = ServerConfig.DEFAULT_PORT;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0) {
        node.problem("'" + text + "' has '[' without ']'");
        return Optional.empty();
      }
      String rest = host.substring(close + 1);
      host = host.substring(1, close);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          node.problem("'" + text + "' must be [address]:port");
          return Optional.empty();
        }
        port = port(node, rest.substring(1));
      }
    } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
      port = port(node, host.substring(host.indexOf(':') + 1));
      host = host.substring(0, host.indexOf(':'));
    }
    if (port < 0) {
      return Optional.empty();
    }
    int family = host.indexOf(':') >= 0 ? Address.IPv6 : Address.IPv4;
    byte[] bytes = Address.toByteArray(host, family);
    if (bytes == null) {
      node.problem(
          "'"
              + text
              + "' is not an IP address with an optional port (host names are not resolved)");
      return Optional.empty();
    }
    try {
      return Optional.of(new InetSocketAddress(InetAddress.getByAddress(bytes), port));
    } catch (UnknownHostException e) {
      node.problem("'" + text + "' is not an IP address");
      return Optional.empty();
    }
  }

  private static int port(ConfigNode node, String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    node.problem("port '" + text + "' must be a number from 0 to 65535");
    return -1;
  }

  private static Optional<ZoneConfig> zone(int index, ConfigNode node) {
    if (!node.mapping(Set.of("name", "ttl", "soa", "records", "file"))) {
      if (node.isMissing()) {
        node.problem("must be a zone mapping");
      }
      return Optional.empty();
    }
    Optional<String> name = node.field("name").requiredText();
    long ttl = node.field("ttl").integer(0, MAX_TTL).orElse(3600L);
    Optional<String> file = node.field("file").text();
    Optional<SoaConfig> soa = Optional.empty();
    List<RecordConfig> records = new ArrayList<>();
    if (file.isPresent()) {
      if (!node.field("soa").isMissing()) {
        node.field("soa").problem("not allowed with 'file': the master file holds the SOA");
      }
      if (!node.field("records").isMissing()) {
        node.field("records").problem("not allowed with 'file': the master file holds the records");
      }
    } else {
      if (node.field("soa").isMissing()) {
        node.field("soa").problem("is required (or give the zone a master 'file')");
      }
      soa = soa(node.field("soa"));
      List<ConfigNode> recordNodes = node.field("records").elements();
      for (ConfigNode recordNode : recordNodes) {
        record(recordNode).ifPresent(records::add);
      }
    }
    if (name.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ZoneConfig(index, name.get(), ttl, soa, records, file));
  }

  private static Optional<SoaConfig> soa(ConfigNode node) {
    if (!node.mapping(
        Set.of("mname", "rname", "serial", "refresh", "retry", "expire", "minimum", "ttl"))) {
      return Optional.empty();
    }
    Optional<String> mname = node.field("mname").requiredText();
    Optional<String> rname = node.field("rname").requiredText();
    Optional<Long> serial = node.field("serial").integer(0, 0xFFFFFFFFL);
    long refresh = node.field("refresh").integer(0, MAX_TTL).orElse(3600L);
    long retry = node.field("retry").integer(0, MAX_TTL).orElse(600L);
    long expire = node.field("expire").integer(0, MAX_TTL).orElse(1209600L);
    long minimum = node.field("minimum").integer(0, MAX_TTL).orElse(300L);
    Optional<Long> ttl = node.field("ttl").integer(0, MAX_TTL);
    if (mname.isEmpty() || rname.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new SoaConfig(mname.get(), rname.get(), serial, refresh, retry, expire, minimum, ttl));
  }

  private static Optional<RecordConfig> record(ConfigNode node) {
    if (!node.mapping(Set.of("name", "type", "ttl", "value", "values", "policy"))) {
      if (!node.isMissing()) {
        return Optional.empty();
      }
      node.problem("must be a record mapping");
      return Optional.empty();
    }
    Optional<String> name = node.field("name").requiredText();
    Optional<Long> ttl = node.field("ttl").integer(0, MAX_TTL);
    Optional<String> policy = node.field("policy").text();
    if (policy.isPresent()) {
      for (String key : List.of("type", "value", "values")) {
        if (!node.field(key).isMissing()) {
          node.field(key).problem("not allowed with 'policy': the policy answers A and AAAA");
        }
      }
      return name.map(n -> new RecordConfig(node.path(), n, "", ttl, List.of(), policy));
    }
    Optional<String> type = node.field("type").requiredText();
    List<String> values = new ArrayList<>();
    ConfigNode value = node.field("value");
    ConfigNode many = node.field("values");
    if (value.isMissing() == many.isMissing()) {
      node.problem("needs exactly one of 'value' or 'values' (or a 'policy')");
    } else if (!value.isMissing()) {
      value.requiredText().ifPresent(values::add);
    } else {
      List<ConfigNode> elements = many.elements();
      for (ConfigNode element : elements) {
        element.requiredText().ifPresent(values::add);
      }
      if (elements.isEmpty() && many.isList()) {
        many.problem("must list at least one value");
      }
    }
    if (name.isEmpty() || type.isEmpty() || values.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RecordConfig(node.path(), name.get(), type.get(), ttl, values));
  }
}
