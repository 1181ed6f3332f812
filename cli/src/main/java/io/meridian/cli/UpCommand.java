package io.meridian.cli;

import io.meridian.core.config.ServerConfig;
import io.meridian.dns.io.DnsServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts every role in one process: a cluster member, the authoritative DNS server with its health
 * feed, and a health agent; reloading on SIGHUP and whenever the configuration or a master file
 * changes.
 */
@Command(name = "up", description = "Start Meridian (every role: DNS, health agent, admin API, balancers, demo backends) on a configuration.")
final class UpCommand implements Callable<Integer> {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "YAML configuration; default: the embedded config/meridian.yaml")
  Path config;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "the region this process's health agent probes from; default: health.agent_region")
  String region;

  @Override
  public Integer call() throws IOException, InterruptedException {
    return Roles.run(
        config, "up", new Roles.Set(true, true, Roles.Admin.IF_CONFIGURED, region, null,
            Roles.Balancers.ALL, true));
  }

  static DnsServerOptions options(ServerConfig server) {
    int threads =
        server.udpThreads() > 0 ? server.udpThreads() : Runtime.getRuntime().availableProcessors();
    return DnsServerOptions.listen(server.listen())
        .withUdpThreadsPerAddress(threads)
        .withTcpIdleTimeout(server.tcpIdleTimeout());
  }

  static String format(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
