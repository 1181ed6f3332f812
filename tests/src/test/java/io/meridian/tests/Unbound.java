package io.meridian.tests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code unbound} on 127.0.0.1: a caching resolver that sends a zone's queries to
 * Meridian's DNS servers (a stub zone), forwards the client's ECS (subnetcache) and caches per
 * scope, as a resolver in front of users would. Installed by {@code .ci/run}.
 */
final class Unbound implements AutoCloseable {

  static final String BINARY = "/usr/sbin/unbound";

  private final Part part;
  private final InetSocketAddress address;

  private Unbound(Part part, InetSocketAddress address) {
    this.part = part;
    this.address = address;
  }

  static void assumeInstalled() {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(BINARY)),
        "unbound is not installed (.ci/run installs it: apt-get install unbound)");
  }

  /** unbound on this machine. */
  static Unbound start(Path dir, int port, String zone, List<InetSocketAddress> servers)
      throws IOException {
    return start(Launcher.PROCESSES, dir, port, zone, servers);
  }

  /**
   * unbound started by {@code launcher} on 127.0.0.1:{@code port}, its configuration and cache in
   * {@code dir}, sending {@code zone} to {@code servers}; returned once it answers for the zone.
   */
  static Unbound start(Launcher launcher, Path dir, int port, String zone,
      List<InetSocketAddress> servers) throws IOException {
    Files.createDirectories(dir);
    StringBuilder conf = new StringBuilder()
        .append("server:\n")
        .append("  interface: 127.0.0.1\n")
        .append("  port: ").append(port).append('\n')
        .append("  do-not-query-localhost: no\n")
        .append("  module-config: \"subnetcache iterator\"\n")
        .append("  send-client-subnet: 127.0.0.1\n")
        .append("  max-client-subnet-ipv4: 24\n")
        .append("  username: \"\"\n")
        .append("  chroot: \"\"\n")
        .append("  directory: \"").append(dir).append("\"\n")
        .append("  pidfile: \"").append(dir.resolve("unbound.pid")).append("\"\n")
        .append("  use-syslog: no\n")
        .append("  logfile: \"\"\n")
        .append("  access-control: 127.0.0.0/8 allow\n")
        .append("  num-threads: 1\n")
        // test. is special-use (RFC 6761): unbound answers it locally unless told not to
        .append("  local-zone: \"test.\" nodefault\n")
        .append("stub-zone:\n")
        .append("  name: \"").append(zone).append("\"\n");
    for (InetSocketAddress s : servers) {
      conf.append("  stub-addr: ").append(s.getAddress().getHostAddress()).append('@')
          .append(s.getPort()).append('\n');
    }
    Path file = dir.resolve("unbound.conf");
    Files.writeString(file, conf);
    Unbound unbound = new Unbound(launcher.unbound(file), new InetSocketAddress("127.0.0.1", port));
    try {
      await("unbound answers").atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> !Dns.ask(unbound.address, zone + ".", org.xbill.DNS.Type.SOA)
              .getSection(org.xbill.DNS.Section.ANSWER).isEmpty());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("unbound does not answer for " + zone + ":\n" + unbound.part.output(), e);
    }
    return unbound;
  }

  InetSocketAddress address() {
    return address;
  }

  @Override
  public void close() throws Exception {
    part.close();
  }
}
