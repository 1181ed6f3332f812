package io.meridian.dns.io;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a listen address into the concrete addresses to bind. A UDP socket bound to a wildcard
 * address replies from whatever source address the routing table picks, which is not necessarily
 * the address the query was sent to (and clients drop such replies); Java cannot read or set the
 * packet's destination address (no IP_PKTINFO), so a wildcard is replaced by every address of its
 * family on every interface that is up, each of which then gets its own sockets.
 */
final class ListenAddresses {

  private ListenAddresses() {}

  /**
   * @return {@code address} itself, or for 0.0.0.0 or :: every address of that family on every
   *     interface that is up, in interface order
   * @throws IOException when the interfaces cannot be read or a wildcard matches no address
   */
  static List<InetAddress> expand(InetAddress address) throws IOException {
    if (!address.isAnyLocalAddress()) {
      return List.of(address);
    }
    boolean ipv4 = address instanceof Inet4Address;
    Set<InetAddress> found = new LinkedHashSet<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      addAll(nic, ipv4, found);
    }
    if (found.isEmpty()) {
      throw new IOException(
          "no interface that is up has an IPv"
              + (ipv4 ? 4 : 6)
              + " address to expand "
              + address.getHostAddress()
              + " into");
    }
    return List.copyOf(found);
  }

  private static void addAll(NetworkInterface nic, boolean ipv4, Set<InetAddress> found)
      throws IOException {
    if (!nic.isUp()) {
      return;
    }
    for (InetAddress candidate : Collections.list(nic.getInetAddresses())) {
      if ((candidate instanceof Inet4Address) == ipv4) {
        found.add(candidate);
      }
    }
    for (NetworkInterface sub : Collections.list(nic.getSubInterfaces())) {
      addAll(sub, ipv4, found);
    }
  }
}
