package io.meridian.dns.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsServerOptionsTest {

  private static final DnsServerOptions DEFAULTS =
      DnsServerOptions.listen(new InetSocketAddress(DnsMessages.LOOPBACK, 53));

  private static void assertRejected(String message, Runnable build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
    assertEquals(message, e.getMessage());
  }

  @Test
  void hasDocumentedDefaults() {
    assertEquals(Runtime.getRuntime().availableProcessors(), DEFAULTS.udpThreadsPerAddress());
    assertEquals(Duration.ofSeconds(10), DEFAULTS.tcpIdleTimeout());
    assertEquals(1000, DEFAULTS.tcpMaxConnections());
  }

  @Test
  void rejectsBadValuesWithTheirName() {
    assertRejected(
        "listen must name at least one address", () -> DnsServerOptions.listen(List.of()));
    assertRejected(
        "listen address must be resolved: nowhere.invalid:53",
        () -> DnsServerOptions.listen(InetSocketAddress.createUnresolved("nowhere.invalid", 53)));
    InetSocketAddress dns = new InetSocketAddress(DnsMessages.LOOPBACK, 53);
    assertRejected("listen names 127.0.0.1:53 twice", () -> DnsServerOptions.listen(dns, dns));
    assertRejected(
        "udpThreadsPerAddress must be positive, was 0", () -> DEFAULTS.withUdpThreadsPerAddress(0));
    assertRejected(
        "tcpIdleTimeout must be positive (at least 1 ms), was PT0S",
        () -> DEFAULTS.withTcpIdleTimeout(Duration.ZERO));
    assertRejected(
        "tcpIdleTimeout must be positive (at least 1 ms), was PT-1S",
        () -> DEFAULTS.withTcpIdleTimeout(Duration.ofSeconds(-1)));
    assertRejected(
        "tcpIdleTimeout must be at most PT596H31M23.647S, was PT8760H",
        () -> DEFAULTS.withTcpIdleTimeout(Duration.ofDays(365)));
    assertRejected(
        "tcpMaxConnections must be positive, was -1", () -> DEFAULTS.withTcpMaxConnections(-1));
  }

  @Test
  void copiesTheListenList() {
    List<InetSocketAddress> listen = new ArrayList<>(DEFAULTS.listen());
    DnsServerOptions options = DnsServerOptions.listen(listen);
    listen.clear();
    assertEquals(1, options.listen().size());
  }

  @Test
  void allowsSeveralEphemeralPortsOnOneAddress() {
    InetSocketAddress any = new InetSocketAddress(DnsMessages.LOOPBACK, 0);
    assertEquals(2, DnsServerOptions.listen(any, any).listen().size());
  }
}
