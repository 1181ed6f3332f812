package io.meridian.dns.query;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** Sends bytes as they are, for queries no well-behaved client would send. */
final class RawDns {

  private RawDns() {}

  /**
   * @return the reply, or null when none came within {@code timeoutMillis}
   */
  static byte[] udp(InetSocketAddress server, byte[] query, int timeoutMillis) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(timeoutMillis);
      socket.send(new DatagramPacket(query, query.length, server));
      byte[] buffer = new byte[65535];
      DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(reply);
      } catch (SocketTimeoutException e) {
        return null;
      }
      return Arrays.copyOf(buffer, reply.getLength());
    }
  }

  /** Writes all {@code queries} back to back on one connection, then reads one reply for each. */
  static byte[][] tcpPipelined(InetSocketAddress server, byte[]... queries) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(server, 5000);
      socket.setSoTimeout(5000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      DataOutputStream frames = new DataOutputStream(all);
      for (byte[] query : queries) {
        frames.writeShort(query.length);
        frames.write(query);
      }
      out.write(all.toByteArray()); // one write: the server sees them pipelined
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[][] replies = new byte[queries.length][];
      for (int i = 0; i < queries.length; i++) {
        replies[i] = new byte[in.readUnsignedShort()];
        in.readFully(replies[i]);
      }
      return replies;
    }
  }
}
