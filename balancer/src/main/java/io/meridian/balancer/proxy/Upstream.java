package io.meridian.balancer.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;

/**
 * One keep-alive connection to a target, owned by its {@link TargetPool}, serving one exchange at
 * a time. What the target sends goes to the current {@link Listener}; between exchanges nothing
 * is expected, and anything that arrives closes the connection (its framing can no longer be
 * trusted).
 */
final class Upstream extends ChannelInboundHandlerAdapter {

  /** The exchange using this connection. */
  interface Listener {
    void read(HttpObject part);

    /** The connection closed or failed before the response ended. */
    void failed(Throwable cause);

    /** The connection's writability changed (request body back-pressure). */
    default void writabilityChanged(boolean writable) {}

    /** The end of one batch of reads: time to flush what was passed on. */
    default void readComplete() {}
  }

  static final ClosedChannelException CLOSED = new ClosedChannelException();

  final TargetPool pool;
  final TargetPool.Local local;
  Channel channel;
  private Listener listener;
  /** Taken over by a tunnel: no longer counted by the pool. */
  boolean detached;
  /** When it was last put back idle ({@code nanoTime}). */
  long idleSinceNanos;

  Upstream(TargetPool pool, TargetPool.Local local) {
    this.pool = pool;
    this.local = local;
  }

  void attach(Listener listener) {
    this.listener = listener;
  }

  /** The exchange is done with it: the connection goes back to the pool (or closes, if unusable). */
  void release(boolean reusable) {
    listener = null;
    if (reusable) {
      pool.release(this);
    } else {
      channel.close();
    }
  }

  /** The exchange takes the connection over for good (a WebSocket tunnel): it leaves the pool. */
  void detach() {
    listener = null;
    pool.detached(this);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Listener current = listener;
    if (current == null || !(msg instanceof HttpObject part)) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    current.read(part);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    Listener current = listener;
    if (current != null) {
      current.readComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Listener current = listener;
    if (current != null) {
      current.writabilityChanged(ctx.channel().isWritable());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    pool.closed(this);
    Listener current = listener;
    listener = null;
    if (current != null) {
      current.failed(CLOSED);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Listener current = listener;
    listener = null;
    if (current != null) {
      current.failed(cause);
    }
    ctx.close();
  }
}
