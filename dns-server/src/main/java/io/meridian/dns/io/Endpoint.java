package io.meridian.dns.io;

import java.net.InetSocketAddress;

/**
 * UDP and TCP on one concrete address and port: the unit that is bound, and released, together.
 *
 * @param address the bound address, with its actual port
 */
record Endpoint(InetSocketAddress address, UdpListener udp, TcpListener tcp)
    implements AutoCloseable {

  /** Stops TCP first (it is quick), then UDP, whose threads it waits for. */
  @Override
  public void close() {
    try {
      tcp.close();
    } finally {
      udp.close();
    }
  }
}
