package io.meridian.dns.io;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * Writes socket addresses the same way in thread names, log lines and error messages, so that an
 * operator can grep for one address across all three.
 */
final class SocketAddresses {

  private SocketAddresses() {}

  /** {@code 192.0.2.1:53} or {@code [2001:db8:0:0:0:0:0:1]:53}; never does a DNS lookup. */
  static String format(InetSocketAddress address) {
    String host =
        address.isUnresolved() ? address.getHostString() : address.getAddress().getHostAddress();
    return (address.getAddress() instanceof Inet6Address ? "[" + host + "]" : host)
        + ":"
        + address.getPort();
  }
}
