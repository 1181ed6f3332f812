package io.meridian.dns.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Builds test queries and talks to a server over real sockets. */
final class DnsMessages {

  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private DnsMessages() {}

  /** A query-shaped message: a 12-byte header with {@code id} and one question for "a." A. */
  static byte[] query(int id) {
    return ByteBuffer.allocate(19)
        .putShort((short) id)
        .putShort((short) 0x0100) // RD
        .putShort((short) 1)
        .putShort((short) 0)
        .putShort((short) 0)
        .putShort((short) 0)
        .put(new byte[] {1, 'a', 0, 0, 1, 0, 1})
        .array();
  }

  static int id(byte[] message) {
    return ((message[0] & 0xFF) << 8) | (message[1] & 0xFF);
  }

  /** Asserts that {@code reply} is the echo of {@link #query(int)} with QR set. */
  static void assertEcho(int id, byte[] reply) {
    byte[] expected = query(id);
    expected[2] |= (byte) 0x80;
    assertEquals(Arrays.toString(expected), Arrays.toString(reply));
  }

  /** {@code message} with its two-byte length prefix. */
  static byte[] framed(byte[] message) {
    return ByteBuffer.allocate(2 + message.length)
        .putShort((short) message.length)
        .put(message)
        .array();
  }

  /** Sends {@code query(id)} and returns the reply's packet, resending a few times if lost. */
  static DatagramPacket udpExchange(DatagramSocket socket, InetSocketAddress server, int id)
      throws IOException {
    byte[] query = query(id);
    socket.setSoTimeout(2000);
    for (int attempt = 0; attempt < 5; attempt++) {
      socket.send(new DatagramPacket(query, query.length, server));
      try {
        while (true) {
          DatagramPacket packet = new DatagramPacket(new byte[512], 512);
          socket.receive(packet);
          if (packet.getLength() >= 2 && id(packet.getData()) == id) {
            return packet;
          }
        }
      } catch (SocketTimeoutException lost) {
        // resend
      }
    }
    throw new AssertionError("no UDP reply for query " + id + " from " + server);
  }

  static byte[] payload(DatagramPacket packet) {
    return Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getLength());
  }

  /** A TCP client socket to {@code server} whose reads give up after 10 s. */
  static Socket tcpConnect(InetSocketAddress server) throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(server, 10_000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  static void tcpWrite(Socket socket, byte[] bytes) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  /** Reads one length-prefixed message. */
  static byte[] tcpRead(Socket socket) throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] message = new byte[in.readUnsignedShort()];
    in.readFully(message);
    return message;
  }

  /** Sends one query on {@code socket} and asserts its echo comes back. */
  static void tcpExchange(Socket socket, int id) throws IOException {
    tcpWrite(socket, framed(query(id)));
    byte[] reply = tcpRead(socket);
    assertEcho(id, reply);
  }

  /**
   * True when the server has closed {@code socket}: a read sees end of stream or a reset. False
   * when nothing arrives within 200 ms, so that callers can poll with Awaitility.
   */
  static boolean closedByServer(Socket socket) throws IOException {
    int previousTimeout = socket.getSoTimeout();
    socket.setSoTimeout(200);
    try {
      int b = socket.getInputStream().read();
      assertTrue(b == -1, "expected end of stream, got data byte " + b);
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    } finally {
      if (!socket.isClosed()) {
        socket.setSoTimeout(previousTimeout);
      }
    }
  }
}
