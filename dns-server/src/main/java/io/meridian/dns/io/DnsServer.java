package io.meridian.dns.io;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running DNS server: UDP and TCP on every listen address, each query passed to one {@link
 * QueryHandler}.
 *
 * <p><b>Addresses.</b> Every reply must leave from the address its query was sent to, or clients
 * discard it. A UDP socket bound to a wildcard address cannot guarantee that from Java (the JDK
 * offers no IP_PKTINFO to learn a packet's destination or choose a reply's source), so a wildcard
 * listen address (0.0.0.0 or ::) is expanded at start to every address of that family on every
 * interface that is up, and each concrete address gets its own sockets. Addresses added to the host
 * later are not served until a restart. Link-local IPv6 addresses found this way are skipped if
 * they cannot be bound.
 *
 * <p><b>Ports.</b> UDP and TCP of one listen address share one port number. Port 0 picks a free UDP
 * port, then binds TCP and the other expanded addresses on the same number, retrying with a new
 * port a few times when that number is taken for TCP. {@link #boundAddresses()} reports the result.
 *
 * <p><b>Threads.</b> UDP uses blocking JDK channels: per concrete address, {@link
 * DnsServerOptions#udpThreadsPerAddress()} channels share the port through SO_REUSEPORT, each
 * served by its own platform thread ({@code dns-udp-<address>-<i>}). TCP runs on one Vert.x
 * instance owned by this server, with one event loop per core, several of which accept on each
 * address. The handler is therefore called concurrently and must not block.
 *
 * <p>A second server on the same UDP port does not fail on UDP, since SO_REUSEPORT lets it share
 * the port; it fails on TCP, which is bound without SO_REUSEPORT.
 */
public final class DnsServer implements AutoCloseable {

  private static final Logger LOG = System.getLogger(DnsServer.class.getName());

  private static final long VERTX_CLOSE_TIMEOUT_SECONDS = 30;

  private final Vertx vertx;
  private final List<Endpoint> endpoints;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DnsServer(Vertx vertx, List<Endpoint> endpoints) {
    this.vertx = vertx;
    this.endpoints = List.copyOf(endpoints);
  }

  /**
   * Binds every listen address and starts serving.
   *
   * @throws IOException naming the address that could not be bound; whatever had been opened is
   *     closed again, so a failed start leaves no thread or socket behind
   */
  public static DnsServer start(DnsServerOptions options, QueryHandler handler) throws IOException {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(handler, "handler");
    int cores = Runtime.getRuntime().availableProcessors();
    Vertx vertx = newVertx(cores);
    List<Endpoint> endpoints = new ArrayList<>();
    try {
      EndpointBinder binder =
          new EndpointBinder(
              vertx, cores, options, handler, new ConnectionLimit(options.tcpMaxConnections()));
      for (InetSocketAddress listen : options.listen()) {
        endpoints.addAll(binder.bind(listen));
      }
    } catch (IOException | RuntimeException | Error e) {
      EndpointBinder.closeAll(endpoints);
      closeVertx(vertx);
      throw e;
    }
    DnsServer server = new DnsServer(vertx, endpoints);
    LOG.log(Level.INFO, "DNS server listening on {0}", server.describe());
    return server;
  }

  /**
   * One event loop per core. The Vert.x file cache is off: this server reads no files through
   * Vert.x, and the cache would create a temporary directory.
   */
  private static Vertx newVertx(int eventLoops) {
    return Vertx.vertx(
        new VertxOptions()
            .setEventLoopPoolSize(eventLoops)
            .setFileSystemOptions(
                new FileSystemOptions()
                    .setFileCachingEnabled(false)
                    .setClassPathResolvingEnabled(false)));
  }

  /**
   * The concrete addresses served, UDP and TCP alike, with actual ports: wildcards appear expanded
   * and port 0 replaced by the port chosen.
   */
  public List<InetSocketAddress> boundAddresses() {
    return endpoints.stream().map(Endpoint::address).toList();
  }

  /**
   * Closes every socket and connection and waits for the threads to end. Idempotent. Must not be
   * called from a query handler (it would wait for its own thread).
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    EndpointBinder.closeAll(endpoints);
    closeVertx(vertx);
    LOG.log(Level.INFO, "DNS server stopped on {0}", describe());
  }

  private static void closeVertx(Vertx vertx) {
    try {
      vertx
          .close()
          .toCompletionStage()
          .toCompletableFuture()
          .get(VERTX_CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(Level.WARNING, "closing Vert.x failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String describe() {
    return String.join(
        ", ", endpoints.stream().map(e -> SocketAddresses.format(e.address())).toList());
  }

  @Override
  public String toString() {
    return "DnsServer[" + describe() + "]";
  }
}
