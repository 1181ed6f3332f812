package io.meridian.dns.io;

import static io.meridian.dns.io.DnsMessages.LOOPBACK;
import static io.meridian.dns.io.DnsMessages.assertEcho;
import static io.meridian.dns.io.DnsMessages.closedByServer;
import static io.meridian.dns.io.DnsMessages.framed;
import static io.meridian.dns.io.DnsMessages.query;
import static io.meridian.dns.io.DnsMessages.tcpConnect;
import static io.meridian.dns.io.DnsMessages.tcpExchange;
import static io.meridian.dns.io.DnsMessages.tcpRead;
import static io.meridian.dns.io.DnsMessages.tcpWrite;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DnsServerTcpTest {

  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private final EchoHandler handler = new EchoHandler();
  private final List<Socket> clients = new ArrayList<>();
  private DnsServer server;
  private InetSocketAddress address;

  @AfterEach
  void stop() throws IOException {
    for (Socket client : clients) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private void start(UnaryOperator<DnsServerOptions> configure) throws IOException {
    server =
        DnsServer.start(
            configure.apply(DnsServerOptions.listen(new InetSocketAddress(LOOPBACK, 0))), handler);
    address = server.boundAddresses().get(0);
  }

  private Socket connect() throws IOException {
    Socket socket = tcpConnect(address);
    clients.add(socket);
    return socket;
  }

  /** The server still works: a new connection gets an answer. */
  private void assertServing() throws IOException {
    tcpExchange(connect(), 4242);
  }

  @Test
  void answersAQueryAndReportsBothEnds() throws IOException {
    start(o -> o);
    Socket client = connect();
    tcpExchange(client, 1);
    EchoHandler.Seen seen = handler.seen.remove();
    assertEquals(Query.Transport.TCP, seen.transport());
    assertEquals(19, seen.length());
    assertEquals(address, seen.local());
    assertEquals(client.getLocalSocketAddress(), seen.client());
  }

  @Test
  void answersPipelinedQueriesInOrder() throws IOException {
    start(o -> o);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int id = 100; id < 120; id++) {
      all.writeBytes(framed(query(id)));
    }
    Socket client = connect();
    tcpWrite(client, all.toByteArray());
    for (int id = 100; id < 120; id++) {
      assertEcho(id, tcpRead(client));
    }
  }

  @Test
  void reassemblesAQuerySentOneByteAtATime() throws IOException {
    start(o -> o);
    Socket client = connect();
    for (byte b : framed(query(5))) {
      tcpWrite(client, new byte[] {b});
    }
    assertEcho(5, tcpRead(client));
    tcpExchange(client, 6); // the decoder is back at a message boundary
  }

  @Test
  void sendsNothingForADroppedQueryButAnswersTheNext() throws IOException {
    start(o -> o);
    Socket client = connect();
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes(framed(query(EchoHandler.DROP)));
    both.writeBytes(framed(query(8)));
    tcpWrite(client, both.toByteArray());
    assertEcho(8, tcpRead(client));
  }

  @Test
  void answersEarlierQueriesThenClosesOnAZeroLengthMessage() throws IOException {
    start(o -> o);
    Socket client = connect();
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes(framed(query(9)));
    both.writeBytes(new byte[] {0, 0});
    tcpWrite(client, both.toByteArray());
    assertEcho(9, tcpRead(client));
    await().atMost(PATIENCE).until(() -> closedByServer(client));
    assertServing();
  }

  @Test
  void closesTheConnectionWhenTheHandlerThrows() throws IOException {
    start(o -> o);
    Socket client = connect();
    tcpWrite(client, framed(query(EchoHandler.THROW)));
    await().atMost(PATIENCE).until(() -> closedByServer(client));
    assertServing();
  }

  @Test
  void closesIdleConnections() throws IOException {
    start(o -> o.withTcpIdleTimeout(Duration.ofMillis(300)));
    Socket client = connect();
    tcpExchange(client, 10);
    await().atMost(PATIENCE).until(() -> closedByServer(client));
    assertServing();
  }

  @Test
  void closesConnectionsAboveTheMaximum() throws IOException {
    start(o -> o.withTcpMaxConnections(2));
    Socket first = connect();
    Socket second = connect();
    tcpExchange(first, 1); // both accepted and counted
    tcpExchange(second, 2);

    Socket third = connect(); // the kernel accepts it; the server then closes it
    await().atMost(PATIENCE).until(() -> closedByServer(third));

    first.close();
    // once the server has seen the close, a new connection fits again
    await()
        .atMost(PATIENCE)
        .ignoreExceptions()
        .untilAsserted(() -> tcpExchange(tcpConnect(address), 3));
    tcpExchange(second, 4);
  }

  @Test
  void spreadsConnectionsOverSeveralEventLoops() throws IOException {
    assumeTrue(
        Runtime.getRuntime().availableProcessors() >= 2, "needs two cores for two event loops");
    start(o -> o);
    for (int i = 0; i < 8; i++) {
      tcpExchange(connect(), i);
    }
    Set<String> threads = new HashSet<>();
    handler.seen.forEach(s -> threads.add(s.thread()));
    assertTrue(threads.size() >= 2, "connections all handled on " + threads);
  }
}
