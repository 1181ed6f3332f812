package io.meridian.agent.probe;

import io.vertx.core.net.NetSocket;
import java.net.InetAddress;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The idle connections of one HTTP probe by address, waiting for a next probe of that address
 * (several endpoints may share an address and port; they are then one server and share its
 * connections, as an HTTP client's per-host pool does). A connection that the server closes, or
 * that sends anything while idle, is dropped at once, so what {@link #take} hands out was open a
 * moment ago; it may still have been closed by the server in flight, which the probe answers by
 * trying once more on a fresh connection. The most recently kept connection is taken first: it is
 * the least likely to meet the server's idle timeout.
 */
final class KeptConnections {

  /** An open connection and how many probes it has served. */
  record Kept(NetSocket socket, int probes) {}

  private final Map<InetAddress, Deque<Kept>> idle = new ConcurrentHashMap<>();

  /** An idle connection to {@code address}, now in use, or null. */
  Kept take(InetAddress address) {
    Deque<Kept> kept = idle.get(address);
    Kept taken = kept == null ? null : kept.pollFirst();
    if (taken != null) {
      taken.socket().handler(null);
      taken.socket().closeHandler(null);
      taken.socket().exceptionHandler(null);
    }
    return taken;
  }

  /** Keeps {@code socket} for a next probe of {@code address}. */
  void keep(InetAddress address, NetSocket socket, int probes) {
    Kept kept = new Kept(socket, probes);
    Deque<Kept> queue = idle.computeIfAbsent(address, a -> new ConcurrentLinkedDeque<>());
    socket.closeHandler(v -> queue.remove(kept));
    socket.exceptionHandler(e -> drop(queue, kept));
    socket.handler(unexpected -> drop(queue, kept)); // nothing was asked: the stream is off
    queue.offerFirst(kept);
  }

  /** Closes every idle connection. */
  void closeAll() {
    for (Deque<Kept> queue : idle.values()) {
      for (Kept kept; (kept = queue.pollFirst()) != null; ) {
        kept.socket().close();
      }
    }
  }

  private static void drop(Deque<Kept> queue, Kept kept) {
    queue.remove(kept);
    kept.socket().close();
  }
}
