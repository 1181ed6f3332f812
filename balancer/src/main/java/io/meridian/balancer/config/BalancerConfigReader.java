package io.meridian.balancer.config;

import io.meridian.balancer.config.GroupConfig.Algorithm;
import io.meridian.balancer.config.GroupConfig.HashOn;
import io.meridian.balancer.config.GroupConfig.HealthCheck;
import io.meridian.balancer.config.GroupConfig.HashSource;
import io.meridian.balancer.config.GroupConfig.RetryConfig;
import io.meridian.balancer.config.GroupConfig.RetryOn;
import io.meridian.balancer.config.GroupConfig.Sticky;
import io.meridian.balancer.config.GroupConfig.StickyMode;
import io.meridian.balancer.config.GroupConfig.Timeouts;
import io.meridian.balancer.config.ListenerConfig.Certificate;
import io.meridian.balancer.config.ListenerConfig.TlsConfig;
import io.meridian.balancer.config.RouteConfig.ActionConfig;
import io.meridian.balancer.config.RouteConfig.MatchConfig;
import io.meridian.balancer.config.RouteConfig.PathKind;
import io.meridian.balancer.config.RouteConfig.PathMatch;
import io.meridian.balancer.config.RouteConfig.WeightedGroup;
import io.meridian.balancer.lb.LoadBalancer;
import io.meridian.core.config.ConfigNode;
import io.meridian.core.config.ConfigText;
import io.meridian.core.config.InvalidConfigException;
import io.meridian.core.config.Problems;
import io.meridian.core.health.CheckSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Reads the balancer's own YAML file into a {@link BalancerConfig}, strictly: an unknown key, a
 * wrong type, a value out of range, a route naming a missing group, a bad regex or a duplicate
 * target name are all reported together, each with its path and line ({@code
 * groups.web.targets[2].weight (line 14): must be between 0 and 10000, got -1}). Nothing is
 * returned unless the whole document is valid, so a bad reload never reaches the running balancer.
 * Built on core's {@link ConfigNode}, the same reader the main Meridian config uses.
 */
public final class BalancerConfigReader {

  private static final Set<String> HTTP_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern HOST = Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
  /** Envoy's upper bound: 5,000,011 slots (20 MB of references) is plenty for any group. */
  private static final int MAX_MAGLEV_TABLE_SIZE = 5_000_011;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private BalancerConfigReader() {}

  public static BalancerConfig read(Path file) throws IOException, InvalidConfigException {
    return read(Files.readString(file, StandardCharsets.UTF_8), file.toString(), file.toAbsolutePath().getParent());
  }

  /**
   * @param baseDir relative certificate paths are resolved against it
   */
  public static BalancerConfig read(String text, String sourceName, Path baseDir)
      throws InvalidConfigException {
    ConfigText document = ConfigText.parse(text, sourceName);
    Optional<BalancerConfig> config = read(document.root(), baseDir);
    document.problems().throwIfAny(sourceName);
    return config.orElseThrow();
  }

  /**
   * Reads a balancer's document from {@code root}, which may be a section of a larger document
   * (Meridian's {@code balancers[i].config}): problems go to the node's document, with its paths
   * and lines.
   *
   * @return the config, or empty when there was a problem
   */
  public static Optional<BalancerConfig> read(ConfigNode root, Path baseDir) {
    root.mapping(Set.of("event_loops", "listeners", "limits", "rate_limit", "access_log", "routes", "groups", "metrics"));
    int eventLoops = root.field("event_loops").integer(1, 256, Runtime.getRuntime().availableProcessors());
    List<ListenerConfig> listeners = listeners(root.field("listeners"), baseDir);
    LimitsConfig limits = limits(root.field("limits"));
    RateLimitConfig rateLimit = rateLimit(root.field("rate_limit"));
    boolean accessLog = root.field("access_log").bool(false);
    Map<String, GroupConfig> groups = groups(root.field("groups"));
    List<RouteConfig> routes = routes(root.field("routes"), groups.keySet());
    MetricsConfig metrics = metrics(root.field("metrics"));
    if (root.hasProblems()) {
      return Optional.empty();
    }
    return Optional.of(new BalancerConfig(eventLoops, listeners, limits, rateLimit, accessLog, routes, groups, metrics));
  }

