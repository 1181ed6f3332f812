package io.meridian.balancer.server;

import io.meridian.balancer.config.LimitsConfig;
import io.meridian.balancer.config.ListenerConfig;
import io.meridian.balancer.http1.RequestDecoder;
import io.meridian.balancer.http1.ResponseEncoder;
import io.meridian.balancer.metrics.BalancerMetrics;
import io.meridian.balancer.metrics.LoadWindow;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
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
 * One listener, straight on Netty: HTTP/1.1, and for HTTPS TLS with SNI ({@link ServerTls}) and
 * ALPN choosing HTTP/2 or HTTP/1.1. Each request is served by a {@link ClientChannel} (per HTTP/1
 * connection, per HTTP/2 stream) and forwarded by its group's {@link
 * io.meridian.balancer.proxy.Forwarder}. Issue 6: Vert.x's HTTP server and client cost about
 * twice HAProxy's CPU per request; this path costs about what HAProxy does.
 *
 * <p>On {@code event_loops} of Vert.x's event loops, each with a listening socket of its own on
 * the same port ({@code SO_REUSEPORT}: the kernel spreads the connections, as nginx's {@code
 * reuseport} does) and the connections it accepted: a connection, its requests and its target
 * connections stay on one thread. Without the native transport (no {@code SO_REUSEPORT}) one
 * loop listens and serves.
 */
public final class FrontListener {

  final LimitsConfig limits;
  final Supplier<Routing> routing;
  final AccessLog accessLog;
  final BalancerMetrics metrics;
  final LoadWindow load;
  final BooleanSupplier refusing;
  final LongSupplier nanoTime;
  /** Null for cleartext. */
  private final ServerTls tls;
  private final List<EventLoop> loops = new ArrayList<>();
  private final List<Channel> servers = new ArrayList<>();
  private final List<ClientConnections<Channel>> connections = new ArrayList<>();
  private final List<ScheduledFuture<?>> sweeps = new ArrayList<>();
  private int port;

  private FrontListener(
      ServerTls tls,
      LimitsConfig limits,
      Supplier<Routing> routing,
      AccessLog accessLog,
      BalancerMetrics metrics,
      LoadWindow load,
      BooleanSupplier refusing,
      LongSupplier nanoTime) {
    this.tls = tls;
    this.limits = limits;
    this.routing = routing;
    this.accessLog = accessLog;
    this.metrics = metrics;
    this.load = load;
    this.refusing = refusing;
    this.nanoTime = nanoTime;
  }

  /** Binds {@code listener} on {@code eventLoops} loops; completes when all are listening. */
  public static Future<FrontListener> start(
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
    FrontListener http1 =
        new FrontListener(
            listener.tls().map(t -> ServerTls.of(vertx, t)).orElse(null),
            limits,
            routing,
            accessLog,
            metrics,
            load,
            refusing,
            nanoTime);
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
    Promise<FrontListener> bound = Promise.promise();
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
      Promise<FrontListener> bound) {
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
            // TCP_NODELAY: Netty's socket channels set it themselves (a child option set it twice)
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    accepted(channel, open);
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

  /** A new client connection: tracked, then TLS and ALPN, or straight HTTP/1. */
  private void accepted(Channel channel, ClientConnections<Channel> open) {
    ClientConnections.State state = open.opened(channel);
    channel.closeFuture().addListener(f -> open.closed(channel));
    if (tls == null) {
      http1(channel.pipeline(), state, "http");
      return;
    }
    channel.pipeline().addLast(tls.handler(), new Alpn(state));
  }

  private void http1(ChannelPipeline pipeline, ClientConnections.State state, String scheme) {
    RequestDecoder decoder =
        new RequestDecoder(Math.min(limits.maxHeaderSize(), 16 * 1024), limits.maxHeaderSize());
    ResponseEncoder encoder = new ResponseEncoder();
    pipeline.addLast(
        decoder, encoder, ClientChannel.http1(this, state, scheme, decoder, encoder));
  }

  private void http2(ChannelPipeline pipeline, ClientConnections.State state) {
    pipeline.addLast(
        Http2FrameCodecBuilder.forServer()
            .initialSettings(
                Http2Settings.defaultSettings()
                    .maxConcurrentStreams(100)
                    .maxHeaderListSize(limits.maxHeaderSize()))
            .build(),
        new Http2MultiplexHandler(
            new ChannelInitializer<Http2StreamChannel>() {
              @Override
              protected void initChannel(Http2StreamChannel stream) {
                stream
                    .pipeline()
                    .addLast(
                        new Http2StreamFrameToHttpObjectCodec(true),
                        ClientChannel.http2Stream(FrontListener.this, state));
              }
            }));
  }

  /** After the handshake: HTTP/2 or HTTP/1.1, as ALPN agreed (HTTP/1.1 without ALPN). */
  private final class Alpn extends ApplicationProtocolNegotiationHandler {
    private final ClientConnections.State state;

    Alpn(ClientConnections.State state) {
      super(ApplicationProtocolNames.HTTP_1_1);
      this.state = state;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
      if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
        http2(ctx.pipeline(), state);
      } else {
        http1(ctx.pipeline(), state, "https");
      }
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // scanners and clients that distrust the certificate: nothing to log
    }
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
