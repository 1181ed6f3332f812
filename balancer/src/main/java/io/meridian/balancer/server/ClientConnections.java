package io.meridian.balancer.server;

import io.meridian.balancer.metrics.BalancerMetrics;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Per-connection state of one listener's client connections on one event loop: the header
 * deadline, the idle deadline, and whether the connection has been refused and must not carry
 * another request. Opens and closes are counted in the balancer's metrics. {@code C} is what the
 * listener holds of a connection (a Vert.x {@code HttpConnection}, a Netty {@code Channel}).
 *
 * <p>Header deadline: closes client connections that take too long to send a request's headers:
 * from the moment a connection opens, or the previous response on it ends, the next request's
 * headers must be complete within the timeout (HAProxy's {@code timeout http-request}). A
 * slowloris client that trickles one header byte at a time never gets a request handler and so
 * holds a connection forever otherwise; an idle timeout does not help, because it sees traffic.
 *
 * <p>Idle deadline (when {@code idleTimeoutNanos > 0}; Vert.x listeners have their own): a
 * connection with nothing read or written for the timeout is closed; tunnels are left alone.
 *
 * <p>Cheap on the request path: a request writes a field or two; a {@link #sweep} on a timer
 * finds the late connections. Confined to one event loop, so no locks.
 */
final class ClientConnections<C> {

  /** One connection's state; a request looks it up once and then writes its fields. */
  static final class State {
    private final ClientConnections<?> owner;
    long sinceNanos;
    long activeNanos;
    boolean refused;
    boolean tunnel;

    State(ClientConnections<?> owner, long nowNanos) {
      this.owner = owner;
      this.sinceNanos = nowNanos;
      this.activeNanos = nowNanos;
    }

    /** The request's headers are complete: the deadline is off until its response ends. */
    void headersComplete() {
      sinceNanos = 0;
    }

    /** The response ended: the next request's headers must come within the timeout. */
    void responseEnded() {
      sinceNanos = owner.nanoTime.getAsLong();
    }

    /** Something was read or written at {@code nowNanos}. */
    void active(long nowNanos) {
      activeNanos = nowNanos;
    }

    /** The connection became a tunnel: no more requests, no deadlines. */
    void tunnel() {
      tunnel = true;
      sinceNanos = 0;
    }

    /**
     * The request was refused unread (smuggling attempt, body too large): anything already
     * pipelined behind it is dropped, because its start cannot be trusted.
     */
    void refuse() {
      refused = true;
    }

    boolean refused() {
      return refused;
    }
  }

  private final long headerTimeoutNanos;
  private final long idleTimeoutNanos;
  private final LongSupplier nanoTime;
  private final BalancerMetrics metrics;
  private final Consumer<C> close;
  private final Map<C, State> open = new IdentityHashMap<>();

  ClientConnections(
      long headerTimeoutNanos,
      long idleTimeoutNanos,
      LongSupplier nanoTime,
      BalancerMetrics metrics,
      Consumer<C> close) {
    this.headerTimeoutNanos = headerTimeoutNanos;
    this.idleTimeoutNanos = idleTimeoutNanos;
    this.nanoTime = nanoTime;
    this.metrics = metrics;
    this.close = close;
  }

  /** A new connection; its caller reports its close with {@link #closed}. */
  State opened(C connection) {
    State state = new State(this, nanoTime.getAsLong());
    open.put(connection, state);
    metrics.connectionOpened();
    return state;
  }

  void closed(C connection) {
    if (open.remove(connection) != null) {
      metrics.connectionClosed();
    }
  }

  /** Closes every connection past its header or idle deadline; returns how many. */
  int sweep() {
    long now = nanoTime.getAsLong();
    List<C> late = new ArrayList<>();
    for (Map.Entry<C, State> e : open.entrySet()) {
      State s = e.getValue();
      boolean headersLate = s.sinceNanos != 0 && now - s.sinceNanos > headerTimeoutNanos;
      boolean idle = idleTimeoutNanos > 0 && !s.tunnel && now - s.activeNanos > idleTimeoutNanos;
      if (headersLate || idle) {
        late.add(e.getKey());
      }
    }
    late.forEach(close); // closing reports back through closed(): not while iterating
    return late.size();
  }

  /** Closes every connection (the listener stops). */
  void closeAll() {
    new ArrayList<>(open.keySet()).forEach(close);
  }
}
