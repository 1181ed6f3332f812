package io.meridian.dns.io;

import static io.meridian.dns.io.DnsMessages.LOOPBACK;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Starting, failing to start and stopping leave no socket or thread behind. */
class DnsServerLifecycleTest {

  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private final EchoHandler handler = new EchoHandler();
  private DnsServer server;

  /** Server threads alive before the test; other tests' Vert.x instances may still be closing. */
  private int baseline;

  @BeforeEach
  void countServerThreads() {
    baseline = Threads.serverThreads().size();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static DnsServerOptions on(InetSocketAddress address) {
    return DnsServerOptions.listen(address);
  }

  /**
   * A plain socket without SO_REUSEPORT, and a TCP listener, can take the port: nothing holds it.
   */
  private static void assertPortFree(InetSocketAddress address) throws IOException {
    try (DatagramSocket udp = new DatagramSocket(address);
        ServerSocket tcp = new ServerSocket(address.getPort(), 50, address.getAddress())) {
      assertEquals(address.getPort(), udp.getLocalPort());
      assertEquals(address.getPort(), tcp.getLocalPort());
    }
  }

  /** Everything the test started has stopped: no UDP worker, no Vert.x thread is left over. */
  private void assertNoServerThreads() {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              List<String> threads = Threads.serverThreads();
              assertTrue(threads.size() <= baseline, "still running: " + threads);
            });
  }

  @Test
  void closeStopsTheThreadsAndReleasesThePort() throws IOException {
    server = DnsServer.start(on(new InetSocketAddress(LOOPBACK, 0)), handler);
    InetSocketAddress address = server.boundAddresses().get(0);
    try (Socket tcp = DnsMessages.tcpConnect(address)) {
      DnsMessages.tcpExchange(tcp, 1);
    }
    server.close();
    server.close(); // idempotent

    assertNoServerThreads();
    assertPortFree(address);

    server = DnsServer.start(on(address), handler); // the same port again
    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      DnsMessages.udpExchange(client, address, 2);
    }
  }

  @Test
  void failsNamingTheAddressWhenTheUdpPortIsTaken() throws IOException {
    InetSocketAddress address;
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      address = (InetSocketAddress) taken.getLocalSocketAddress();
      IOException e = assertThrows(IOException.class, () -> DnsServer.start(on(address), handler));
      assertTrue(e.getMessage().contains("UDP " + SocketAddresses.format(address)), e.getMessage());
      assertNoServerThreads();
    }
    assertPortFree(address);
  }

  @Test
  void failsNamingTheAddressWhenTheTcpPortIsTakenAndReleasesUdp() throws IOException {
    InetSocketAddress address;
    try (ServerSocket taken = new ServerSocket(0, 50, LOOPBACK)) {
      address = (InetSocketAddress) taken.getLocalSocketAddress();
      IOException e = assertThrows(IOException.class, () -> DnsServer.start(on(address), handler));
      assertTrue(e.getMessage().contains("TCP " + SocketAddresses.format(address)), e.getMessage());
      assertNoServerThreads();
    }
    assertPortFree(address);
  }

  @Test
  void aSecondServerOnTheSamePortFails() throws IOException {
    server = DnsServer.start(on(new InetSocketAddress(LOOPBACK, 0)), handler);
    InetSocketAddress address = server.boundAddresses().get(0);
    IOException e = assertThrows(IOException.class, () -> DnsServer.start(on(address), handler));
    assertTrue(e.getMessage().contains(SocketAddresses.format(address)), e.getMessage());

    // the first server is unharmed, and the failed one left no UDP thread behind
    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      DnsMessages.udpExchange(client, address, 3);
    }
    String udpThreads = "dns-udp-" + SocketAddresses.format(address) + "-";
    assertEquals(
        server.boundAddresses().size() * Runtime.getRuntime().availableProcessors(),
        Threads.alive().stream().filter(n -> n.startsWith(udpThreads)).count());
  }

  @Test
  void failsWhenAnyListenAddressFailsAndClosesTheOthers() throws IOException {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      InetSocketAddress busy = (InetSocketAddress) taken.getLocalSocketAddress();
      assertThrows(
          IOException.class,
          () ->
              DnsServer.start(
                  DnsServerOptions.listen(List.of(new InetSocketAddress(LOOPBACK, 0), busy)),
                  handler));
      assertNoServerThreads();
    }
  }
}
