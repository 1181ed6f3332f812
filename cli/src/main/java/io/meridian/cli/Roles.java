package io.meridian.cli;

import com.hazelcast.core.HazelcastInstance;
import io.meridian.agent.role.HealthAgent;
import io.meridian.balancer.config.BalancersSection;
import io.meridian.balancer.config.RegionBalancer;
import io.meridian.core.cluster.ClusterMember;
import io.meridian.core.cluster.HealthFeed;
import io.meridian.core.cluster.SharedBalancers;
import io.meridian.core.cluster.SharedConfig;
import io.meridian.core.cluster.SharedHealth;
import io.meridian.core.config.InvalidConfigException;
import io.meridian.core.config.MeridianConfig;
import io.meridian.core.config.ServedDocument;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.SnapshotCompiler;
import io.meridian.dns.io.DnsServer;
import io.meridian.dns.query.QueryStats;
import io.meridian.dns.query.Responder;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs some of Meridian's roles in this process, on one configuration, until SIGTERM: always a
 * cluster member that follows the shared configuration versions, and the config reloader; then
 * the DNS server with its health feed, a health agent, and the admin API, as asked. Everything
 * started is closed in reverse order, the agent before the member, so its votes leave the cluster
 * first.
 */
final class Roles {

  /** Which roles: the admin API always, never, or when the configuration has an admin section. */
  enum Admin { ALWAYS, NEVER, IF_CONFIGURED }

  /** Which balancers: none, every one the configuration has, or those of {@link Set#region}. */
  enum Balancers { NONE, ALL, OF_REGION }

  /**
   * Which roles; for the agent, where it probes from; whether the demo backends run too.
   */
  record Set(boolean dns, boolean agent, Admin admin, String region, String agentName,
      Balancers balancers, boolean demo) {

    /** DNS, agent and admin roles without balancers or demo backends. */
    Set(boolean dns, boolean agent, Admin admin, String region, String agentName) {
      this(dns, agent, admin, region, agentName, Balancers.NONE, false);
    }
  }

