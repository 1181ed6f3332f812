package io.meridian.balancer.select;

import static java.util.Objects.requireNonNull;

import io.meridian.balancer.config.TargetConfig;
import io.meridian.core.health.RiseFall;
import io.vertx.core.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the balancer knows about one backend at this moment: its requests in flight, its response
 * time (EWMA), what active checks say, and since when it has been taking traffic (for slow start).
 * Shared by every event loop, so all fields are atomics or volatiles. It outlives a config reload
 * when the group keeps a target of the same name and address, so a reload neither forgets health
 * nor resets least-connections counts.
 */
public final class TargetState {

  /** Weight of the newest response time in the EWMA; 0.3 follows a shift within 3-4 requests. */
  static final double LATENCY_ALPHA = 0.3;

  private final String group;
  private final TargetConfig config;
  private final SocketAddress address;
  private final AtomicInteger active = new AtomicInteger();
  private volatile double latencyEwmaMillis = Double.NaN;
  private volatile RiseFall.State health = RiseFall.State.UNKNOWN;
  private volatile long joinedAtNanos;

  public TargetState(String group, TargetConfig config, long nowNanos) {
    this.group = requireNonNull(group, "group");
    this.config = requireNonNull(config, "config");
    this.address = SocketAddress.inetSocketAddress(config.port(), config.host());
    this.joinedAtNanos = nowNanos;
  }

  public String group() {
    return group;
  }

  public String name() {
    return config.name();
  }

  public TargetConfig config() {
    return config;
  }

  public SocketAddress address() {
    return address;
  }

  public int weight() {
    return config.weight();
  }

  /** Requests (and WebSocket connections) in flight through this balancer. */
  public int active() {
    return active.get();
  }

  void acquire() {
    active.incrementAndGet();
  }

  void release() {
    active.decrementAndGet();
  }

  /** Response-time EWMA in milliseconds, NaN until the first response. */
  public double latencyEwmaMillis() {
    return latencyEwmaMillis;
  }

  /** Folds in one response time; racing updates may lose a sample, which an average tolerates. */
  public void recordLatency(double millis) {
    double previous = latencyEwmaMillis;
    latencyEwmaMillis =
        Double.isNaN(previous) ? millis : LATENCY_ALPHA * millis + (1 - LATENCY_ALPHA) * previous;
  }

  public RiseFall.State health() {
    return health;
  }

  /** Sets what active checks say; a target that comes back up starts its slow start again. */
  public void health(RiseFall.State state, long nowNanos) {
    if (state == RiseFall.State.UP && health == RiseFall.State.DOWN) {
      joinedAtNanos = nowNanos;
      latencyEwmaMillis = Double.NaN;
    }
    health = state;
  }

  /** When the target last (re)joined: created, came back up or was readmitted after ejection. */
  public long joinedAtNanos() {
    return joinedAtNanos;
  }

  public void rejoined(long nowNanos) {
    joinedAtNanos = nowNanos;
  }

  /** Whether this is the same backend as {@code other}, so its state can be carried over. */
  boolean sameBackend(TargetConfig other) {
    return config.name().equals(other.name())
        && config.host().equals(other.host())
        && config.port() == other.port();
  }

  @Override
  public String toString() {
    return group + "/" + config.name() + "(" + config.address() + ")";
  }
}
