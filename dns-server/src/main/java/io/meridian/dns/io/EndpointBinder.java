package io.meridian.dns.io;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Binds the endpoints of one listen address: every concrete address it stands for, each on UDP and
 * TCP, all on one port number.
 *
 * <p>Port 0 asks for a free port: UDP binds first on an ephemeral port, then TCP and the other
 * addresses take the same number. That number may already be taken for TCP (ephemeral ports are per
 * protocol), so when a later bind fails, everything bound for this listen address is released and
 * the whole is tried again with a new ephemeral port, a few times.
 *
 * <p>Link-local IPv6 addresses found by wildcard expansion are skipped (logged at debug) when they
 * cannot be bound, since binding them depends on scope support that some stacks lack; an address
 * that was named explicitly must bind or the server fails to start.
 */
final class EndpointBinder {

  private static final Logger LOG = System.getLogger(EndpointBinder.class.getName());

  private static final int EPHEMERAL_ATTEMPTS = 5;

  private final Vertx vertx;
  private final int tcpAcceptors;
  private final DnsServerOptions options;
  private final QueryHandler handler;
  private final ConnectionLimit tcpLimit;
  private final Set<InetSocketAddress> bound = new HashSet<>();

  EndpointBinder(
      Vertx vertx,
      int tcpAcceptors,
      DnsServerOptions options,
      QueryHandler handler,
      ConnectionLimit tcpLimit) {
    this.vertx = vertx;
    this.tcpAcceptors = tcpAcceptors;
    this.options = options;
    this.handler = handler;
    this.tcpLimit = tcpLimit;
  }

  /**
   * @return the endpoints now serving {@code listen}; none if earlier listen addresses cover it
   * @throws IOException naming the address that could not be bound; nothing stays open
   */
  List<Endpoint> bind(InetSocketAddress listen) throws IOException {
    List<InetAddress> hosts = new ArrayList<>(ListenAddresses.expand(listen.getAddress()));
    boolean expanded = listen.getAddress().isAnyLocalAddress();
    if (listen.getPort() != 0) {
      hosts.removeIf(host -> isBound(new InetSocketAddress(host, listen.getPort())));
      return hosts.isEmpty() ? List.of() : remember(bindAll(listen, hosts, expanded));
    }
    IOException last = null;
    for (int attempt = 1; attempt <= EPHEMERAL_ATTEMPTS; attempt++) {
      try {
        return remember(bindAll(listen, hosts, expanded));
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "ephemeral port attempt {0} failed: {1}", attempt, e.getMessage());
        last = e;
      }
    }
    throw last;
  }

  /**
   * Whether an earlier listen address (say 0.0.0.0:53 before 127.0.0.1:53) already covers {@code
   * address}. Binding it again would not fail: SO_REUSEPORT and Vert.x server sharing would both
   * quietly add a second set of sockets and threads.
   */
  private boolean isBound(InetSocketAddress address) {
    if (bound.contains(address)) {
      LOG.log(Level.DEBUG, "{0} is already served", SocketAddresses.format(address));
      return true;
    }
    return false;
  }

  private List<Endpoint> remember(List<Endpoint> endpoints) {
    endpoints.forEach(endpoint -> bound.add(endpoint.address()));
    return endpoints;
  }

  private List<Endpoint> bindAll(
      InetSocketAddress listen, List<InetAddress> hosts, boolean expanded) throws IOException {
    List<Endpoint> endpoints = new ArrayList<>(hosts.size());
    int port = listen.getPort();
    try {
      for (InetAddress host : hosts) {
        Endpoint endpoint;
        try {
          endpoint = bindOne(new InetSocketAddress(host, port));
        } catch (IOException e) {
          if (expanded && host instanceof Inet6Address && host.isLinkLocalAddress()) {
            LOG.log(Level.DEBUG, "skipping link-local {0}: {1}", host, e.getMessage());
            continue;
          }
          throw e;
        }
        endpoints.add(endpoint);
        port = endpoint.address().getPort();
      }
      if (endpoints.isEmpty()) {
        throw new IOException(
            "no address of " + SocketAddresses.format(listen) + " could be bound");
      }
      return endpoints;
    } catch (IOException | RuntimeException | Error e) {
      closeAll(endpoints);
      throw e;
    }
  }

  private Endpoint bindOne(InetSocketAddress address) throws IOException {
    UdpListener udp = UdpListener.open(address, options.udpThreadsPerAddress(), handler);
    try {
      TcpListener tcp =
          TcpListener.open(
              vertx, tcpAcceptors, udp.localAddress(), options.tcpIdleTimeout(), handler, tcpLimit);
      return new Endpoint(udp.localAddress(), udp, tcp);
    } catch (IOException | RuntimeException | Error e) {
      udp.close();
      throw e;
    }
  }

  /** Closes every endpoint, even when closing one fails (which is logged). */
  static void closeAll(List<Endpoint> endpoints) {
    for (Endpoint endpoint : endpoints) {
      try {
        endpoint.close();
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING, "closing " + SocketAddresses.format(endpoint.address()) + " failed", e);
      }
    }
  }
}
