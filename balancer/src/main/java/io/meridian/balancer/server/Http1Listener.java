package io.meridian.balancer.server;

import io.meridian.balancer.config.LimitsConfig;
import io.meridian.balancer.config.ListenerConfig;
import io.meridian.balancer.metrics.BalancerMetrics;
import io.meridian.balancer.metrics.LoadWindow;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.transport.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A cleartext HTTP/1.1 listener straight on Netty (issue 6: Vert.x's HTTP server and client cost
 * about twice HAProxy's CPU per request; this path, with {@link
 * io.meridian.balancer.proxy.NettyForward}, costs what HAProxy does). On {@code event_loops} of
 * Vert.x's event loops, each with a listening socket of its own on the same port ({@code
 * SO_REUSEPORT}, the kernel spreads the connections, as nginx's {@code reuseport} does) and the
 * connections it accepted: a connection, its requests and its target connections stay on one
 * thread. Without the native transport (no {@code SO_REUSEPORT}) one loop listens and serves.
 * HTTPS listeners (SNI, HTTP/2) stay on {@link
 * ListenerVerticle}.
 */
public final class Http1Listener {

  final LimitsConfig limits;
  final Supplier<Routing> routing;
  final AccessLog accessLog;
  final BalancerMetrics metrics;
  final LoadWindow load;
  final BooleanSupplier refusing;
  final LongSupplier nanoTime;
  private final List<EventLoop> loops = new ArrayList<>();
  private final List<Channel> servers = new ArrayList<>();
  private final List<ClientConnections<Channel>> connections = new ArrayList<>();
  private final List<ScheduledFuture<?>> sweeps = new ArrayList<>();
  private int port;

  private Http1Listener(
      LimitsConfig limits,
      Supplier<Routing> routing,
      AccessLog accessLog,
      BalancerMetrics metrics,
      LoadWindow load,
      BooleanSupplier refusing,
      LongSupplier nanoTime) {
    this.limits = limits;
    this.routing = routing;
    this.accessLog = accessLog;
    this.metrics = metrics;
    this.load = load;
    this.refusing = refusing;
    this.nanoTime = nanoTime;
  }

  /** Binds {@code listener} on {@code eventLoops} loops; completes when all are listening. */
  public static Future<Http1Listener> start(
      Vertx vertx,
      ListenerConfig listener,
      int eventLoops,
      LimitsConfig limits,
      Supplier<Routing> routing,
      AccessLog accessLog,
      BalancerMetrics metrics,
      LoadWindow load,
      BooleanSupplier refusing,
      LongSupplier nanoTime) {
    Http1Listener http1 =
        new Http1Listener(limits, routing, accessLog, metrics, load, refusing, nanoTime);
    VertxInternal internal = (VertxInternal) vertx;
    List<EventLoop> loops = new ArrayList<>();
    for (EventExecutor executor : internal.nettyEventLoopGroup()) {
      if (loops.size() < eventLoops) {
        loops.add((EventLoop) executor);
      }
    }
    boolean reusePort = vertx.isNativeTransportEnabled();
    if (!reusePort) {
      loops = loops.subList(0, 1);
    }
    Promise<Http1Listener> bound = Promise.promise();
    http1.bind(internal, listener, loops, 0, reusePort, listener.port(), bound);
    return bound.future();
  }

  /** Binds on {@code loops[i]}, then the next ones on the port the first one got. */
  private void bind(
      VertxInternal vertx,
      ListenerConfig listener,
      List<EventLoop> loops,
      int i,
      boolean reusePort,
      int onPort,
      Promise<Http1Listener> bound) {
    if (i == loops.size()) {
      bound.complete(this);
      return;
    }
    EventLoop loop = loops.get(i);
    ClientConnections<Channel> open =
        new ClientConnections<>(
            limits.headerTimeout().toNanos(),
            limits.idleTimeout().toNanos(),
            nanoTime,
            metrics,
            Channel::close);
    connections.add(open);
    this.loops.add(loop);
    Transport transport = vertx.transport();
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(loop, loop)
            .channelFactory(transport.serverChannelFactory(false))
            .option(ChannelOption.SO_BACKLOG, 4096)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    Http1Decoder decoder = new Http1Decoder(limits);
                    Http1Encoder encoder = new Http1Encoder();
                    channel
                        .pipeline()
                        .addLast(decoder, encoder, new Http1Connection(
                            Http1Listener.this, open, decoder, encoder));
                  }
                });
    if (reusePort) {
      bootstrap.option(UnixChannelOption.SO_REUSEPORT, true);
    }
    long sweepMillis = Math.max(50, Math.min(1000, limits.headerTimeout().toMillis() / 4));
    sweeps.add(loop.scheduleAtFixedRate(open::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS));
    ChannelFuture binding = bootstrap.bind(new InetSocketAddress(listener.host(), onPort));
    binding.addListener(
        f -> {
          if (!f.isSuccess()) {
            bound.fail(f.cause());
            return;
          }
          Channel server = binding.channel();
          servers.add(server);
          int actual = ((InetSocketAddress) server.localAddress()).getPort();
          if (i == 0) {
            port = actual;
          }
          bind(vertx, listener, loops, i + 1, reusePort, actual, bound);
        });
  }

  /** The port actually bound (useful with port 0). */
  public int actualPort() {
    return port;
  }

  /** Stops listening and closes the client connections. */
  public Future<Void> close() {
    sweeps.forEach(s -> s.cancel(false));
    List<Future<Void>> closing = new ArrayList<>();
    for (Channel server : servers) {
      Promise<Void> closed = Promise.promise();
      server.close().addListener(f -> closed.complete());
      closing.add(closed.future());
    }
    for (int i = 0; i < connections.size(); i++) {
      loops.get(i).execute(connections.get(i)::closeAll);
    }
    return Future.all(closing).mapEmpty();
  }
}
