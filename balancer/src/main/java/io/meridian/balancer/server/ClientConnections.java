package io.meridian.balancer.server;

import io.vertx.core.http.HttpConnection;
import java.util.WeakHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Per-connection state of one listener's client connections: the header deadline, and whether the
 * connection has been refused and must not carry another request.
 *
 * <p>Header deadline: closes client connections that take too long to send a request's headers: from the moment a
 * connection opens, or the previous response on it ends, the next request's headers must be
 * complete within the timeout (HAProxy's {@code timeout http-request}). A slowloris client that
 * trickles one header byte at a time never gets a request handler and so holds a connection
 * forever otherwise; Vert.x's idle timeout does not help, because it sees traffic.
 *
 * <p>Cheap on the request path: a request writes one field; a {@link #sweep} on a timer finds the
 * late connections. Confined to one event loop (one instance per listener verticle), so no locks.
 * Connections are held weakly (HttpConnection has identity equality), so closed ones drop out.
 */
final class ClientConnections {

  private static final class Waiting {
    long sinceNanos;
    boolean refused;

    Waiting(long sinceNanos) {
      this.sinceNanos = sinceNanos;
    }
  }

  private final long timeoutNanos;
  private final LongSupplier nanoTime;
  // weak keys instead of a close handler: the connection's one close handler belongs to whoever
  // needs it for the request (a proxied WebSocket releases its target there)
  private final Map<HttpConnection, Waiting> open = new WeakHashMap<>();

  ClientConnections(long timeoutNanos, LongSupplier nanoTime) {
    this.timeoutNanos = timeoutNanos;
    this.nanoTime = nanoTime;
  }

  void opened(HttpConnection connection) {
    open.put(connection, new Waiting(nanoTime.getAsLong()));
  }

  void headersComplete(HttpConnection connection) {
    Waiting w = open.get(connection);
    if (w != null) {
      w.sinceNanos = 0;
    }
  }

  void responseEnded(HttpConnection connection) {
    Waiting w = open.get(connection);
    if (w != null) {
      w.sinceNanos = nanoTime.getAsLong();
    }
  }

  /**
   * Marks a connection whose request was refused unread (smuggling attempt, body too large): any
   * request already pipelined behind it is dropped, because its start cannot be trusted.
   */
  void refuse(HttpConnection connection) {
    Waiting w = open.get(connection);
    if (w != null) {
      w.refused = true;
    }
  }

  boolean refused(HttpConnection connection) {
    Waiting w = open.get(connection);
    return w != null && w.refused;
  }

  /** Closes every connection that has waited for headers longer than the timeout. */
  int sweep() {
    long now = nanoTime.getAsLong();
    List<HttpConnection> late = new ArrayList<>();
    for (Map.Entry<HttpConnection, Waiting> e : open.entrySet()) {
      long since = e.getValue().sinceNanos;
      if (since != 0 && now - since > timeoutNanos) {
        late.add(e.getKey());
      }
    }
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