  private static List<ListenerConfig> listeners(ConfigNode node, Path baseDir) {
    List<ListenerConfig> out = new ArrayList<>();
    List<ConfigNode> items = node.elements();
    if (items.isEmpty()) {
      node.problem("at least one listener is required");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      ConfigNode item = items.get(i);
      if (!item.mapping(Set.of("name", "address", "tls"))) {
        item.problem("must be a mapping with address (and name, tls)");
        continue;
      }
      String name = item.field("name").text().orElse("listener" + i);
      if (!names.add(name)) {
        item.field("name").problem("duplicate listener name '" + name + "'");
      }
      Optional<HostPort> address = item.field("address").requiredText().flatMap(t -> hostPort(item.field("address"), t));
      Optional<TlsConfig> tls = tls(item.field("tls"), baseDir);
      address.ifPresent(a -> out.add(new ListenerConfig(name, a.host, a.port, tls)));
    }
    return out;
  }

  private static Optional<TlsConfig> tls(ConfigNode node, Path baseDir) {
    if (!node.mapping(Set.of("certificates", "http2"))) {
      return Optional.empty();
    }
    List<Certificate> certificates = new ArrayList<>();
    List<ConfigNode> certs = node.field("certificates").elements();
    if (certs.isEmpty()) {
      node.field("certificates").problem("at least one certificate is required");
    }
    for (ConfigNode cert : certs) {
      cert.mapping(Set.of("cert", "key"));
      Optional<String> certPath = cert.field("cert").requiredText().flatMap(p -> readable(cert.field("cert"), baseDir, p));
      Optional<String> keyPath = cert.field("key").requiredText().flatMap(p -> readable(cert.field("key"), baseDir, p));
      if (certPath.isPresent() && keyPath.isPresent()) {
        certificates.add(new Certificate(certPath.get(), keyPath.get()));
      }
    }
    return Optional.of(new TlsConfig(certificates, node.field("http2").bool(true)));
  }

  private static Optional<String> readable(ConfigNode node, Path baseDir, String path) {
    String resolved = resolve(baseDir, path);
    if (!Files.isReadable(Path.of(resolved))) {
      node.problem("cannot read file '" + resolved + "'");
      return Optional.empty();
    }
    return Optional.of(resolved);
  }

