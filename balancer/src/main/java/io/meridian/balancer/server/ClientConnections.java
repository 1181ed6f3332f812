package io.meridian.balancer.server;

import io.meridian.balancer.metrics.BalancerMetrics;
import io.vertx.core.http.HttpConnection;
import java.util.IdentityHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Per-connection state of one listener's client connections: the header deadline, and whether the
 * connection has been refused and must not carry another request. Opens and closes are counted
 * in the balancer's metrics.
 *
 * <p>Header deadline: closes client connections that take too long to send a request's headers: from the moment a
 * connection opens, or the previous response on it ends, the next request's headers must be
 * complete within the timeout (HAProxy's {@code timeout http-request}). A slowloris client that
 * trickles one header byte at a time never gets a request handler and so holds a connection
 * forever otherwise; Vert.x's idle timeout does not help, because it sees traffic.
 *
 * <p>Cheap on the request path: a request writes one field; a {@link #sweep} on a timer finds the
 * late connections. Confined to one event loop (one instance per listener verticle), so no locks.
 */
final class ClientConnections {

  /** One connection's state; a request looks it up once and then writes its fields. */
  static final class State {
    private final ClientConnections owner;
    long sinceNanos;
    boolean refused;

    State(ClientConnections owner, long sinceNanos) {
      this.owner = owner;
      this.sinceNanos = sinceNanos;
    }

    /** The request's headers are complete: the deadline is off until its response ends. */
    void headersComplete() {
      sinceNanos = 0;
    }

    /** The response ended: the next request's headers must come within the timeout. */
    void responseEnded() {
      sinceNanos = owner.nanoTime.getAsLong();
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

  /** Detached state for connections this tracker never saw open (not expected; harmless). */
  private final State untracked;

  private final long timeoutNanos;
  private final LongSupplier nanoTime;
  private final BalancerMetrics metrics;
  private final Map<HttpConnection, State> open = new IdentityHashMap<>();

  ClientConnections(long timeoutNanos, LongSupplier nanoTime, BalancerMetrics metrics) {
    this.timeoutNanos = timeoutNanos;
    this.nanoTime = nanoTime;
    this.metrics = metrics;
    this.untracked = new State(this, 0);
  }

  void opened(HttpConnection connection) {
    open.put(connection, new State(this, nanoTime.getAsLong()));
    metrics.connectionOpened();
    connection.closeHandler(
        v -> {
          open.remove(connection);
          metrics.connectionClosed();
        });
  }

  /** The state of {@code connection}; one lookup per request. */
  State of(HttpConnection connection) {
    State s = open.get(connection);
    return s == null ? untracked : s;
  }

  /** Closes every connection that has waited for headers longer than the timeout. */
  int sweep() {
    long now = nanoTime.getAsLong();
    List<HttpConnection> late = new ArrayList<>();
    for (Map.Entry<HttpConnection, State> e : open.entrySet()) {
      long since = e.getValue().sinceNanos;
      if (since != 0 && now - since > timeoutNanos) {
        late.add(e.getKey());
      }
    }
    // closing runs the close handler, which removes the entry: not while iterating
    for (HttpConnection connection : late) {
      open.remove(connection);
      connection.close();
    }
    return late.size();
  }

  int open() {
    return open.size();
  }
}
