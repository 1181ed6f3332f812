package io.meridian.agent.probe;

import io.meridian.core.health.CheckSpec;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.internal.VertxInternal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Passes when a TCP connection to the address and port is established within the timeout, then
 * closes it at once without sending anything, with a reset ({@code SO_LINGER} 0) rather than a
 * FIN, so the agent keeps no TIME_WAIT per probe; the server sees the connection reset. RTT is the
 * connect time, about one network round trip, which makes it the better latency signal of the two
 * probe kinds.
 *
 * <p>The connection is a bare Netty channel on the caller's event loop, made by Vert.x's own
 * transport (epoll where it is available): nothing is read or written, so a Vert.x {@code
 * NetSocket} with its handlers, write queue and close futures was most of the user CPU of a probe
 * for nothing it looks at.
 */
final class TcpProbe implements Probe {

  /** Nothing is read: the channel only has to exist until it is closed. */
  private static final ChannelHandler NOTHING = new Nothing();

  private final VertxInternal vertx;
  private final CheckSpec spec;
  private final LongSupplier nanoTime;
  private final Bootstrap template;
  private final Map<EventLoop, Bootstrap> perLoop = new ConcurrentHashMap<>();

  TcpProbe(Vertx vertx, CheckSpec spec, LongSupplier nanoTime) {
    if (spec.type() != CheckSpec.Type.TCP) {
      throw new IllegalArgumentException("not a TCP check: " + spec.type());
    }
    this.vertx = (VertxInternal) vertx;
    this.spec = spec;
    this.nanoTime = nanoTime;
    long timeoutMillis = Math.max(1, spec.timeout().toMillis());
    this.template =
        new Bootstrap()
            .channelFactory(this.vertx.transport().channelFactory(false))
            // the connect timeout is the whole probe: nothing happens after the connection is made
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeoutMillis, Integer.MAX_VALUE))
            .option(ChannelOption.TCP_NODELAY, true)
            // close with a reset, as HAProxy's checks do: four segments instead of seven and no
            // TIME_WAIT on the agent, which at 10,000 probes a second overflowed the table
            .option(ChannelOption.SO_LINGER, 0)
            .handler(NOTHING);
  }

  @Override
  public Future<ProbeResult> probe(InetAddress address) {
    ContextInternal context = vertx.getOrCreateContext();
    PromiseInternal<ProbeResult> result = context.promise();
    long start = nanoTime.getAsLong();
    Bootstrap bootstrap = perLoop.computeIfAbsent(context.nettyEventLoop(), template::clone);
    ChannelFuture connect = bootstrap.connect(new InetSocketAddress(address, spec.port()));
    connect.addListener(
        (ChannelFuture done) -> {
          long rtt = Math.max(0, nanoTime.getAsLong() - start);
          if (done.isSuccess()) {
            done.channel().close();
            result.complete(ProbeResult.passed(rtt, "connected"));
          } else {
            result.complete(ProbeResult.failed(rtt, Failures.describe(done.cause())));
          }
        });
    return result.future();
  }

  @Override
  public Future<Void> close() {
    perLoop.clear(); // channels are closed as they connect; nothing else is held
    return vertx.getOrCreateContext().succeededFuture();
  }

  @Override
  public String toString() {
    return "TcpProbe[:" + spec.port() + "]";
  }

  @ChannelHandler.Sharable
  private static final class Nothing extends ChannelInboundHandlerAdapter {}
}
