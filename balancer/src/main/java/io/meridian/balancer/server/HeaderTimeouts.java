package io.meridian.balancer.server;

import io.vertx.core.http.HttpConnection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Closes client connections that take too long to send a request's headers: from the moment a
 * connection opens, or the previous response on it ends, the next request's headers must be
 * complete within the timeout (HAProxy's {@code timeout http-request}). A slowloris client that
 * trickles one header byte at a time never gets a request handler and so holds a connection
 * forever otherwise; Vert.x's idle timeout does not help, because it sees traffic.
 *
 * <p>Cheap on the request path: a request writes one field; a {@link #sweep} on a timer finds the
 * late connections. Confined to one event loop (one instance per listener verticle), so no locks.
 */
final class HeaderTimeouts {

  private static final class Waiting {
    long sinceNanos;

    Waiting(long sinceNanos) {
      this.sinceNanos = sinceNanos;
    }
  }

  private final long timeoutNanos;
  private final LongSupplier nanoTime;
  private final Map<HttpConnection, Waiting> open = new IdentityHashMap<>();

  HeaderTimeouts(long timeoutNanos, LongSupplier nanoTime) {
    this.timeoutNanos = timeoutNanos;
    this.nanoTime = nanoTime;
  }

  void opened(HttpConnection connection) {
    open.put(connection, new Waiting(nanoTime.getAsLong()));
    connection.closeHandler(v -> open.remove(connection));
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

  /** Closes every connection that has waited for headers longer than the timeout. */
  int sweep() {
    long now = nanoTime.getAsLong();
    int closed = 0;
    for (Iterator<Map.Entry<HttpConnection, Waiting>> it = open.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<HttpConnection, Waiting> e = it.next();
      long since = e.getValue().sinceNanos;
      if (since != 0 && now - since > timeoutNanos) {
        it.remove();
        e.getKey().close();
        closed++;
      }
    }
    return closed;
  }

  int open() {
    return open.size();
  }
}
