package io.meridian.balancer.testing;

import io.meridian.balancer.Balancer;
import io.meridian.balancer.DataPlaneVertx;
import io.meridian.balancer.config.BalancerConfig;
import io.meridian.balancer.server.AccessLog;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the socket-level tests: three real backends (b1, b2, b3), a balancer started from YAML,
 * a keep-alive client, and cleanup in the right order. Backends, balancer and clients each get
 * their own Vert.x instance, as separate processes would: a client and a server sharing an event
 * loop can stall each other's flushes, which is a property of the test rig, not of the balancer.
 */
public abstract class BalancerFixture {

  protected Vertx vertx;
  protected Vertx clientVertx;
  private Vertx backendVertx;
  protected final List<Backend> backends = new ArrayList<>();
  protected final ConcurrentLinkedQueue<String> accessLines = new ConcurrentLinkedQueue<>();
  protected Balancer balancer;
  protected Client client;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void startBackends() throws Exception {
    vertx = DataPlaneVertx.create(new VertxOptions());
    clientVertx = Vertx.vertx();
    backendVertx = Vertx.vertx();
    for (String name : List.of("b1", "b2", "b3")) {
      backends.add(Backend.start(backendVertx, name));
    }
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    if (client != null) {
      client.close();
    }
    if (balancer != null) {
      balancer.close().await(10, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
    clientVertx.close().await(10, TimeUnit.SECONDS);
    backendVertx.close().await(10, TimeUnit.SECONDS);
  }

  protected Backend backend(int i) {
    return backends.get(i);
  }

  /** Starts the balancer from a config with one HTTP listener followed by {@code yaml}. */
  protected void start(String yaml) throws Exception {
    start(Configs.http(yaml));
  }

  protected void start(BalancerConfig config) throws Exception {
    balancer =
        Balancer.start(vertx, config, new AccessLog(accessLines::add)).await(10, TimeUnit.SECONDS);
    client = new Client(clientVertx, balancer.port("http"));
  }

  /** A second client with its own connection. */
  protected Client newClient() {
    Client c = new Client(clientVertx, balancer.port("http"));
    closeables.add(c);
    return c;
  }

  /** {@code count} sequential {@code GET /} on the fixture's keep-alive client. */
  protected List<Client.Reply> getRoot(int count) {
    List<Client.Reply> replies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      replies.add(client.get("/"));
    }
    return replies;
  }

  /** {@code targets:} lines for the first {@code count} backends. */
  protected String targets(int count) {
    StringBuilder out = new StringBuilder("    targets:\n");
    for (int i = 0; i < count; i++) {
      Backend b = backends.get(i);
      out.append("      - {name: ").append(b.name()).append(", address: ").append(b.address()).append("}\n");
    }
    return out.toString();
  }
}
