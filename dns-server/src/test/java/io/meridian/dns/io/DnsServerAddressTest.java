package io.meridian.dns.io;

import static io.meridian.dns.io.DnsMessages.LOOPBACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Replies leave from the address queried; wildcards become concrete addresses. */
class DnsServerAddressTest {

  private final EchoHandler handler = new EchoHandler();
  private DnsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static boolean canBind(InetAddress address) {
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, 0))) {
      return probe.isBound();
    } catch (IOException e) {
      return false;
    }
  }

  /** Starts on every address with one explicit port, retrying if another process takes it. */
  private List<InetSocketAddress> startOnOnePort(InetAddress... addresses) throws IOException {
    List<InetSocketAddress> listen = startAllOnOnePort(addresses);
    assertEquals(listen, server.boundAddresses());
    return listen;
  }

  /**
   * @return the listen addresses
   */
  private List<InetSocketAddress> startAllOnOnePort(InetAddress... addresses) throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port;
      try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(addresses[0], 0))) {
        port = probe.getLocalPort();
      }
      List<InetSocketAddress> listen =
          Arrays.stream(addresses).map(a -> new InetSocketAddress(a, port)).toList();
      try {
        server =
            DnsServer.start(DnsServerOptions.listen(listen).withUdpThreadsPerAddress(2), handler);
        return listen;
      } catch (IOException e) {
        last = e; // the port was taken in between
      }
    }
    throw last;
  }

  /** Sends from an unconnected socket, so that a reply from any source would be received. */
  private static InetAddress replySource(InetSocketAddress server, int id) throws IOException {
    InetAddress clientAddress =
        server.getAddress() instanceof Inet6Address ? server.getAddress() : LOOPBACK;
    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(clientAddress, 0))) {
      DatagramPacket reply = DnsMessages.udpExchange(client, server, id);
      DnsMessages.assertEcho(id, DnsMessages.payload(reply));
      return reply.getAddress();
    }
  }

  @Test
  void repliesFromTheAddressQueriedAmongSeveralOnOnePort() throws IOException {
    InetAddress second = InetAddress.getByName("127.0.0.2");
    assumeTrue(canBind(second), "127.0.0.2 is not a local address here");
    List<InetSocketAddress> bound = startOnOnePort(LOOPBACK, second);

    assertEquals(second, replySource(bound.get(1), 2));
    assertEquals(LOOPBACK, replySource(bound.get(0), 1));
    assertEquals(bound.get(1), handler.seen.remove().local());
    assertEquals(bound.get(0), handler.seen.remove().local());

    try (Socket tcp = DnsMessages.tcpConnect(bound.get(1))) {
      DnsMessages.tcpExchange(tcp, 3);
    }
    assertEquals(bound.get(1), handler.seen.remove().local());
  }

  @Test
  void servesIpv6Loopback() throws IOException {
    InetAddress ipv6 = InetAddress.getByName("::1");
    assumeTrue(canBind(ipv6), "::1 cannot be bound here");
    server = DnsServer.start(DnsServerOptions.listen(new InetSocketAddress(ipv6, 0)), handler);
    InetSocketAddress bound = server.boundAddresses().get(0);

    assertEquals(ipv6, replySource(bound, 4));
    try (Socket tcp = DnsMessages.tcpConnect(bound)) {
      DnsMessages.tcpExchange(tcp, 5);
    }
    assertEquals(
        List.of(bound, bound), handler.seen.stream().map(EchoHandler.Seen::local).toList());
  }

  @Test
  void expandsTheIpv4WildcardToConcreteAddressesOnOnePort() throws IOException {
    server =
        DnsServer.start(
            DnsServerOptions.listen(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0))
                .withUdpThreadsPerAddress(1),
            handler);
    List<InetSocketAddress> bound = server.boundAddresses();
    int port = bound.get(0).getPort();
    for (InetSocketAddress address : bound) {
      assertTrue(address.getAddress() instanceof Inet4Address, address.toString());
      assertTrue(!address.getAddress().isAnyLocalAddress(), address.toString());
      assertEquals(port, address.getPort(), "one port for UDP and TCP on every address");
    }
    InetSocketAddress loopback = new InetSocketAddress(LOOPBACK, port);
    assertTrue(bound.contains(loopback), bound.toString());

    assertEquals(LOOPBACK, replySource(loopback, 6));
    try (Socket tcp = DnsMessages.tcpConnect(loopback)) {
      DnsMessages.tcpExchange(tcp, 7);
    }
  }

  @Test
  void expandsTheIpv6WildcardToConcreteAddresses() throws IOException {
    InetAddress ipv6 = InetAddress.getByName("::1");
    assumeTrue(canBind(ipv6), "::1 cannot be bound here");
    server =
        DnsServer.start(
            DnsServerOptions.listen(new InetSocketAddress(InetAddress.getByName("::"), 0))
                .withUdpThreadsPerAddress(1),
            handler);
    List<InetSocketAddress> bound = server.boundAddresses();
    int port = bound.get(0).getPort();
    for (InetSocketAddress address : bound) {
      assertTrue(address.getAddress() instanceof Inet6Address, address.toString());
      assertEquals(port, address.getPort());
    }
    assertTrue(bound.contains(new InetSocketAddress(ipv6, port)), bound.toString());
    assertEquals(ipv6, replySource(new InetSocketAddress(ipv6, port), 8));
  }

  @Test
  void servesAnAddressCoveredByAWildcardOnlyOnce() throws IOException {
    List<InetSocketAddress> listen = startAllOnOnePort(InetAddress.getByName("0.0.0.0"), LOOPBACK);
    InetSocketAddress loopback = listen.get(1);
    List<InetSocketAddress> bound = server.boundAddresses();
    assertEquals(1, bound.stream().filter(loopback::equals).count(), bound.toString());
    String udpThreads = "dns-udp-" + SocketAddresses.format(loopback) + "-";
    assertEquals(2, Threads.alive().stream().filter(n -> n.startsWith(udpThreads)).count());
  }
}
