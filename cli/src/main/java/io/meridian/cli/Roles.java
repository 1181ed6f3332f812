package io.meridian.cli;

import com.hazelcast.core.HazelcastInstance;
import io.meridian.agent.role.HealthAgent;
import io.meridian.core.cluster.ClusterMember;
import io.meridian.core.cluster.HealthFeed;
import io.meridian.core.cluster.SharedHealth;
import io.meridian.core.config.InvalidConfigException;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.SnapshotCompiler;
import io.meridian.dns.io.DnsServer;
import io.meridian.dns.query.Responder;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Runs some of Meridian's roles in this process, on one configuration, until SIGTERM: always a
 * cluster member and the config reloader; the DNS server with its health feed when {@code dns};
 * a health agent when {@code agentRegion} is given. Everything started is closed in reverse
 * order, the agent first, so its votes leave the cluster before the member does.
 */
final class Roles {

  /**
   * @param role the member's role attribute and the name of the command
   * @param agent whether to run a health agent
   * @param region where the agent probes from; null: the config's {@code health.agent_region}
   * @param agentName the agent's name, or null for {@code role-host-pid}
   */
  static int run(
      Path config, String role, boolean dns, boolean agent, String region, String agentName)
      throws IOException, InterruptedException {
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
    Deque<AutoCloseable> started = new ArrayDeque<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> closeAll(started, stopped), "shutdown"));
    // announced only once everything runs (a client that sees "listening" may edit the file next)
    java.util.List<String> announcements = new java.util.ArrayList<>();
    try {
      HazelcastInstance hazelcast = ClusterMember.start(first.cluster(), role);
      started.push(hazelcast::shutdown);
      announcements.add(
          "meridian: cluster "
              + first.cluster().name()
              + " member "
              + hazelcast.getCluster().getLocalMember().getAddress()
              + (first.cluster().standalone() ? " (standalone)" : "")
              + ", "
              + hazelcast.getCluster().getMembers().size()
              + " member(s)");
      if (dns) {
        HealthFeed feed = new HealthFeed(hazelcast, current, Clock.systemUTC());
        started.push(feed);
        DnsServer server =
            DnsServer.start(UpCommand.options(first.server()), new Responder(current, feed.health()));
        started.push(server);
        announcements.add(
            "meridian: serving " + SnapshotReloader.serials(first) + " from " + source.describe());
        announcements.add(
            "meridian: listening on udp+tcp "
                + server.boundAddresses().stream()
                    .map(UpCommand::format)
                    .collect(Collectors.joining(" ")));
      }
      if (agent) {
        String agentRegion = region != null ? region : first.health().agentRegion();
        Vertx vertx = Vertx.vertx();
        started.push(() -> vertx.close().await());
        String name = agentName != null ? agentName : role + "-" + host() + "-" + ProcessHandle.current().pid();
        HealthAgent healthAgent =
            new HealthAgent(
                vertx,
                name,
                agentRegion,
                new SharedHealth(hazelcast, first.health().forgetAfter()),
                current,
                Clock.systemUTC());
        started.push(healthAgent);
        announcements.add(
            "meridian: agent "
                + name
                + " probing "
                + HealthAgent.targets(first).size()
                + " endpoint addresses from region "
                + agentRegion);
      }
      if (source.path().isPresent()) {
        started.push(new FileWatcher(source::files, () -> reloader.reload("file changed")));
      }
      HangupSignal.onHangup(() -> reloader.reload("SIGHUP"));
      announcements.forEach(System.out::println);
      System.out.flush();
      stopped.await();
    } catch (RuntimeException e) {
      System.err.println("meridian: " + e);
      closeAll(started, stopped);
      return 1;
    }
    return 0;
  }

  private static synchronized void closeAll(Deque<AutoCloseable> started, CountDownLatch stopped) {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        System.err.println("meridian: while stopping: " + e);
      }
    }
    stopped.countDown();
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
