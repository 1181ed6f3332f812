package io.meridian.core.config;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code cluster} and {@code health}: how roles meet, and how their observations combine. */
final class ClusterConfigReader {

  /** {@code host}, {@code host:port} or {@code host:port-port}; IP literals only. */
  private static final Pattern MEMBER =
      Pattern.compile("(\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9A-Fa-f:.]+\\])(:\\d{1,5}(-\\d{1,5})?)?");

  private static final Pattern RANGE = Pattern.compile(":(\\d+)-(\\d+)$");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  private ClusterConfigReader() {}

  static ClusterConfig cluster(ConfigNode node) {
    ClusterConfig d = ClusterConfig.STANDALONE;
    node.mapping(Set.of("name", "listen", "port_count", "members", "failure_timeout"));
    String name = node.field("name").text().orElse(d.name());
    if (!NAME.matcher(name).matches()) {
      node.field("name").problem("'" + name + "' must be letters, digits, '.', '-' and '_'");
    }
    String host = d.host();
    int port = d.port();
    Optional<String> listen = node.field("listen").text();
    if (listen.isPresent()) {
      Optional<InetSocketAddress> address =
          ConfigReader.socketAddress(node.field("listen"), listen.get());
      if (address.isPresent()) {
        host = address.get().getAddress().getHostAddress();
        port = hasPort(listen.get().trim()) ? address.get().getPort() : d.port();
      }
    }
    int portCount = node.field("port_count").integer(1, 1000, d.portCount());
    List<String> members = new ArrayList<>();
    for (ConfigNode member : node.field("members").elements()) {
      member
          .requiredText()
          .ifPresent(
              m -> {
                java.util.regex.Matcher range = RANGE.matcher(m.trim());
                if (range.find()
                    && Integer.parseInt(range.group(1)) > Integer.parseInt(range.group(2))) {
                  member.problem("'" + m + "' has a port range that ends before it starts");
                } else if (MEMBER.matcher(m.trim()).matches()) {
                  members.add(m.trim());
                } else {
                  member.problem(
                      "'" + m + "' is not an address such as 10.0.0.1, 10.0.0.1:5701 or"
                          + " 10.0.0.1:5701-5703");
                }
              });
    }
    return new ClusterConfig(
        name, host, port, portCount, members, node.field("failure_timeout").duration(d.failureTimeout()));
  }

  private static boolean hasPort(String text) {
    return text.startsWith("[")
        ? text.contains("]:")
        : text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':');
  }

  static HealthConfig health(ConfigNode node) {
    HealthConfig d = HealthConfig.DEFAULT;
    node.mapping(Set.of("quorum", "heartbeat", "stale_after", "forget_after", "propagation", "agent_region"));
    double quorum = node.field("quorum").decimal(0, 0.99, false).orElse(d.quorum());
    HealthConfig read =
        new HealthConfig(
            quorum,
            node.field("heartbeat").duration(d.heartbeat()),
            node.field("stale_after").duration(d.staleAfter()),
            node.field("forget_after").duration(d.forgetAfter()),
            node.field("propagation").duration(d.propagation()),
            node.field("agent_region").text().orElse(d.agentRegion()));
    if (read.staleAfter().compareTo(read.heartbeat().multipliedBy(2)) < 0) {
      node.field("stale_after")
          .problem(
              "must be at least twice the heartbeat ("
                  + read.heartbeat().toMillis()
                  + "ms), or agents go stale between two heartbeats");
    }
    if (read.forgetAfter().compareTo(read.staleAfter()) <= 0) {
      node.field("forget_after").problem("must be longer than stale_after");
    }
    return read;
  }
}
