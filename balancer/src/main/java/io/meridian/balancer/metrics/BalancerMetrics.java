package io.meridian.balancer.metrics;

import static java.util.Objects.requireNonNull;

import io.meridian.balancer.select.TargetGroup;
import io.meridian.balancer.select.TargetState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The balancer's meters in one Micrometer registry (Prometheus names in brackets):
 *
 * <ul>
 *   <li>{@code meridian.balancer.requests} {group, status: 1xx..5xx}: responses ended
 *       [{@code meridian_balancer_requests_total}];
 *   <li>{@code meridian.balancer.request.duration} {group}: request start to response end, a
 *       histogram with the buckets of {@link #LATENCY_BUCKETS} (0.5 ms to 10 s), which
 *       Prometheus sums across balancers [{@code meridian_balancer_request_duration_seconds}];
 *   <li>{@code meridian.balancer.retries} {group}, {@code meridian.balancer.ejections} {group}
 *       (outlier ejections enforced), {@code meridian.balancer.rate.limited} (429s), {@code
 *       meridian.balancer.refused} (503s of the refuse switch): counters;
 *   <li>{@code meridian.balancer.connections.active}: open client connections;
 *   <li>{@code meridian.balancer.target.in.flight} {group, target}: leases held per target.
 * </ul>
 *
 * <p>Requests that reach no group (fixed answers, redirects, 404, refusals before routing) carry
 * {@code group="none"}. Per request this is a map lookup, a counter add and a timer record, all
 * lock-free; meters of a group are made once, on its first request. The timer keeps fixed buckets,
 * not client-side quantiles: those recorded every value into a ring of three HdrHistograms, 2 % of
 * the balancer's CPU in bench/l7's close64 and ka64; with buckets the whole record is 0.7 % in ka64
 * (async-profiler, 2026-12-02, bench/RESULTS.md).
 */
public final class BalancerMetrics {

  /** The group label of requests that no target group handled. */
  public static final String NO_GROUP = "none";

  private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

  /** The request duration's histogram buckets (upper bounds), Prometheus' own and three below. */
  static final List<Duration> LATENCY_BUCKETS =
      List.of(
          Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000),
          Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
          Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
          Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
          Duration.ofSeconds(10));

  private final MeterRegistry registry;
  private final AtomicInteger connections = new AtomicInteger();
  private final Counter rateLimited;
  private final Counter refused;
  private final ConcurrentMap<String, GroupMeters> groups = new ConcurrentHashMap<>();
  private final List<Meter> targetGauges = new ArrayList<>();

  private record GroupMeters(Counter[] byClass, Timer latency, Counter retries, Counter ejections) {}

  public BalancerMetrics(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
    Gauge.builder("meridian.balancer.connections.active", connections, AtomicInteger::get)
        .description("open client connections")
        .register(registry);
    rateLimited =
        Counter.builder("meridian.balancer.rate.limited")
            .description("requests answered 429 by the per-client rate limit")
            .register(registry);
    refused =
        Counter.builder("meridian.balancer.refused")
            .description("requests answered 503 while the balancer refuses traffic")
            .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void connectionOpened() {
    connections.incrementAndGet();
  }

  public void connectionClosed() {
    connections.decrementAndGet();
  }

  /** Open client connections now. */
  public int activeConnections() {
    return connections.get();
  }

  /** One response ended, {@code nanos} after its request started. */
  public void responded(String group, int status, long nanos) {
    GroupMeters meters = meters(group);
    int index = status / 100 - 1;
    if (index >= 0 && index < CLASSES.length) {
      meters.byClass[index].increment();
    }
    meters.latency.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void retried(String group) {
    meters(group).retries.increment();
  }

  public void ejected(String group, long count) {
    if (count > 0) {
      meters(group).ejections.increment(count);
    }
  }

  public void rateLimited() {
    rateLimited.increment();
  }

  public void refused() {
    refused.increment();
  }

  /**
   * Follows the targets of a new routing: the in-flight gauges of the previous targets are
   * removed and one is registered per target of {@code current} (a reload may replace a target
   * under the same name, so they are not kept by name).
   */
  public synchronized void track(Collection<TargetGroup> current) {
    targetGauges.forEach(registry::remove);
    targetGauges.clear();
    for (TargetGroup group : current) {
      for (TargetState target : group.targets()) {
        targetGauges.add(
            Gauge.builder("meridian.balancer.target.in.flight", target, TargetState::active)
                .description("requests and WebSockets holding a lease on the target")
                .tag("group", group.name())
                .tag("target", target.name())
                .strongReference(true)
                .register(registry));
      }
    }
  }

  private GroupMeters meters(String group) {
    GroupMeters meters = groups.get(group);
    return meters != null ? meters : groups.computeIfAbsent(group, this::create);
  }

  private GroupMeters create(String group) {
    Counter[] byClass = new Counter[CLASSES.length];
    for (int i = 0; i < CLASSES.length; i++) {
      byClass[i] =
          Counter.builder("meridian.balancer.requests")
              .description("responses ended, by status class")
              .tag("group", group)
              .tag("status", CLASSES[i])
              .register(registry);
    }
    Timer latency =
        Timer.builder("meridian.balancer.request.duration")
            .description("request start to response end")
            .tag("group", group)
            .serviceLevelObjectives(LATENCY_BUCKETS.toArray(Duration[]::new))
            .register(registry);
    Counter retries =
        Counter.builder("meridian.balancer.retries")
            .description("requests tried again on another target")
            .tag("group", group)
            .register(registry);
    Counter ejections =
        Counter.builder("meridian.balancer.ejections")
            .description("targets ejected by outlier detection")
            .tag("group", group)
            .register(registry);
    return new GroupMeters(byClass, latency, retries, ejections);
  }
}
