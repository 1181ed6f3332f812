package io.meridian.dns.io;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServerOptions;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * DNS over TCP on one concrete address and port, accepted by several event loops of the server's
 * {@link Vertx}. TCP is connection-oriented, so replies always leave from the address the client
 * connected to; it only follows UDP's per-address binding so that both transports listen on exactly
 * the same endpoints.
 */
final class TcpListener implements AutoCloseable {

  private static final Logger LOG = System.getLogger(TcpListener.class.getName());

  /** Binding and unbinding are local operations; this only guards against a wedged event loop. */
  private static final long TIMEOUT_SECONDS = 30;

  private final Vertx vertx;
  private final InetSocketAddress address;
  private final String deploymentId;

  private TcpListener(Vertx vertx, InetSocketAddress address, String deploymentId) {
    this.vertx = vertx;
    this.address = address;
    this.deploymentId = deploymentId;
  }

  /**
   * Starts accepting on {@code address} with {@code acceptors} event loops.
   *
   * @param address a concrete address with a concrete port
   * @throws IOException naming the address, when it cannot be bound; nothing stays open
   */
  static TcpListener open(
      Vertx vertx,
      int acceptors,
      InetSocketAddress address,
      Duration idleTimeout,
      QueryHandler handler,
      ConnectionLimit limit)
      throws IOException {
    NetServerOptions options =
        new NetServerOptions()
            .setIdleTimeout(Math.toIntExact(idleTimeout.toMillis()))
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
            .setTcpNoDelay(true);
    LogThrottle errors = new LogThrottle(LOG, Level.WARNING);
    try {
      String id =
          await(
              vertx.deployVerticle(
                  () -> new TcpServerVerticle(options, address, handler, limit, errors),
                  new DeploymentOptions().setInstances(acceptors)));
      return new TcpListener(vertx, address, id);
    } catch (IOException e) {
      // a failed deployment undeploys the instances that had started
      throw new IOException(
          "cannot bind TCP " + SocketAddresses.format(address) + ": " + e.getMessage(),
          e.getCause());
    }
  }

  /** Stops accepting and closes this listener's connections. */
  @Override
  public void close() {
    try {
      await(vertx.undeploy(deploymentId));
    } catch (IOException e) {
      LOG.log(Level.WARNING, "closing TCP " + SocketAddresses.format(address) + " failed", e);
    }
  }

  /**
   * Waits for {@code future} from a thread outside Vert.x.
   *
   * @throws IOException carrying the failure as cause and its message
   */
  private static <T> T await(Future<T> future) throws IOException {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IOException(String.valueOf(e.getCause().getMessage()), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("timed out after " + TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
