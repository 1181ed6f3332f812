package io.meridian.balancer.proxy;

import io.meridian.balancer.http1.TargetCodec;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The keep-alive connections to one target of one group, for the Netty path. Connections live on
 * the event loop of the client that opened them, and each loop keeps its own idle list and its
 * own queue of requests waiting for a connection, so taking and returning one is confined to a
 * thread; only the total is shared. At most {@code maxConnections} connections in all and at most
 * {@code maxPending} requests waiting per loop; beyond that {@link #FULL} (503 at once: circuit
 * breaking). An idle connection older than {@code idleNanos} is closed instead of reused.
 */
final class TargetPool {

  /** A request that could not even wait for a connection: 503, not an outlier report. */
  static final BalancerFailure FULL =
      new BalancerFailure(503, "pending queue of the target is full");

  /** A request waiting for a connection. */
  interface Waiter {
    void ready(Upstream upstream);

    void failed(Throwable cause);
  }

  /** One event loop's share. */
  final class Local {
    private final EventLoop loop;
    private final ArrayDeque<Upstream> idle = new ArrayDeque<>();
    private final ArrayDeque<Waiter> pending = new ArrayDeque<>();

    Local(EventLoop loop) {
      this.loop = loop;
    }
  }

  private final InetSocketAddress address;
  private final ChannelFactory<? extends Channel> channels;
  private final int connectTimeoutMillis;
  private final int maxConnections;
  private final int maxPending;
  private final long idleNanos;
  private final LongSupplier nanoTime;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<EventLoop, Local> locals = new ConcurrentHashMap<>();
  private volatile boolean closed;

  TargetPool(
      InetSocketAddress address,
      ChannelFactory<? extends Channel> channels,
      int connectTimeoutMillis,
      int maxConnections,
      int maxPending,
      long idleNanos,
      LongSupplier nanoTime) {
    this.address = address;
    this.channels = channels;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.maxConnections = maxConnections;
    this.maxPending = maxPending;
    this.idleNanos = idleNanos;
    this.nanoTime = nanoTime;
  }

  /** Hands {@code waiter} a connection on {@code loop}: idle, new, or later when one frees up. */
  void acquire(EventLoop loop, Waiter waiter) {
    Local local = locals.computeIfAbsent(loop, Local::new);
    Upstream idle = takeIdle(local);
    if (idle != null) {
      waiter.ready(idle);
      return;
    }
    if (open.incrementAndGet() <= maxConnections) {
      connect(local, waiter);
      return;
    }
    open.decrementAndGet();
    if (local.pending.size() >= maxPending) {
      waiter.failed(FULL);
      return;
    }
    local.pending.add(waiter);
  }

  private Upstream takeIdle(Local local) {
    long now = nanoTime.getAsLong();
    Upstream upstream;
    while ((upstream = local.idle.pollLast()) != null) {
      if (upstream.channel.isActive() && now - upstream.idleSinceNanos < idleNanos) {
        return upstream;
      }
      upstream.channel.close();
    }
    return null;
  }

  private void connect(Local local, Waiter waiter) {
    Upstream upstream = new Upstream(this, local);
    ChannelFuture connecting =
        new Bootstrap()
            .group(local.loop)
            .channelFactory(channels)
            // TCP_NODELAY: Netty's socket channels set it themselves
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    channel
                        .pipeline()
                        .addLast(new TargetCodec(8 * 1024, 64 * 1024), upstream);
                  }
                })
            .connect(address);
    connecting.addListener(
        f -> {
          if (f.isSuccess()) {
            upstream.channel = connecting.channel();
            waiter.ready(upstream);
          } else {
            open.decrementAndGet();
            waiter.failed(f.cause());
            servePending(local);
          }
        });
  }

  /** Back from an exchange, reusable: to the next waiter of its loop, or idle. */
  void release(Upstream upstream) {
    if (closed || !upstream.channel.isActive()) {
      upstream.channel.close();
      return;
    }
    if (!upstream.channel.config().isAutoRead()) {
      upstream.channel.config().setAutoRead(true); // paused for back-pressure by its last exchange
    }
    Waiter next = upstream.local.pending.poll();
    if (next != null) {
      next.ready(upstream);
      return;
    }
    upstream.idleSinceNanos = nanoTime.getAsLong();
    upstream.local.idle.addLast(upstream);
  }

  /** The connection closed (either side): it no longer counts, and a waiter may connect. */
  void closed(Upstream upstream) {
    upstream.local.idle.remove(upstream);
    if (!upstream.detached) {
      open.decrementAndGet();
    }
    wakeWaiters();
  }

  /** The connection became a tunnel: no longer the pool's, no longer counted. */
  void detached(Upstream upstream) {
    upstream.detached = true;
    open.decrementAndGet();
    wakeWaiters();
  }

  /** A connection slot freed up: each loop's first waiters may connect (on their own loop). */
  private void wakeWaiters() {
    for (Local local : locals.values()) {
      if (local.loop.inEventLoop()) {
        servePending(local);
      } else {
        local.loop.execute(() -> servePending(local));
      }
    }
  }

  private void servePending(Local local) {
    while (!local.pending.isEmpty() && !closed) {
      if (open.incrementAndGet() > maxConnections) {
        open.decrementAndGet();
        return;
      }
      connect(local, local.pending.poll());
    }
  }

  /** Closes the idle connections now and every other one when its exchange returns it. */
  void close() {
    closed = true;
    for (Local local : locals.values()) {
      local.loop.execute(
          () -> {
            Upstream upstream;
            while ((upstream = local.idle.poll()) != null) {
              upstream.channel.close();
            }
            Waiter waiter;
            while ((waiter = local.pending.poll()) != null) {
              waiter.failed(Upstream.CLOSED);
            }
          });
    }
  }
}
