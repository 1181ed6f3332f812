package io.meridian.balancer.transport;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.util.internal.PlatformDependent;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.spi.transport.Transport;
import java.net.SocketAddress;
import java.util.concurrent.ThreadFactory;

/**
 * Linux's epoll transport of Vert.x, without the socket options that only restate what an
 * accepted socket already has. Vert.x writes every TCP option of {@link NetServerOptions} to each
 * accepted socket, one {@code setsockopt} each: {@code TCP_NODELAY} (which Netty's epoll channel
 * has already set), and {@code TCP_CORK}, {@code TCP_QUICKACK} and {@code SO_KEEPALIVE} off,
 * which they are. That is four of the system calls a new client connection costs beyond the
 * accept, reads, writes and close a proxy needs ({@code bench/RESULTS.md}, close64). Options set
 * to something other than the default are still written; everything else is epoll's. It is both
 * the transport implementation and the public handle {@code Vertx.builder().withTransport} takes.
 */
public final class LeanTransport implements Transport, io.vertx.core.transport.Transport {

  private final Transport epoll;

  private LeanTransport(Transport epoll) {
    this.epoll = requireNonNull(epoll, "epoll");
  }

  /**
   * A Vert.x on {@code options} with this transport where epoll loads, otherwise as {@code
   * options} say (NIO, or another native transport).
   */
  public static Vertx vertx(VertxOptions options) {
    io.vertx.core.transport.Transport epoll = io.vertx.core.transport.Transport.EPOLL;
    if (!options.getPreferNativeTransport() || !epoll.available()) {
      return Vertx.vertx(options);
    }
    return Vertx.builder().with(options).withTransport(wrap(epoll.implementation())).build();
  }

  /** The transport that {@code withTransport} takes, over {@code epoll}'s implementation. */
  static LeanTransport wrap(Transport epoll) {
    return new LeanTransport(epoll);
  }

  @Override
  public String name() {
    return "epoll";
  }

  @Override
  public boolean available() {
    return epoll.isAvailable();
  }

  @Override
  public Transport implementation() {
    return this;
  }

  @Override
  public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
    epoll.configure(options, domainSocket, bootstrap);
    if (domainSocket) {
      return;
    }
    if (options.isTcpNoDelay() && PlatformDependent.canEnableTcpNoDelayByDefault()) {
      bootstrap.childOption(ChannelOption.TCP_NODELAY, null); // Netty's epoll channel sets it
    }
    if (!options.isTcpKeepAlive()) {
      bootstrap.childOption(ChannelOption.SO_KEEPALIVE, null);
    }
    if (!options.isTcpCork()) {
      bootstrap.childOption(EpollChannelOption.TCP_CORK, null);
    }
    if (!options.isTcpQuickAck()) {
      bootstrap.childOption(EpollChannelOption.TCP_QUICKACK, null);
    }
  }

  @Override
  public boolean supportsDomainSockets() {
    return epoll.supportsDomainSockets();
  }

  @Override
  public boolean supportFileRegion() {
    return epoll.supportFileRegion();
  }

  @Override
  public boolean isAvailable() {
    return epoll.isAvailable();
  }

  @Override
  public Throwable unavailabilityCause() {
    return epoll.unavailabilityCause();
  }

  @Override
  public SocketAddress convert(io.vertx.core.net.SocketAddress address) {
    return epoll.convert(address);
  }

  @Override
  public io.vertx.core.net.SocketAddress convert(SocketAddress address) {
    return epoll.convert(address);
  }

  @Override
  public IoHandlerFactory ioHandlerFactory() {
    return epoll.ioHandlerFactory();
  }

  @Override
  public EventLoopGroup eventLoopGroup(int type, int threads, ThreadFactory factory, int ioRatio) {
    return epoll.eventLoopGroup(type, threads, factory, ioRatio);
  }

  @Override
  public DatagramChannel datagramChannel() {
    return epoll.datagramChannel();
  }

  @Override
  public DatagramChannel datagramChannel(InternetProtocolFamily family) {
    return epoll.datagramChannel(family);
  }

  @Override
  public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
    return epoll.channelFactory(domainSocket);
  }

  @Override
  public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
    return epoll.serverChannelFactory(domainSocket);
  }

  @Override
  public void configure(DatagramChannel channel, DatagramSocketOptions options) {
    epoll.configure(channel, options);
  }

  @Override
  public void configure(ClientOptionsBase options, int connectTimeout, boolean domainSocket,
      Bootstrap bootstrap) {
    epoll.configure(options, connectTimeout, domainSocket, bootstrap);
  }
}
