package io.meridian.dns.io;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetSocketAddress;

/**
 * One TCP accept point on one event loop. {@link TcpListener} deploys several instances for the
 * same address; Vert.x binds the port once and hands the accepted connections to the instances in
 * turn, which spreads connections over event loops (the Vert.x "server sharing" scaling model).
 * Every connection of an instance runs on that instance's event loop, which is what lets them share
 * one scratch buffer.
 */
final class TcpServerVerticle extends VerticleBase {

  private final NetServerOptions options;
  private final InetSocketAddress address;
  private final QueryHandler handler;
  private final ConnectionLimit limit;
  private final LogThrottle errors;
  private final byte[] scratch = new byte[0xFFFF];

  TcpServerVerticle(
      NetServerOptions options,
      InetSocketAddress address,
      QueryHandler handler,
      ConnectionLimit limit,
      LogThrottle errors) {
    this.options = options;
    this.address = address;
    this.handler = handler;
    this.limit = limit;
    this.errors = errors;
  }

  @Override
  public Future<?> start() {
    return vertx
        .createNetServer(options)
        .connectHandler(
            socket -> {
              if (limit.tryAcquire()) {
                TcpConnection.serve(socket, address, handler, scratch, limit, errors);
              } else {
                socket.close();
              }
            })
        .listen(SocketAddress.inetSocketAddress(address));
  }
}
