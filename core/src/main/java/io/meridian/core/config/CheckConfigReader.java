package io.meridian.core.config;

import io.meridian.core.health.CheckSpec;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one entry of {@code checks}: a check type, declared once and named by pools or endpoints
 * (gdnsd's service types). The spec validates itself; its message is put behind the entry's path.
 */
final class CheckConfigReader {

  private static final Set<String> KEYS =
      Set.of(
          "type",
          "port",
          "path",
          "expect",
          "body_contains",
          "headers",
          "host",
          "tls_verify",
          "reuse_connection",
          "interval",
          "timeout",
          "rise",
          "fall",
          "start_grace");

  private CheckConfigReader() {}

  static Optional<CheckSpec> read(ConfigNode node) {
    if (!node.mapping(KEYS)) {
      node.problem("must be a check mapping with at least 'type' and 'port'");
      return Optional.empty();
    }
    String type =
        node.field("type").oneOf(Set.of("http", "https", "tcp"), "").toUpperCase(Locale.ROOT);
    if (type.isEmpty() && node.field("type").isMissing()) {
      node.field("type").problem("is required (http, https or tcp)");
    }
    Optional<Long> port = node.field("port").integer(1, 65535);
    if (node.field("port").isMissing()) {
      node.field("port").problem("is required");
    }
    if (type.isEmpty() || port.isEmpty()) {
      return Optional.empty();
    }
    CheckSpec.Builder b = CheckSpec.builder(CheckSpec.Type.valueOf(type), port.get().intValue());
    node.field("path").text().ifPresent(b::path);
    expect(node.field("expect"), b);
    node.field("body_contains").text().ifPresent(b::bodyContains);
    for (Map.Entry<String, ConfigNode> h : node.field("headers").entries()) {
      h.getValue().requiredText().ifPresent(v -> b.header(h.getKey(), v));
    }
    node.field("host").text().ifPresent(b::host);
    b.tlsVerify(node.field("tls_verify").bool(true));
    b.reuseConnection(node.field("reuse_connection").bool(true));
    ConfigNode interval = node.field("interval");
    if (!interval.isMissing()) {
      b.interval(interval.duration(CheckSpec.DEFAULT_INTERVAL));
    }
    ConfigNode timeout = node.field("timeout");
    if (!timeout.isMissing()) {
      b.timeout(timeout.duration(CheckSpec.DEFAULT_TIMEOUT));
    }
    b.rise(node.field("rise").integer(1, 100, CheckSpec.DEFAULT_RISE));
    b.fall(node.field("fall").integer(1, 100, CheckSpec.DEFAULT_FALL));
    ConfigNode grace = node.field("start_grace");
    if (!grace.isMissing()) {
      b.startGrace(grace.duration(CheckSpec.DEFAULT_START_GRACE));
    }
    try {
      return Optional.of(b.build());
    } catch (IllegalArgumentException e) {
      node.problem(e.getMessage());
      return Optional.empty();
    }
  }

  /** {@code 200}, {@code 200-299}. */
  private static void expect(ConfigNode node, CheckSpec.Builder b) {
    Optional<String> text = node.text();
    if (text.isEmpty()) {
      return;
    }
    String[] parts = text.get().trim().split("-", 2);
    try {
      int min = Integer.parseInt(parts[0].trim());
      int max = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : min;
      b.expect(min, max);
    } catch (NumberFormatException e) {
      node.problem("must be a status or a range such as 200 or 200-299, got '" + text.get() + "'");
    }
  }
}
