package io.meridian.balancer.select;

import static java.util.Objects.requireNonNull;

import io.meridian.balancer.config.GroupConfig;
import io.meridian.balancer.config.GroupConfig.StickyMode;
import io.meridian.balancer.lb.Hashing;
import io.meridian.balancer.lb.LoadBalancer;
import io.meridian.balancer.outlier.ConsecutiveFailureDetector;
import io.meridian.balancer.outlier.OutlierDetector;
import io.meridian.core.health.RiseFall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * The targets of one group and how the next request is given one of them.
 *
 * <p>What may be picked is an immutable {@link Selection}: the eligible targets (weight above 0, not
 * down by active checks, not ejected by outlier detection) and a {@link LoadBalancer} built over
 * exactly those. It is rebuilt ({@link #refresh}) whenever eligibility changes and, while a target
 * is in slow start, on every {@link #tick}; a pick reads the current one once and never waits. When
 * nothing is eligible the group <em>fails open</em> to all targets with a weight (Envoy's panic
 * mode): sending to possibly bad targets beats answering 503 for certain.
 *
 * <p>Stickiness is decided here too: an inserted cookie names a target, which is honoured only
 * while it is eligible (an unhealthy sticky target is replaced, and the response carries the new
 * cookie); a hashed application cookie goes through a ring over the eligible targets.
 */
public final class TargetGroup {

  /** Ring points per unit of weight; 100 keeps the spread within a few percent for 2-50 targets. */
  static final int RING_POINTS = 100;

  /** The targets that may be picked right now, and how. */
  record Selection(
      List<TargetState> eligible,
      Map<String, TargetState> byName,
      LoadBalancer<TargetState, PickContext> balancer,
      LoadBalancer<TargetState, PickContext> cookieRing,
      boolean panic,
      boolean ramping) {}

  private final GroupConfig config;
  private final List<TargetState> targets;
  private final OutlierDetector outliers;
  private final SlowStart slowStart;
  private final LongSupplier nanoTime;
  private final RandomGenerator random;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private volatile boolean draining;
  private volatile Selection selection;

  /**
   * @param previous targets of the group this one replaces (on reload); those naming the same
   *     backend are carried over with their counters and health
   */
  public TargetGroup(
      GroupConfig config,
      List<TargetState> previous,
      LongSupplier nanoTime,
      RandomGenerator random) {
    this.config = requireNonNull(config, "config");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    this.random = requireNonNull(random, "random");
    long now = nanoTime.getAsLong();
    List<TargetState> made = new ArrayList<>();
    for (var target : config.targets()) {
      made.add(
          previous.stream()
              .filter(p -> p.sameBackend(target) && p.weight() == target.weight())
              .findFirst()
              .orElseGet(() -> new TargetState(config.name(), target, now)));
    }
    this.targets = List.copyOf(made);
    this.slowStart = SlowStart.of(config.slowStart());
    this.outliers =
        config.outlier().enabled()
            ? new ConsecutiveFailureDetector(config.outlier(), targets, random, this::refresh)
            : OutlierDetector.none();
    refresh();
  }

  public String name() {
    return config.name();
  }

  public GroupConfig config() {
    return config;
  }

  public List<TargetState> targets() {
    return targets;
  }

  public OutlierDetector outliers() {
    return outliers;
  }

  /** The targets that may be picked now (all weighted ones in panic mode). */
  public List<TargetState> eligible() {
    return selection.eligible();
  }

  public boolean panic() {
    return selection.panic();
  }

  /** Requests and WebSockets currently holding a lease from this group. */
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Chooses a target and leases it.
   *
   * @param stickyCookie the value of the group's sticky cookie in the request, or null
   * @param context the request's hashed key for consistent hashing
   * @param avoid a target not to choose if another is eligible (the one a retry failed on), or
   *     null
   */
  public Lease pick(String stickyCookie, PickContext context, TargetState avoid) {
    Selection s = selection;
    StickyMode mode = config.sticky().mode();
    if (stickyCookie != null && mode == StickyMode.INSERT) {
      TargetState sticky = s.byName().get(stickyCookie);
      if (sticky != null && sticky != avoid) {
        return new Lease(sticky, this, nanoTime.getAsLong(), null);
      }
    }
    TargetState chosen;
    int avoided = avoid == null ? -1 : s.eligible().indexOf(avoid);
    if (avoided >= 0 && s.eligible().size() > 1) {
      // a retry: the next eligible target, without consuming a pick of the algorithm, so the
      // retry neither lands on the failed target nor shifts everyone else's round robin
      chosen = s.eligible().get((avoided + 1) % s.eligible().size());
    } else if (stickyCookie != null && mode == StickyMode.HASH) {
      chosen = s.cookieRing().pick(new PickContext(Hashing.hash64(stickyCookie)));
    } else {
      chosen = s.balancer().pick(context);
    }
    String setCookie = mode == StickyMode.INSERT ? cookie(chosen) : null;
    return new Lease(chosen, this, nanoTime.getAsLong(), setCookie);
  }

  private String cookie(TargetState target) {
    var sticky = config.sticky();
    String value = sticky.cookie() + "=" + target.name() + "; Path=/; HttpOnly";
    return sticky.maxAge().isZero() ? value : value + "; Max-Age=" + sticky.maxAge().toSeconds();
  }

  /** Applies an active-check state to one of this group's targets. */
  public void health(TargetState target, RiseFall.State state) {
    RiseFall.State before = target.health();
    target.health(state, nanoTime.getAsLong());
    if ((before == RiseFall.State.DOWN) != (state == RiseFall.State.DOWN)) {
      refresh();
    }
  }

  /** Periodic work: outlier detection and slow-start steps. Call every few hundred ms. */
  public void tick() {
    long now = nanoTime.getAsLong();
    if (outliers instanceof ConsecutiveFailureDetector detector) {
      detector.detect(now);
    }
    if (selection.ramping()) {
      refresh();
    }
  }

  /** Rebuilds the selection from the targets' current state. */
  public synchronized void refresh() {
    long now = nanoTime.getAsLong();
    List<TargetState> eligible = new ArrayList<>();
    for (TargetState t : targets) {
      if (t.weight() > 0 && t.health() != RiseFall.State.DOWN && !outliers.isEjected(t)) {
        eligible.add(t);
      }
    }
    boolean panic = eligible.isEmpty();
    if (panic) {
      targets.stream().filter(t -> t.weight() > 0).forEach(eligible::add);
    }
    // round robin and the hashing algorithms ignore weights or keep the configured ones, so a
    // ramp would only rebuild them (a 65537-slot Maglev table) on every tick for nothing
    boolean rampable =
        !config.algorithm().hashesKey() && config.algorithm() != GroupConfig.Algorithm.ROUND_ROBIN;
    boolean ramping = false;
    Map<String, TargetState> byName = new HashMap<>();
    Map<TargetState, Double> weights = new IdentityHashMap<>();
    for (TargetState t : eligible) {
      byName.put(t.name(), t);
      weights.put(t, t.weight() * slowStart.factor(t.joinedAtNanos(), now));
      ramping |= rampable && slowStart.ramping(t.joinedAtNanos(), now);
    }
    List<TargetState> frozen = List.copyOf(eligible);
    // outside slow start the configured weight is the weight: no map lookup per pick
    ToDoubleFunction<TargetState> weight = ramping ? weights::get : TargetState::weight;
    LoadBalancer<TargetState, PickContext> ring =
        LoadBalancer.ringHash(
            frozen, TargetState::name, TargetState::weight, RING_POINTS, PickContext::keyHash);
    selection =
        new Selection(
            frozen,
            Map.copyOf(byName),
            balancer(frozen, weight, ring),
            config.sticky().mode() == StickyMode.HASH ? ring : null,
            panic,
            ramping);
  }

  private LoadBalancer<TargetState, PickContext> balancer(
      List<TargetState> eligible,
      ToDoubleFunction<TargetState> weight,
      LoadBalancer<TargetState, PickContext> ring) {
    return switch (config.algorithm()) {
      case ROUND_ROBIN -> LoadBalancer.roundRobin(eligible, 0);
      case WEIGHTED_ROUND_ROBIN -> LoadBalancer.weightedRoundRobin(eligible, weight, random);
      case LEAST_CONNECTIONS -> LoadBalancer.leastConnections(eligible, TargetState::active, weight);
      case LEAST_RESPONSE_TIME ->
          LoadBalancer.leastResponseTime(
              eligible, TargetState::latencyEwmaMillis, TargetState::active, weight);
      case POWER_OF_TWO -> LoadBalancer.powerOfTwo(eligible, TargetState::active, weight, random);
      case RANDOM -> LoadBalancer.weightedRandom(eligible, weight, random);
      case CONSISTENT_HASH -> ring;
      // configured weights, like the ring: slow start would reshuffle keys on every step
      case MAGLEV ->
          LoadBalancer.maglev(
              eligible,
              TargetState::name,
              TargetState::weight,
              config.maglevTableSize(),
              PickContext::keyHash);
    };
  }

  void leased() {
    inFlight.incrementAndGet();
  }

  void returned() {
    if (inFlight.decrementAndGet() == 0 && draining) {
      drained.complete(null);
    }
  }

  /**
   * Stops the group from being used for new requests (the caller has already routed new requests
   * elsewhere) and completes when the last lease is returned.
   */
  public CompletableFuture<Void> drain() {
    draining = true;
    if (inFlight.get() == 0) {
      drained.complete(null);
    }
    return drained;
  }
}
