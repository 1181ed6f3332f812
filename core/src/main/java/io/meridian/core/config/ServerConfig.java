package io.meridian.core.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * How the DNS server listens. Changing it takes a restart; reloads only swap zone data.
 *
 * @param listen concrete or wildcard addresses with ports
 * @param udpPayloadSize the EDNS0 UDP payload size we advertise and the most we send over UDP
 * @param udpThreads sockets (and threads) per listen address; 0 means one per core
 * @param tcpIdleTimeout how long an idle TCP connection is kept open
 */
public record ServerConfig(
    List<InetSocketAddress> listen, int udpPayloadSize, int udpThreads, Duration tcpIdleTimeout) {

  public static final int DEFAULT_PORT = 53;

  /** The DNS Flag Day 2020 size: fits any path's MTU without fragmentation. */
  public static final int DEFAULT_UDP_PAYLOAD = 1232;

  public static final Duration DEFAULT_TCP_IDLE = Duration.ofSeconds(10);

  public ServerConfig {
    listen = List.copyOf(listen);
  }
}
