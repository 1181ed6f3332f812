package io.meridian.dns.io;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how a {@link DnsServer} listens. Validated when built, so that a bad value fails at
 * configuration time with a message naming it rather than later inside an I/O thread.
 *
 * @param listen the addresses to serve UDP and TCP on; port 0 picks one free port per entry, and a
 *     wildcard address (0.0.0.0 or ::) stands for every address of that family on every interface
 *     that is up (see {@link DnsServer})
 * @param udpThreadsPerAddress how many UDP sockets (each with its own thread) share each concrete
 *     address through SO_REUSEPORT; one per core lets the kernel spread queries over all cores
 * @param tcpIdleTimeout a TCP connection on which nothing is read or written for this long is
 *     closed, so that idle clients cannot hold connections forever (RFC 7766 section 6.2.3)
 * @param tcpMaxConnections open TCP connections above this, over all addresses, are closed as soon
 *     as they are accepted, bounding the memory and file descriptors clients can take
 */
public record DnsServerOptions(
    List<InetSocketAddress> listen,
    int udpThreadsPerAddress,
    Duration tcpIdleTimeout,
    int tcpMaxConnections) {

  /** Ten seconds, as RFC 7766 suggests for servers that cannot track client needs. */
  public static final Duration DEFAULT_TCP_IDLE_TIMEOUT = Duration.ofSeconds(10);

  public static final int DEFAULT_TCP_MAX_CONNECTIONS = 1000;

  /** The idle timer counts whole milliseconds in an {@code int}. */
  private static final Duration MAX_TCP_IDLE_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

  public DnsServerOptions {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(tcpIdleTimeout, "tcpIdleTimeout");
    listen = List.copyOf(listen);
    if (listen.isEmpty()) {
      throw new IllegalArgumentException("listen must name at least one address");
    }
    for (InetSocketAddress address : listen) {
      if (address.isUnresolved()) {
        throw new IllegalArgumentException(
            "listen address must be resolved: " + SocketAddresses.format(address));
      }
      if (address.getPort() != 0 && listen.indexOf(address) != listen.lastIndexOf(address)) {
        throw new IllegalArgumentException(
            "listen names " + SocketAddresses.format(address) + " twice");
      }
    }
    if (udpThreadsPerAddress <= 0) {
      throw new IllegalArgumentException(
          "udpThreadsPerAddress must be positive, was " + udpThreadsPerAddress);
    }
    if (tcpIdleTimeout.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException(
          "tcpIdleTimeout must be positive (at least 1 ms), was " + tcpIdleTimeout);
    }
    if (tcpIdleTimeout.compareTo(MAX_TCP_IDLE_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "tcpIdleTimeout must be at most " + MAX_TCP_IDLE_TIMEOUT + ", was " + tcpIdleTimeout);
    }
    if (tcpMaxConnections <= 0) {
      throw new IllegalArgumentException(
          "tcpMaxConnections must be positive, was " + tcpMaxConnections);
    }
  }

  /** Listens on {@code listen} with every other option at its default. */
  public static DnsServerOptions listen(List<InetSocketAddress> listen) {
    return new DnsServerOptions(
        listen,
        Runtime.getRuntime().availableProcessors(),
        DEFAULT_TCP_IDLE_TIMEOUT,
        DEFAULT_TCP_MAX_CONNECTIONS);
  }

  /** Listens on {@code listen} with every other option at its default. */
  public static DnsServerOptions listen(InetSocketAddress... listen) {
    return listen(List.of(listen));
  }

  public DnsServerOptions withUdpThreadsPerAddress(int udpThreadsPerAddress) {
    return new DnsServerOptions(listen, udpThreadsPerAddress, tcpIdleTimeout, tcpMaxConnections);
  }

  public DnsServerOptions withTcpIdleTimeout(Duration tcpIdleTimeout) {
    return new DnsServerOptions(listen, udpThreadsPerAddress, tcpIdleTimeout, tcpMaxConnections);
  }

  public DnsServerOptions withTcpMaxConnections(int tcpMaxConnections) {
    return new DnsServerOptions(listen, udpThreadsPerAddress, tcpIdleTimeout, tcpMaxConnections);
  }
}
