package io.meridian.cli;

import io.meridian.core.config.InvalidConfigException;
import io.meridian.core.config.ServerConfig;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.SnapshotCompiler;
import io.meridian.dns.io.DnsServer;
import io.meridian.dns.io.DnsServerOptions;
import io.meridian.dns.query.Responder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts every role in one process. For now that is the authoritative DNS server, reloading its
 * zones on SIGHUP and whenever the configuration or a master file changes.
 */
@Command(name = "up", description = "Start Meridian (DNS server) on a configuration.")
final class UpCommand implements Callable<Integer> {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "YAML configuration; default: the embedded config/meridian.yaml")
  Path config;

  @Override
  public Integer call() throws IOException, InterruptedException {
    ConfigFile source = ConfigFile.of(config);
    SnapshotCompiler compiler = new SnapshotCompiler(Clock.systemUTC());
    Snapshot first;
    try {
      first = compiler.compile(source.read(), null);
    } catch (InvalidConfigException e) {
      System.err.println(e.getMessage());
      return Meridian.INVALID_CONFIG;
    }
    Current<Snapshot> current = new Current<>(first);
    SnapshotReloader reloader = new SnapshotReloader(source, current, compiler);
    CountDownLatch stopped = new CountDownLatch(1);
    try (DnsServer server = DnsServer.start(options(first.server()), new Responder(current));
        FileWatcher watcher = watch(source, reloader)) {
      HangupSignal.onHangup(() -> reloader.reload("SIGHUP"));
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    stopped.countDown();
                  },
                  "shutdown"));
      System.out.println(
          "meridian: serving " + SnapshotReloader.serials(first) + " from " + source.describe());
      System.out.println(
          "meridian: listening on udp+tcp "
              + server.boundAddresses().stream()
                  .map(UpCommand::format)
                  .collect(Collectors.joining(" ")));
      System.out.flush();
      stopped.await();
    }
    return 0;
  }

  private static FileWatcher watch(ConfigFile source, SnapshotReloader reloader)
      throws IOException {
    if (source.path().isEmpty()) {
      return null; // the embedded default cannot change
    }
    return new FileWatcher(source::files, () -> reloader.reload("file changed"));
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