  static int run(Path config, String role, Set roles) throws IOException, InterruptedException {
    ConfigFile file = ConfigFile.of(config);
    ServedDocument served = file.served();
    SnapshotCompiler compiler = new SnapshotCompiler(Clock.systemUTC());
    Snapshot first;
    MeridianConfig local; // this process's own sections, fully read
    try {
      first = compiler.compile(served.read(), null);
      local = file.read();
    } catch (InvalidConfigException e) {
      System.err.println(e.getMessage());
      return Meridian.INVALID_CONFIG;
    }
    boolean admin = roles.admin() == Admin.ALWAYS
        || (roles.admin() == Admin.IF_CONFIGURED && first.admin().isPresent());
    if (admin && first.admin().isEmpty()) {
      System.err.println(file.describe() + ": admin: the admin role needs an 'admin' section"
          + " with listen and data_dir");
      return Meridian.INVALID_CONFIG;
    }
    Current<Snapshot> current = new Current<>(first);
    SnapshotReloader reloader = new SnapshotReloader(served, current, compiler);
    Deque<AutoCloseable> started = new ArrayDeque<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(started, stopped), "shutdown"));
    // announced only once everything runs (a client that sees "listening" may edit the file next)
    List<String> announcements = new ArrayList<>();
    try {
      HazelcastInstance hazelcast = ClusterMember.start(first.cluster(), role);
      started.push(hazelcast::shutdown);
      announcements.add("meridian: cluster " + first.cluster().name() + " member "
          + hazelcast.getCluster().getLocalMember().getAddress()
          + (first.cluster().standalone() ? " (standalone)" : "") + ", "
          + hazelcast.getCluster().getMembers().size() + " member(s)");
      // epoll where Linux has it (the agent's probes cost half the CPU on it), NIO elsewhere;
      // an agent spreads its targets over more event loops than Vert.x makes by default
      VertxOptions options = new VertxOptions().setPreferNativeTransport(true);
      if (roles.agent()) {
        options.setEventLoopPoolSize(
            Math.max(options.getEventLoopPoolSize(), HealthAgent.EVENT_LOOPS));
      }
      Vertx vertx = Vertx.vertx(options);
      started.push(() -> vertx.close().await());
      ProcessMetrics metrics = new ProcessMetrics();
      HealthFeed feed = null;
      if (roles.dns() || admin) {
        feed = new HealthFeed(hazelcast, current, Clock.systemUTC());
        started.push(feed);
        metrics.health(feed);
      }
      if (admin) {
        started.push(io.meridian.admin.AdminRole.start(vertx, first.admin().get(), served, current,
            compiler, feed, hazelcast, announcements, System.getenv(), metrics.registry(),
            metrics::scrape));
      }
      follow(new SharedConfig(hazelcast), served, reloader, metrics);
      if (roles.dns()) {
        QueryStats stats = new QueryStats();
        metrics.dns(stats);
        DnsServer server = DnsServer.start(
            UpCommand.options(first.server()), new Responder(current, feed.health(), stats));
        started.push(server);
        io.meridian.core.cluster.DnsServers registry = new io.meridian.core.cluster.DnsServers(hazelcast);
        registry.register(server.boundAddresses());
        long refresh = vertx.setPeriodic(10_000, id -> registry.register(server.boundAddresses()));
        started.push(() -> {
          vertx.cancelTimer(refresh);
          registry.unregister();
        });
        announcements.add("meridian: serving " + SnapshotReloader.serials(current.get()) + " from "
            + served.describe());
        announcements.add("meridian: listening on udp+tcp " + server.boundAddresses().stream()
            .map(UpCommand::format).collect(Collectors.joining(" ")));
      }
      if (roles.agent()) {
        String region = roles.region() != null ? roles.region() : first.health().agentRegion();
        String name = roles.agentName() != null ? roles.agentName()
            : role + "-" + host() + "-" + ProcessHandle.current().pid();
        HealthAgent agent = new HealthAgent(vertx, name, region,
            new SharedHealth(hazelcast, first.health().forgetAfter()), current, Clock.systemUTC());
        started.push(agent);
        metrics.agent(agent.scheduler());
        announcements.add("meridian: agent " + name + " probing "
            + HealthAgent.targets(current.get()).size() + " endpoint addresses from region "
            + region);
      }
      if (roles.demo() && !local.demoBackends().isEmpty()) {
        DemoBackends demo = DemoBackends.start(vertx, local.demoBackends());
        started.push(demo);
        announcements.add("meridian: " + demo.count() + " demo backends");
      }
      BalancerRole balancers = null;
      if (roles.balancers() != Balancers.NONE) {
        List<RegionBalancer> entries = balancersOf(local, roles);
        if (entries.isEmpty() && roles.balancers() == Balancers.OF_REGION) {
          System.err.println(file.describe() + ": balancers: none for region " + roles.region());
          closeAll(started, stopped);
          return Meridian.INVALID_CONFIG;
        }
        balancers = BalancerRole.start(vertx, new SharedBalancers(hazelcast), entries,
            metrics.registry());
        started.push(balancers);
        balancers.describe().forEach(b -> announcements.add("meridian: balancer " + b));
      }
      if (first.metrics().isPresent()) {
        var server = MetricsServer.start(vertx, first.metrics().get(), metrics);
        started.push(() -> server.close().await());
        announcements.add("meridian: metrics on http://" + UpCommand.format(
            new java.net.InetSocketAddress(first.metrics().get().getAddress(), server.actualPort()))
            + "/metrics");
      }
      BalancerRole running = balancers;
      Consumer<String> reload = why -> {
        reloader.reload(why);
        if (running != null) {
          reloadBalancers(file, roles, running);
        }
      };
      if (file.path().isPresent()) {
        started.push(new FileWatcher(file::files, () -> reload.accept("file changed")));
      }
      HangupSignal.onHangup(() -> reload.accept("SIGHUP"));
      announcements.forEach(System.out::println);
      System.out.flush();
      stopped.await();
    } catch (Exception e) {
      System.err.println("meridian: " + e);
      closeAll(started, stopped);
      return 1;
    }
    return 0;
  }

  /** The balancers of the configuration that this process runs. */
  private static List<RegionBalancer> balancersOf(
      MeridianConfig config, Set roles) {
    return config.section(BalancersSection.INSTANCE).orElse(List.of())
        .stream()
        .filter(b -> roles.balancers() == Balancers.ALL || b.region().equals(roles.region()))
        .toList();
  }

  /** A changed file: the balancers follow; a bad one is reported and the running ones stay. */
  private static void reloadBalancers(ConfigFile file, Set roles, BalancerRole balancers) {
    try {
      balancers.apply(balancersOf(file.read(), roles));
    } catch (InvalidConfigException e) {
      System.err.println(e.getMessage() + "\n  balancers keep their running configuration");
    } catch (IOException | RuntimeException e) {
      System.err.println("meridian: balancers not reloaded: " + e);
    }
  }

  /** Serves every newer shared version the admin API publishes, now and later. */
  private static void follow(SharedConfig shared, ServedDocument served, SnapshotReloader reloader,
      ProcessMetrics metrics) {
    shared.follow(p -> adopt(p, served, reloader, metrics));
    shared.current().ifPresent(p -> adopt(p, served, reloader, metrics));
  }

  private static void adopt(SharedConfig.Published p, ServedDocument served,
      SnapshotReloader reloader, ProcessMetrics metrics) {
    if (served.adopt(p.version(), p.document())
        && reloader.reload("shared version " + p.version() + " by " + p.author())) {
      metrics.propagated(p.atEpochMillis());
    }
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
