package io.meridian.core.config;

import io.meridian.core.config.PolicyConfigs.CheckConfig;
import io.meridian.core.config.PolicyConfigs.EndpointConfig;
import io.meridian.core.config.PolicyConfigs.FilterConfig;
import io.meridian.core.config.PolicyConfigs.LocationConfig;
import io.meridian.core.config.PolicyConfigs.Policies;
import io.meridian.core.config.PolicyConfigs.PolicyConfig;
import io.meridian.core.config.PolicyConfigs.PoolConfig;
import io.meridian.core.config.PolicyConfigs.RegionConfig;
import io.meridian.core.config.PolicyConfigs.TargetConfig;
import io.meridian.core.config.PolicyConfigs.TargetKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code geoip}, {@code regions}, {@code locations}, {@code pools} and {@code policies}. */
final class PolicyConfigReader {

  /** Names appear in paths and references, so they stay simple. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

  private PolicyConfigReader() {}

  static Policies read(ConfigNode root) {
    ConfigNode geoip = root.field("geoip");
    Optional<String> database = Optional.empty();
    if (geoip.mapping(Set.of("database"))) {
      database = geoip.field("database").requiredText();
    }
    return new Policies(
        database,
        named(root.field("checks")).stream()
            .flatMap(
                e ->
                    CheckConfigReader.read(e.getValue()).stream()
                        .map(spec -> new CheckConfig(e.getValue().path(), e.getKey(), spec)))
            .toList(),
        named(root.field("regions")).stream()
            .map(e -> region(e.getKey(), e.getValue()))
            .flatMap(Optional::stream)
            .toList(),
        named(root.field("locations")).stream()
            .map(e -> location(e.getKey(), e.getValue()))
            .toList(),
        named(root.field("pools")).stream().map(e -> pool(e.getKey(), e.getValue())).toList(),
        named(root.field("policies")).stream()
            .map(e -> policy(e.getKey(), e.getValue()))
            .flatMap(Optional::stream)
            .toList());
  }

  /** The entries of a mapping keyed by name, checking each name. */
  private static List<Map.Entry<String, ConfigNode>> named(ConfigNode node) {
    List<Map.Entry<String, ConfigNode>> entries = node.entries();
    for (Map.Entry<String, ConfigNode> e : entries) {
      if (!NAME.matcher(e.getKey()).matches()) {
        e.getValue()
            .problem(
                "name '"
                    + e.getKey()
                    + "' must be letters, digits, '-' and '_' (at most 63), starting with a letter"
                    + " or digit");
      }
    }
    return entries;
  }

  private static Optional<RegionConfig> region(String name, ConfigNode node) {
    node.mapping(Set.of("latitude", "longitude", "country", "continent", "min_healthy"));
    Optional<Double> lat = node.field("latitude").decimal(-90, 90, true);
    Optional<Double> lon = node.field("longitude").decimal(-180, 180, true);
    Optional<String> country = node.field("country").text().map(String::toUpperCase);
    Optional<String> continent = node.field("continent").text().map(String::toUpperCase);
    if (lat.isEmpty() || lon.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new RegionConfig(
            node.path(),
            name,
            lat.get(),
            lon.get(),
            country,
            continent,
            node.field("min_healthy").integer(0, 1_000_000, 0)));
  }

  private static LocationConfig location(String name, ConfigNode node) {
    List<String> prefixes = new ArrayList<>();
    for (ConfigNode prefix : node.elements()) {
      prefix.requiredText().ifPresent(prefixes::add);
    }
    if (prefixes.isEmpty()) {
      node.problem("must list at least one network, e.g. [10.0.0.0/8]");
    }
    return new LocationConfig(node.path(), name, prefixes);
  }

  private static PoolConfig pool(String name, ConfigNode node) {
    node.mapping(Set.of("endpoints", "check", "min_healthy"));
    Optional<String> check = node.field("check").text();
    List<EndpointConfig> endpoints = new ArrayList<>();
    List<ConfigNode> nodes = node.field("endpoints").elements();
    if (nodes.isEmpty()) {
      node.field("endpoints").problem("a pool needs at least one endpoint");
    }
    for (ConfigNode endpoint : nodes) {
      endpoint(endpoint, check).ifPresent(endpoints::add);
    }
    return new PoolConfig(
        node.path(), name, endpoints, node.field("min_healthy").integer(0, 1_000_000, 0));
  }

