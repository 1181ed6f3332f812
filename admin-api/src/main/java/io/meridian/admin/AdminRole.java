package io.meridian.admin;

import com.hazelcast.core.HazelcastInstance;
import io.meridian.admin.change.ConfigService;
import io.meridian.admin.http.AdminApi;
import io.meridian.admin.store.AuditLog;
import io.meridian.admin.store.ConfigStore;
import io.meridian.admin.store.ConfigVersion;
import io.meridian.admin.store.Role;
import io.meridian.admin.store.TokenStore;
import io.meridian.core.cluster.HealthFeed;
import io.meridian.core.cluster.SharedConfig;
import io.meridian.core.config.AdminConfig;
import io.meridian.core.config.ServedDocument;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.SnapshotCompiler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The admin role: opens the data directory (versions, tokens, audit), makes sure there is an
 * admin token (from {@code MERIDIAN_ADMIN_TOKEN}, else a new one printed once), serves the stored
 * current version and publishes it to the cluster, and starts the API.
 */
public final class AdminRole implements AutoCloseable {

  public static final String TOKEN_ENV = "MERIDIAN_ADMIN_TOKEN";

  private final HttpServer server;
  private final ConfigService service;
  private final io.meridian.admin.drill.Drills drills;

  private AdminRole(HttpServer server, ConfigService service, io.meridian.admin.drill.Drills drills) {
    this.server = server;
    this.service = service;
    this.drills = drills;
  }

  /** The port the API listens on (the configured one, or the one picked for port 0). */
  public int port() {
    return server.actualPort();
  }

  public ConfigService service() {
    return service;
  }

  @Override
  public void close() {
    server.close().await();
    drills.close();
  }

  /**
   * @param announcements where to put the lines to print once every role runs (the first admin
   *     token among them, shown once)
   * @param env the environment ({@link #TOKEN_ENV})
   */
  public static AdminRole start(
      Vertx vertx, AdminConfig admin, ServedDocument served, Current<Snapshot> current,
      SnapshotCompiler compiler, HealthFeed feed, HazelcastInstance hazelcast,
      List<String> announcements, Map<String, String> env, PrometheusMeterRegistry metrics,
      java.util.function.Supplier<String> scrape) throws Exception {
    Clock clock = Clock.systemUTC();
    Files.createDirectories(admin.dataDir());
    ConfigStore store = new ConfigStore(admin.dataDir());
    TokenStore tokens = new TokenStore(admin.dataDir());
    AuditLog audit = new AuditLog(admin.dataDir());
    if (tokens.isEmpty()) {
      String fromEnv = env.get(TOKEN_ENV);
      if (fromEnv != null && !fromEnv.isBlank()) {
        tokens.add("admin", Role.ADMIN, fromEnv.trim(), clock.millis());
        announcements.add("meridian: admin token 'admin' taken from $" + TOKEN_ENV);
      } else {
        TokenStore.Issued issued = tokens.issue("admin", Role.ADMIN, clock.millis());
        announcements.add("meridian: first admin token (shown once, stored hashed): "
            + issued.secret());
      }
    }
    SharedConfig shared = new SharedConfig(hazelcast);
    ConfigService service = new ConfigService(store, served, compiler, current, feed.health(),
        v -> publish(shared, v), admin.testClients(), clock);
    ConfigVersion version = service.start();
    Gauge.builder("meridian.config.version", store, s -> s.current().map(ConfigVersion::number)
        .orElse(0L)).description("the current configuration version").register(metrics);
    io.meridian.admin.drill.Drills drills = new io.meridian.admin.drill.Drills(current, feed,
        new io.meridian.core.cluster.DnsServers(hazelcast),
        feed.balancers(), admin.drillClients(),
        admin.drillResolvers(), admin.drillLimits(), admin.dataDir(), clock);
    HttpServer server = AdminApi.start(vertx, new AdminApi.Parts(admin, service, store, tokens,
        audit, current, feed, hazelcast, metrics, scrape, drills, clock)).await();
    String host = admin.listen().getAddress().getHostAddress();
    announcements.add("meridian: admin API on " + (admin.tlsCert().isPresent() ? "https" : "http")
        + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + server.actualPort()
        + "/v1 (config version " + version.number() + ", data in " + admin.dataDir() + ")");
    return new AdminRole(server, service, drills);
  }

  private static void publish(SharedConfig shared, ConfigVersion v) {
    shared.publish(new SharedConfig.Published(v.number(), v.author(), v.atEpochMillis(), v.document()));
  }
}
