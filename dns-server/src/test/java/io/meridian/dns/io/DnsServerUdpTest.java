package io.meridian.dns.io;

import static io.meridian.dns.io.DnsMessages.LOOPBACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DnsServerUdpTest {

  private final EchoHandler handler = new EchoHandler();
  private DnsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private InetSocketAddress start(int udpThreads) throws Exception {
    server =
        DnsServer.start(
            DnsServerOptions.listen(new InetSocketAddress(LOOPBACK, 0))
                .withUdpThreadsPerAddress(udpThreads),
            handler);
    List<InetSocketAddress> bound = server.boundAddresses();
    assertEquals(1, bound.size());
    assertNotEquals(0, bound.get(0).getPort());
    return bound.get(0);
  }

  @Test
  void answersAQueryAndReportsBothEnds() throws Exception {
    InetSocketAddress address = start(2);
    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      DatagramPacket reply = DnsMessages.udpExchange(client, address, 1);
      DnsMessages.assertEcho(1, DnsMessages.payload(reply));
      assertEquals(address, reply.getSocketAddress());

      EchoHandler.Seen seen = handler.seen.remove();
      assertEquals(Query.Transport.UDP, seen.transport());
      assertEquals(19, seen.length());
      assertEquals(address, seen.local());
      assertEquals(client.getLocalSocketAddress(), seen.client());
    }
  }

  @Test
  void answersManyConcurrentClients() throws Exception {
    InetSocketAddress address = start(2);
    int clients = 8;
    int queriesEach = 50;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int base = c * 1000;
        done.add(
            pool.submit(
                () -> {
                  try (DatagramSocket client =
                      new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
                    for (int q = 0; q < queriesEach; q++) {
                      DnsMessages.assertEcho(
                          base + q,
                          DnsMessages.payload(DnsMessages.udpExchange(client, address, base + q)));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(handler.seen.size() >= clients * queriesEach);
  }

  @Test
  void runsTheConfiguredNumberOfNamedThreads() throws Exception {
    InetSocketAddress address = start(3);
    String prefix = "dns-udp-" + SocketAddresses.format(address) + "-";
    assertEquals(
        List.of(prefix + 0, prefix + 1, prefix + 2),
        Threads.alive().stream().filter(n -> n.startsWith(prefix)).sorted().toList());
  }

  @Test
  void keepsServingAfterTheHandlerThrows() throws Exception {
    InetSocketAddress address = start(1);
    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      byte[] failing = DnsMessages.query(EchoHandler.THROW);
      byte[] dropped = DnsMessages.query(EchoHandler.DROP);
      client.send(new DatagramPacket(failing, failing.length, address));
      client.send(new DatagramPacket(dropped, dropped.length, address));
      // the single thread must get past both to answer this one; neither gets a reply
      DnsMessages.assertEcho(7, DnsMessages.payload(DnsMessages.udpExchange(client, address, 7)));
      assertEquals(
          List.of(EchoHandler.THROW, EchoHandler.DROP, 7),
          handler.seen.stream().map(EchoHandler.Seen::id).distinct().toList());
    }
  }
}