  private static Optional<EndpointConfig> endpoint(ConfigNode node, Optional<String> poolCheck) {
    if (!node.mapping(
        Set.of(
            "name",
            "address",
            "addresses",
            "cname",
            "region",
            "weight",
            "priority",
            "enabled",
            "health",
            "rtt_ms",
            "check"))) {
      return Optional.empty();
    }
    Optional<String> name = node.field("name").requiredText();
    List<String> addresses = new ArrayList<>();
    node.field("address").text().ifPresent(addresses::add);
    node.field("addresses").elements().forEach(a -> a.requiredText().ifPresent(addresses::add));
    Optional<String> cname = node.field("cname").text();
    if (addresses.isEmpty() == cname.isEmpty()) {
      node.problem("needs either 'address'/'addresses' or 'cname'");
    }
    int weight = node.field("weight").integer(0, 1_000_000, 1);
    int priority = node.field("priority").integer(0, 1_000_000, 1);
    boolean enabled = node.field("enabled").bool(true);
    String health = node.field("health").oneOf(Set.of("up", "down"), "up");
    Map<String, Double> rtt = new HashMap<>();
    for (Map.Entry<String, ConfigNode> e : node.field("rtt_ms").entries()) {
      e.getValue().decimal(0, 1_000_000, true).ifPresent(ms -> rtt.put(e.getKey(), ms));
    }
    return name.map(
        n ->
            new EndpointConfig(
                node.path(),
                n,
                addresses,
                cname,
                node.field("region").text(),
                weight,
                priority,
                enabled,
                health.equals("up"),
                rtt,
                node.field("check").text().or(() -> poolCheck)));
  }

  private static Optional<PolicyConfig> policy(String name, ConfigNode node) {
    if (!node.mapping(
        Set.of(
            "routing",
            "chain",
            "targets",
            "when_all_down",
            "fallback",
            "unmapped",
            "max_answers",
            "rto"))) {
      node.problem("must be a policy mapping with 'routing' (or 'chain') and 'targets'");
      return Optional.empty();
    }
    Optional<String> routing = node.field("routing").text();
    List<FilterConfig> chain = new ArrayList<>();
    for (ConfigNode step : node.field("chain").elements()) {
      filter(step).ifPresent(chain::add);
    }
    if (routing.isPresent() == !chain.isEmpty()) {
      node.problem("needs exactly one of 'routing' (a shortcut) or 'chain' (a list of filters)");
    }
    String whenAllDown =
        node.field("when_all_down").oneOf(Set.of("open", "closed", "nodata", "fallback"), "open");
    List<String> fallback = new ArrayList<>();
    node.field("fallback").elements().forEach(f -> f.requiredText().ifPresent(fallback::add));
    if (whenAllDown.equals("fallback") && fallback.isEmpty()) {
      node.field("fallback").problem("is required when when_all_down is 'fallback'");
    }
    boolean unmappedNodata =
        node.field("unmapped").oneOf(Set.of("nodata", "error"), "error").equals("nodata");
    int maxAnswers = node.field("max_answers").integer(1, 64, 8);
    Optional<java.time.Duration> rto = node.field("rto").isMissing()
        ? Optional.empty()
        : Optional.of(node.field("rto").duration(java.time.Duration.ZERO));
    List<TargetConfig> targets = new ArrayList<>();
    List<ConfigNode> targetNodes = node.field("targets").elements();
    if (targetNodes.isEmpty()) {
      node.field("targets").problem("a policy needs at least one target");
    }
    for (ConfigNode target : targetNodes) {
      target(target).ifPresent(targets::add);
    }
    return Optional.of(
        new PolicyConfig(
            node.path(),
            name,
            routing,
            chain,
            whenAllDown,
            fallback,
            unmappedNodata,
            maxAnswers,
            rto,
            targets));
  }

  private static Optional<FilterConfig> filter(ConfigNode node) {
    if (node.isScalar()) {
      return node.requiredText().map(text -> new FilterConfig(node.path(), text, Optional.empty()));
    }
    node.mapping(Set.of("filter", "n"));
    Optional<Integer> n = node.field("n").integer(1, 64).map(Long::intValue);
    return node.field("filter").requiredText().map(f -> new FilterConfig(node.path(), f, n));
  }

  private static Optional<TargetConfig> target(ConfigNode node) {
    if (!node.mapping(
        Set.of(
            "endpoint", "pool", "policy", "weight", "priority", "geo", "cidr", "region", "bias"))) {
      node.problem("must be a target mapping with one of 'endpoint', 'pool' or 'policy'");
      return Optional.empty();
    }
    List<Map.Entry<TargetKind, Optional<String>>> refs =
        List.of(
            Map.entry(TargetKind.ENDPOINT, node.field("endpoint").text()),
            Map.entry(TargetKind.POOL, node.field("pool").text()),
            Map.entry(TargetKind.POLICY, node.field("policy").text()));
    List<Map.Entry<TargetKind, Optional<String>>> given =
        refs.stream().filter(e -> e.getValue().isPresent()).toList();
    if (given.size() != 1) {
      node.problem("needs exactly one of 'endpoint' (pool/name), 'pool' or 'policy'");
      return Optional.empty();
    }
    List<String> geo = new ArrayList<>();
    node.field("geo").elements().forEach(g -> g.requiredText().ifPresent(geo::add));
    List<String> cidr = new ArrayList<>();
    node.field("cidr").elements().forEach(c -> c.requiredText().ifPresent(cidr::add));
    return Optional.of(
        new TargetConfig(
            node.path(),
            given.get(0).getKey(),
            given.get(0).getValue().get(),
            node.field("weight").integer(0, 1_000_000).map(Long::intValue),
            node.field("priority").integer(0, 1_000_000).map(Long::intValue),
            geo,
            cidr,
            node.field("region").text(),
            node.field("bias").integer(-99, 99, 0)));
  }
}
