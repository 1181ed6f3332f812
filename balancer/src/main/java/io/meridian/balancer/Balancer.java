package io.meridian.balancer;

import static java.util.Objects.requireNonNull;

import io.meridian.balancer.config.BalancerConfig;
import io.meridian.balancer.config.ListenerConfig;
import io.meridian.balancer.metrics.BalancerMetrics;
import io.meridian.balancer.metrics.LoadReport;
import io.meridian.balancer.metrics.LoadWindow;
import io.meridian.balancer.metrics.MetricsServer;
import io.meridian.balancer.proxy.GroupProxy;
import io.meridian.balancer.select.TargetGroup;
import io.meridian.balancer.server.AccessLog;
import io.meridian.balancer.server.FrontListener;
import io.meridian.balancer.server.Routing;
import io.meridian.balancer.server.RoutingCompiler;
import io.meridian.core.config.InvalidConfigException;
import io.meridian.core.config.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * A running L7 balancer: listeners, the current {@link Routing}, active health checks and the
 * periodic work (outlier detection, slow start, rate-limiter cleanup).
 *
 * <p>Data flows one way. A config is validated ({@code BalancerConfigReader}), compiled to a {@link
 * Routing}, and published through one {@link AtomicReference}; requests read it once at their
 * start. {@link #reload} compiles the next routing while the current one serves, swaps it in, and
 * then drains the replaced groups: their in-flight requests and WebSockets finish on their own
 * connections, new requests already go to the new groups, and each old group's client is closed
 * when its last lease is returned (or after {@link #DRAIN_MILLIS}). Listeners, limits and event
 * loops are fixed at start; a reload that changes them is refused with a problem and the running
 * config stays.
 *
 * <p>Metrics ({@link BalancerMetrics}) go to a Micrometer registry, given or made here, readable
 * through {@link #metrics()} and, with {@code metrics.listen}, served to Prometheus.
 */
public final class Balancer {

  /** How long a replaced group may keep in-flight requests before its connections are closed. */
  public static final long DRAIN_MILLIS = 30_000;

  /** Period of outlier detection rounds' and slow-start steps' checks. */
  static final long TICK_MILLIS = 100;

  private final Vertx vertx;
  private final LongSupplier nanoTime;
  private final BalancerMetrics metrics;
  private final LoadWindow load;
  private final RoutingCompiler compiler;
  private final AtomicReference<Routing> current = new AtomicReference<>();
  private volatile boolean refusing;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final List<FrontListener> listeners = new ArrayList<>();
  private MetricsServer metricsServer;
  private long tickTimer = -1;
  private long sweepTimer = -1;

  private Balancer(
      Vertx vertx, LongSupplier nanoTime, RandomGenerator random, MeterRegistry registry) {
    this.vertx = vertx;
    this.nanoTime = nanoTime;
    this.metrics = new BalancerMetrics(registry);
    this.load = new LoadWindow(nanoTime, System::currentTimeMillis);
    this.compiler = new RoutingCompiler(vertx, nanoTime, random, metrics);
  }

  /**
   * Starts with the system clock, a thread-local random generator and a Prometheus registry of
   * its own.
   */
  public static Future<Balancer> start(Vertx vertx, BalancerConfig config, AccessLog accessLog) {
    return start(vertx, config, accessLog, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** Starts with the system clock and a thread-local random generator, metering in {@code registry}. */
  public static Future<Balancer> start(
      Vertx vertx, BalancerConfig config, AccessLog accessLog, MeterRegistry registry) {
    RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
    return start(vertx, config, accessLog, System::nanoTime, random, registry);
  }

  /** Starts with a Prometheus registry of its own. */
  public static Future<Balancer> start(
      Vertx vertx,
      BalancerConfig config,
      AccessLog accessLog,
      LongSupplier nanoTime,
      RandomGenerator random) {
    return start(
        vertx,
        config,
        accessLog,
        nanoTime,
        random,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /**
   * Starts, recording metrics in {@code registry} (a process may share one between its parts).
   * With {@code metrics.listen} configured the registry must be a {@link PrometheusMeterRegistry},
   * whose text the metrics server serves.
   */
  public static Future<Balancer> start(
      Vertx vertx,
      BalancerConfig config,
      AccessLog accessLog,
      LongSupplier nanoTime,
      RandomGenerator random,
      MeterRegistry registry) {
    requireNonNull(config, "config");
    requireNonNull(registry, "registry");
    if (config.metrics().enabled() && !(registry instanceof PrometheusMeterRegistry)) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "metrics.listen serves Prometheus text and needs a PrometheusMeterRegistry, got "
                  + registry.getClass().getName()));
    }
    Balancer balancer = new Balancer(vertx, nanoTime, random, registry);
    Routing routing = balancer.compiler.compile(config, null);
    balancer.current.set(routing);
    balancer.metrics.track(groups(routing));
    return balancer.listen(config, accessLog).map(balancer);
  }

  private Future<Void> listen(BalancerConfig config, AccessLog accessLog) {
    Future<Void> chain = Future.succeededFuture();
    for (ListenerConfig listener : config.listeners()) {
      chain = chain.compose(v -> listen(listener, config, accessLog));
    }
    if (config.metrics().enabled()) {
      chain =
          chain.compose(
              v ->
                  MetricsServer.start(
                          vertx, config.metrics(), (PrometheusMeterRegistry) metrics.registry())
                      .map(
                          server -> {
                            metricsServer = server;
                            return null;
                          }));
    }
    tickTimer = vertx.setPeriodic(TICK_MILLIS, id -> tick());
    sweepTimer = vertx.setPeriodic(5_000, id -> current.get().rateLimiter().sweep());
    return chain;
  }

  /** Outlier detection and slow start for every group; ejections made are counted. */
  private void tick() {
    for (GroupProxy proxy : current.get().groups().values()) {
      TargetGroup group = proxy.group();
      long before = group.outliers().stats().enforced();
      group.tick();
      metrics.ejected(group.name(), group.outliers().stats().enforced() - before);
    }
  }

  private static List<TargetGroup> groups(Routing routing) {
    return routing.groups().values().stream().map(GroupProxy::group).toList();
  }

  private Future<Void> listen(ListenerConfig listener, BalancerConfig config, AccessLog accessLog) {
    return FrontListener.start(
            vertx,
            listener,
            config.eventLoops(),
            config.limits(),
            current::get,
            accessLog,
            metrics,
            load,
            () -> refusing,
            nanoTime)
        .map(
            bound -> {
              listeners.add(bound);
              ports.put(listener.name(), bound.actualPort());
              return null;
            });
  }

  /** The bound port of each listener, by name. */
  public Map<String, Integer> ports() {
    return Map.copyOf(ports);
  }

  public int port(String listener) {
    Integer port = ports.get(listener);
    if (port == null) {
      throw new IllegalArgumentException("no listener named " + listener + "; have " + ports.keySet());
    }
    return port;
  }

  /** The meters of this balancer (requests, latency, retries, ejections, connections, ...). */
  public MeterRegistry metrics() {
    return metrics.registry();
  }

  /**
   * This balancer's load over the last 10 seconds (requests per second, p99 latency, share of
   * 5xx) and its open client connections now, for publishing to the cluster. Sums a small
   * window: cheap enough to call every second, not meant for every request.
   */
  public LoadReport load() {
    return load.report(metrics.activeConnections());
  }

  /**
   * The refuse switch, for drills: while on, every new request is answered 503 with {@code
   * Retry-After: 5} and its connection closed after the answer, without contacting any target
   * (counted in {@code meridian.balancer.refused} and, as 5xx, in {@link #load()}). Requests
   * already forwarded finish normally. Off restores normal service with the next request.
   */
  public void refuse(boolean on) {
    refusing = on;
  }

  /** Whether the refuse switch is on. */
  public boolean refusing() {
    return refusing;
  }

  /** The bound port of the metrics server; empty when {@code metrics.listen} is not set. */
  public OptionalInt metricsPort() {
    return metricsServer == null ? OptionalInt.empty() : OptionalInt.of(metricsServer.port());
  }

  /** The routing requests use now. */
  public Routing routing() {
    return current.get();
  }

  /** The live group {@code name}. */
  public TargetGroup group(String name) {
    GroupProxy proxy = current.get().groups().get(name);
    if (proxy == null) {
      throw new IllegalArgumentException("no group named " + name);
    }
    return proxy.group();
  }

  /**
   * Switches to {@code next}; fails with {@link InvalidConfigException} (and changes nothing) when
   * it changes what only a restart can change.
   */
  public Future<Void> reload(BalancerConfig next) {
    Routing previous = current.get();
    List<Problem> problems = fixedAtStart(previous.config(), next);
    if (!problems.isEmpty()) {
      return Future.failedFuture(new InvalidConfigException("(reload)", problems));
    }
    Routing routing = compiler.compile(next, previous);
    current.set(routing);
    metrics.track(groups(routing));
    for (GroupProxy old : previous.groups().values()) {
      old.drainAndClose(vertx, DRAIN_MILLIS);
    }
    return Future.succeededFuture();
  }

  private static List<Problem> fixedAtStart(BalancerConfig running, BalancerConfig next) {
    List<Problem> problems = new ArrayList<>();
    if (!running.listeners().equals(next.listeners())) {
      problems.add(new Problem("listeners", 0, "cannot change on reload; restart the balancer"));
    }
    if (!running.limits().equals(next.limits())) {
      problems.add(new Problem("limits", 0, "cannot change on reload; restart the balancer"));
    }
    if (running.eventLoops() != next.eventLoops()) {
      problems.add(new Problem("event_loops", 0, "cannot change on reload; restart the balancer"));
    }
    if (!running.metrics().equals(next.metrics())) {
      problems.add(new Problem("metrics", 0, "cannot change on reload; restart the balancer"));
    }
    return problems;
  }

  /** Stops listening, health checks and timers, and closes the groups' clients. */
  public Future<Void> close() {
    vertx.cancelTimer(tickTimer);
    vertx.cancelTimer(sweepTimer);
    Future<Void> chain = Future.succeededFuture();
    for (FrontListener listener : listeners) {
      chain = chain.compose(v -> listener.close());
    }
    if (metricsServer != null) {
      chain = chain.compose(v -> metricsServer.close());
    }
    return chain.compose(v -> {
      List<Future<Void>> closing = new ArrayList<>();
      current.get().groups().values().forEach(g -> closing.add(g.drainAndClose(vertx, 0)));
      return Future.all(closing).mapEmpty();
    });
  }
}
