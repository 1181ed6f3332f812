package io.meridian.dns.query;

import io.meridian.core.config.ConfigReader;
import io.meridian.core.config.ServerConfig;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.SnapshotCompiler;
import io.meridian.dns.io.DnsServer;
import io.meridian.dns.io.DnsServerOptions;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

/** The real responder behind the real server, on an ephemeral port, loaded from a test resource. */
final class RunningServer implements AutoCloseable {

  final Current<Snapshot> snapshot;
  final DnsServer server;
  final InetSocketAddress address;

  private RunningServer(Current<Snapshot> snapshot, DnsServer server) {
    this.snapshot = snapshot;
    this.server = server;
    this.address = server.boundAddresses().get(0);
  }

  static RunningServer start(String resource) throws Exception {
    return start(resource, null);
  }

  /**
   * @param listen where to listen instead of the resource's {@code server.listen}, or null
   */
  static RunningServer start(String resource, List<InetSocketAddress> listen) throws Exception {
    String yaml;
    try (InputStream in = RunningServer.class.getResourceAsStream("/" + resource)) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return start(yaml, resource, Path.of("."), listen);
  }

  /**
   * From a configuration given as text, for tests that write files (e.g. a geo database) next to
   * it.
   *
   * @param baseDir where paths in the configuration ({@code geoip.database}) are resolved
   * @param listen where to listen instead of the configuration's {@code server.listen}, or null
   */
  static RunningServer fromYaml(String yaml, Path baseDir, List<InetSocketAddress> listen)
      throws Exception {
    return start(yaml, "test.yaml", baseDir, listen);
  }

  private static RunningServer start(
      String yaml, String sourceName, Path baseDir, List<InetSocketAddress> listen)
      throws Exception {
    Snapshot snapshot =
        new SnapshotCompiler(Clock.systemUTC())
            .compile(ConfigReader.read(yaml, sourceName, baseDir), null);
    ServerConfig config = snapshot.server();
    Current<Snapshot> current = new Current<>(snapshot);
    DnsServer server =
        DnsServer.start(
            DnsServerOptions.listen(listen != null ? listen : config.listen())
                .withUdpThreadsPerAddress(config.udpThreads())
                .withTcpIdleTimeout(config.tcpIdleTimeout()),
            new Responder(current));
    return new RunningServer(current, server);
  }

  /** dnsjava's stub resolver pointed at us: EDNS0 with a 1232-byte payload, UDP then TCP on TC. */
  SimpleResolver resolver() {
    SimpleResolver resolver = new SimpleResolver(address);
    resolver.setTimeout(Duration.ofSeconds(5));
    resolver.setEDNS(0, 1232, 0);
    return resolver;
  }

  Message query(String name, int type) throws Exception {
    return resolver().send(Message.newQuery(Record.newRecord(Name.fromString(name), type, 1)));
  }

  @Override
  public void close() {
    server.close();
  }
}