  private static String resolve(Path baseDir, String path) {
    Path p = Path.of(path);
    return (p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p)).toString();
  }

  private static LimitsConfig limits(ConfigNode node) {
    node.mapping(Set.of("max_header_size", "max_body_size", "header_timeout", "idle_timeout"));
    return new LimitsConfig(
        node.field("max_header_size").integer(1024, 1024 * 1024, LimitsConfig.DEFAULT_MAX_HEADER_SIZE),
        node.field("max_body_size").integer(0, Long.MAX_VALUE).orElse(LimitsConfig.DEFAULT_MAX_BODY_SIZE),
        node.field("header_timeout").duration(LimitsConfig.DEFAULT_HEADER_TIMEOUT),
        node.field("idle_timeout").duration(LimitsConfig.DEFAULT_IDLE_TIMEOUT));
  }

  private static RateLimitConfig rateLimit(ConfigNode node) {
    if (!node.mapping(Set.of("per_second", "burst"))) {
      return RateLimitConfig.OFF;
    }
    double perSecond = node.field("per_second").decimal(0.001, 1e9, true).orElse(0.0);
    int burst = node.field("burst").integer(1, 1_000_000_000, (int) Math.max(1, Math.ceil(perSecond)));
    return new RateLimitConfig(perSecond, burst);
  }

  private static MetricsConfig metrics(ConfigNode node) {
    if (!node.mapping(Set.of("listen"))) {
      return MetricsConfig.OFF;
    }
    ConfigNode listen = node.field("listen");
    return listen
        .requiredText()
        .flatMap(text -> hostPort(listen, text))
        .map(a -> new MetricsConfig(Optional.of(a.host), a.port))
        .orElse(MetricsConfig.OFF);
  }

  private static Map<String, GroupConfig> groups(ConfigNode node) {
    Map<String, GroupConfig> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigNode> entry : node.entries()) {
      String name = entry.getKey();
      ConfigNode g = entry.getValue();
      if (!NAME.matcher(name).matches()) {
        g.problem("group name must be 1-64 letters, digits, '_', '.' or '-'");
      }
      g.mapping(Set.of("algorithm", "hash_on", "maglev_table_size", "targets", "sticky", "health_check", "outlier", "slow_start", "timeouts", "max_connections", "max_pending", "retry"));
      Algorithm algorithm = algorithm(g.field("algorithm"));
      HashOn hashOn = hashOn(g.field("hash_on"));
      List<TargetConfig> targets = targets(g.field("targets"));
      int tableSize = maglevTableSize(g.field("maglev_table_size"), algorithm, targets.size());
      out.put(
          name,
          new GroupConfig(
              name,
              algorithm,
              hashOn,
              tableSize,
              targets,
              sticky(g.field("sticky")),
              healthCheck(g.field("health_check")),
              outlier(g.field("outlier")),
              g.field("slow_start").isMissing() ? Duration.ZERO : g.field("slow_start").duration(Duration.ZERO),
              timeouts(g.field("timeouts")),
              g.field("max_connections").integer(1, 1_000_000, GroupConfig.DEFAULT_MAX_CONNECTIONS),
              g.field("max_pending").integer(0, 1_000_000, GroupConfig.DEFAULT_MAX_PENDING),
              retry(g.field("retry"))));
    }
    return out;
  }

  private static Algorithm algorithm(ConfigNode node) {
    Set<String> names = Arrays.stream(Algorithm.values()).map(a -> a.configName).collect(Collectors.toSet());
    String chosen = node.oneOf(names, Algorithm.ROUND_ROBIN.configName);
    return Arrays.stream(Algorithm.values()).filter(a -> a.configName.equals(chosen)).findFirst().orElseThrow();
  }

  private static int maglevTableSize(ConfigNode node, Algorithm algorithm, int targets) {
    if (node.isMissing()) {
      return GroupConfig.DEFAULT_MAGLEV_TABLE_SIZE;
    }
    if (algorithm != Algorithm.MAGLEV) {
      node.problem("only applies to algorithm maglev");
    }
    int size = node.integer(2, MAX_MAGLEV_TABLE_SIZE, GroupConfig.DEFAULT_MAGLEV_TABLE_SIZE);
    if (!LoadBalancer.isPrime(size)) {
      node.problem("must be a prime number (e.g. 251, 65537, 5000011), got " + size);
      return GroupConfig.DEFAULT_MAGLEV_TABLE_SIZE;
    }
    if (size < targets) {
      node.problem("must be at least the number of targets (" + targets + "), got " + size);
      return GroupConfig.DEFAULT_MAGLEV_TABLE_SIZE;
    }
    return size;
  }

  private static HashOn hashOn(ConfigNode node) {
    if (node.isMissing()) {
      return HashOn.CLIENT_IP;
    }
    if (node.isScalar()) {
      node.oneOf(Set.of("client-ip"), "client-ip");
      return HashOn.CLIENT_IP;
    }
    node.mapping(Set.of("header", "cookie"));
    Optional<String> header = node.field("header").text();
    Optional<String> cookie = node.field("cookie").text();
    if (header.isPresent() == cookie.isPresent()) {
      node.problem("must be client-ip, {header: NAME} or {cookie: NAME}");
      return HashOn.CLIENT_IP;
    }
    return header.map(h -> new HashOn(HashSource.HEADER, token(node.field("header"), h)))
        .orElseGet(() -> new HashOn(HashSource.COOKIE, token(node.field("cookie"), cookie.get())));
  }

  private static String token(ConfigNode node, String value) {
    if (!TOKEN.matcher(value).matches()) {
      node.problem("'" + value + "' is not a valid header or cookie name");
    }
    return value;
  }

  private static List<TargetConfig> targets(ConfigNode node) {
    List<TargetConfig> out = new ArrayList<>();
    List<ConfigNode> items = node.elements();
    if (items.isEmpty()) {
      node.problem("at least one target is required");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      ConfigNode t = items.get(i);
      if (!t.mapping(Set.of("name", "address", "weight"))) {
        t.problem("must be a mapping with address (and name, weight)");
        continue;
      }
      Optional<HostPort> address = t.field("address").requiredText().flatMap(a -> hostPort(t.field("address"), a));
      int weight = t.field("weight").integer(0, 10_000, 1);
      String name = t.field("name").text().orElse("t" + (i + 1));
      if (!NAME.matcher(name).matches()) {
        t.field("name").problem("must be 1-64 letters, digits, '_', '.' or '-'");
      }
      if (!names.add(name)) {
        t.field("name").problem("duplicate target name '" + name + "'");
      }
      address.ifPresent(a -> out.add(new TargetConfig(name, a.host, a.port, weight)));
    }
    if (!out.isEmpty() && out.stream().allMatch(t -> t.weight() == 0)) {
      node.problem("at least one target needs a weight above 0");
    }
    return out;
  }

  private static Sticky sticky(ConfigNode node) {
    if (!node.mapping(Set.of("cookie", "mode", "max_age"))) {
      return Sticky.NONE;
    }
    String cookie = node.field("cookie").requiredText().map(c -> token(node.field("cookie"), c)).orElse("SERVERID");
    StickyMode mode = StickyMode.valueOf(node.field("mode").oneOf(Set.of("insert", "hash"), "insert").toUpperCase(Locale.ROOT));
    Duration maxAge = node.field("max_age").isMissing() ? Duration.ZERO : node.field("max_age").duration(Duration.ZERO);
    if (mode == StickyMode.HASH && !node.field("max_age").isMissing()) {
      node.field("max_age").problem("only applies to mode insert (the application owns a hashed cookie)");
    }
    return new Sticky(mode, cookie, maxAge);
  }

  private static Optional<HealthCheck> healthCheck(ConfigNode node) {
    if (!node.mapping(Set.of("type", "port", "path", "expect", "interval", "timeout", "rise", "fall", "host"))) {
      return Optional.empty();
    }
    String type = node.field("type").oneOf(Set.of("http", "https", "tcp"), "http");
    Optional<Integer> port = node.field("port").integer(1, 65535).map(Long::intValue);
    CheckSpec.Builder builder = CheckSpec.builder(CheckSpec.Type.valueOf(type.toUpperCase(Locale.ROOT)), port.orElse(1));
    try {
      node.field("path").text().ifPresent(builder::path);
      node.field("host").text().ifPresent(builder::host);
      node.field("expect").text().ifPresent(e -> {
        String[] range = e.split("-", 2);
        builder.expect(Integer.parseInt(range[0].trim()), Integer.parseInt(range[range.length - 1].trim()));
      });
      Duration interval = node.field("interval").duration(Duration.ofSeconds(5));
      builder.interval(interval);
      builder.timeout(node.field("timeout").duration(interval.compareTo(Duration.ofSeconds(2)) < 0 ? interval : Duration.ofSeconds(2)));
      builder.rise(node.field("rise").integer(1, 100, 2));
      builder.fall(node.field("fall").integer(1, 100, 3));
      return Optional.of(new HealthCheck(builder.build(), port.isEmpty()));
    } catch (IllegalArgumentException e) {
      node.problem(e.getMessage());
      return Optional.empty();
    }
  }

  private static OutlierConfig outlier(ConfigNode node) {
    if (!node.mapping(Set.of("consecutive_5xx", "consecutive_connect_failures", "interval", "base_ejection", "max_ejection_percent", "enforcing_percent"))) {
      return OutlierConfig.OFF;
    }
    return new OutlierConfig(
        node.field("consecutive_5xx").integer(0, 1000, 5),
        node.field("consecutive_connect_failures").integer(0, 1000, 5),
        node.field("interval").duration(Duration.ofSeconds(1)),
        node.field("base_ejection").duration(Duration.ofSeconds(30)),
        node.field("max_ejection_percent").integer(0, 100, 50),
        node.field("enforcing_percent").integer(0, 100, 100));
  }

  private static Timeouts timeouts(ConfigNode node) {
    node.mapping(Set.of("connect", "request", "idle"));
    Timeouts d = Timeouts.DEFAULTS;
    return new Timeouts(
        node.field("connect").duration(d.connect()),
        node.field("request").duration(d.request()),
        node.field("idle").duration(d.idle()));
  }

  private static RetryConfig retry(ConfigNode node) {
    if (!node.mapping(Set.of("enabled", "budget_percent", "min_per_second", "on"))) {
      return RetryConfig.DEFAULTS;
    }
    RetryConfig d = RetryConfig.DEFAULTS;
    return new RetryConfig(
        node.field("enabled").bool(d.enabled()),
        node.field("budget_percent").integer(0, 100, d.budgetPercent()),
        node.field("min_per_second").integer(0, 10_000, d.minPerSecond()),
        node.field("on").isMissing() ? d.on() : retryOn(node.field("on")));
  }

  private static Set<RetryOn> retryOn(ConfigNode node) {
    Map<String, RetryOn> byName = new LinkedHashMap<>();
    for (RetryOn kind : RetryOn.values()) {
      byName.put(kind.configName, kind);
    }
    Set<RetryOn> out = EnumSet.noneOf(RetryOn.class);
    List<ConfigNode> items = node.elements();
    if (items.isEmpty() && !node.isMissing()) {
      node.problem("must list at least one of " + String.join(", ", byName.keySet()));
    }
    for (ConfigNode item : items) {
      String name = item.oneOf(byName.keySet(), "");
      if (!name.isEmpty()) {
        out.add(byName.get(name));
      }
    }
    return out;
  }

  private static List<RouteConfig> routes(ConfigNode node, Set<String> groups) {
    List<RouteConfig> out = new ArrayList<>();
    List<ConfigNode> items = node.elements();
    if (items.isEmpty()) {
      node.problem("at least one route is required");
    }
    for (ConfigNode r : items) {
      if (!r.mapping(Set.of("match", "forward", "split", "respond", "redirect"))) {
        r.problem("must be a mapping with match and one of forward, split, respond, redirect");
        continue;
      }
      MatchConfig match = match(r.field("match"));
      Optional<ActionConfig> action = action(r, groups);
      action.ifPresent(a -> out.add(new RouteConfig(r.path(), match, a)));
    }
    return out;
  }

  private static MatchConfig match(ConfigNode node) {
    node.mapping(Set.of("host", "path", "method", "headers", "query"));
    List<String> hosts = new ArrayList<>();
    for (ConfigNode h : node.field("host").elements()) {
      h.text().ifPresent(text -> {
        String host = text.toLowerCase(Locale.ROOT);
        if (!HOST.matcher(host).matches()) {
          h.problem("'" + text + "' is not a host name or a *.suffix wildcard");
        }
        hosts.add(host);
      });
    }
    Optional<PathMatch> path = Optional.empty();
    ConfigNode p = node.field("path");
    if (p.mapping(Set.of("exact", "prefix", "regex"))) {
      List<PathMatch> given = new ArrayList<>();
      for (PathKind kind : PathKind.values()) {
        ConfigNode v = p.field(kind.name().toLowerCase(Locale.ROOT));
        v.text().ifPresent(text -> {
          if (kind == PathKind.REGEX) {
            try {
              Pattern.compile(text);
            } catch (PatternSyntaxException e) {
              v.problem("not a valid regular expression: " + e.getDescription());
            }
          } else if (!text.startsWith("/")) {
            v.problem("must start with '/'");
          }
          given.add(new PathMatch(kind, text));
        });
      }
      if (given.size() != 1) {
        p.problem("must have exactly one of exact, prefix, regex");
      } else {
        path = Optional.of(given.get(0));
      }
    }
    List<String> methods = new ArrayList<>();
    for (ConfigNode m : node.field("method").elements()) {
      m.text().map(t -> t.toUpperCase(Locale.ROOT)).ifPresent(t -> {
        if (!HTTP_METHODS.contains(t)) {
          m.problem("unknown HTTP method '" + t + "'");
        }
        methods.add(t);
      });
    }
    return new MatchConfig(hosts, path, methods, pairs(node.field("headers"), true), pairs(node.field("query"), false));
  }

  private static Map<String, String> pairs(ConfigNode node, boolean headerNames) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigNode> e : node.entries()) {
      if (headerNames) {
        token(e.getValue(), e.getKey());
      }
      e.getValue().requiredText().ifPresent(v -> out.put(headerNames ? e.getKey().toLowerCase(Locale.ROOT) : e.getKey(), v));
    }
    return out;
  }

  private static Optional<ActionConfig> action(ConfigNode r, Set<String> groups) {
    List<String> present = new ArrayList<>();
    for (String kind : List.of("forward", "split", "respond", "redirect")) {
      if (!r.field(kind).isMissing()) {
        present.add(kind);
      }
    }
    if (present.size() != 1) {
      r.problem("must have exactly one of forward, split, respond, redirect" + (present.isEmpty() ? "" : ", got " + String.join(" and ", present)));
      return Optional.empty();
    }
    ConfigNode a = r.field(present.get(0));
    return switch (present.get(0)) {
      case "forward" -> a.requiredText().flatMap(g -> groupRef(a, g, groups)).map(RouteConfig.Forward::new);
      case "split" -> split(a, groups);
      case "respond" -> {
        a.mapping(Set.of("status", "body", "content_type"));
        yield Optional.of(new RouteConfig.Respond(
            a.field("status").integer(100, 599, 200),
            a.field("body").text().orElse(""),
            a.field("content_type").text().orElse("text/plain; charset=utf-8")));
      }
      default -> {
        a.mapping(Set.of("status", "location"));
        int status = a.field("status").integer(300, 399, 302);
        if (!REDIRECTS.contains(status)) {
          a.field("status").problem("must be one of 301, 302, 303, 307, 308");
        }
        yield a.field("location").requiredText().map(l -> new RouteConfig.Redirect(status, l));
      }
    };
  }

  private static Optional<ActionConfig> split(ConfigNode a, Set<String> groups) {
    List<WeightedGroup> parts = new ArrayList<>();
    for (ConfigNode part : a.elements()) {
      part.mapping(Set.of("group", "weight"));
      Optional<String> group = part.field("group").requiredText().flatMap(g -> groupRef(part.field("group"), g, groups));
      int weight = part.field("weight").integer(0, 1_000_000, 1);
      group.ifPresent(g -> parts.add(new WeightedGroup(g, weight)));
    }
    if (parts.stream().mapToInt(WeightedGroup::weight).sum() == 0) {
      a.problem("must list groups whose weights add up to more than 0");
      return Optional.empty();
    }
    return Optional.of(new RouteConfig.Split(parts));
  }

  private static Optional<String> groupRef(ConfigNode node, String group, Set<String> groups) {
    if (!groups.contains(group)) {
      node.problem("unknown group '" + group + "'" + (groups.isEmpty() ? "" : " (defined: " + String.join(", ", groups) + ")"));
      return Optional.empty();
    }
    return Optional.of(group);
  }

  private record HostPort(String host, int port) {}

  /** {@code 127.0.0.1:80} or {@code [::1]:80}; IP literals only, names are not resolved. */
  private static Optional<HostPort> hostPort(ConfigNode node, String text) {
    String t = text.trim();
    int colon = t.lastIndexOf(':');
    if (colon < 0) {
      node.problem("'" + text + "' must be address:port");
      return Optional.empty();
    }
    String host = t.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(t.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      node.problem("'" + text + "' has no valid port (0-65535)");
      return Optional.empty();
    }
    if (!isIpLiteral(host)) {
      node.problem("'" + text + "' must be an IP address with a port (host names are not resolved)");
      return Optional.empty();
    }
    return Optional.of(new HostPort(host, port));
  }

  private static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return host.matches("[0-9A-Fa-f:.]+");
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }
}
