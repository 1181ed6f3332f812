package io.meridian.dns.io;

import io.meridian.dns.io.Query.Transport;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * One DNS-over-TCP connection: decodes length-prefixed queries, answers each in order on the event
 * loop, and writes each reply with its own length prefix.
 *
 * <p>Queries are answered one after the other as they are decoded, so pipelined queries (RFC 7766
 * section 6.2.1.1) get their replies in order without any queue. A client that sends faster than it
 * reads replies is paused until its replies drain, so it cannot grow the write queue without bound.
 * A zero-length message, a handler failure or a reply too long to frame ends the connection: none
 * of them can be answered meaningfully, and closing is the safe reaction.
 */
final class TcpConnection {

  private static final Logger LOG = System.getLogger(TcpConnection.class.getName());

  private static final int MAX_MESSAGE = 0xFFFF;

  private final NetSocket socket;
  private final QueryHandler handler;
  private final InetSocketAddress client;
  private final InetSocketAddress local;
  private final LogThrottle errors;

  private TcpConnection(
      NetSocket socket,
      QueryHandler handler,
      InetSocketAddress client,
      InetSocketAddress local,
      LogThrottle errors) {
    this.socket = socket;
    this.handler = handler;
    this.client = client;
    this.local = local;
    this.errors = errors;
  }

  /**
   * Serves {@code socket}, which has been counted in {@code limit}; releases it when it closes.
   *
   * @param local the concrete address the listener is bound to
   * @param scratch shared by every connection of the calling event loop (see {@link
   *     TcpFrameDecoder})
   * @param errors throttles the failures logged for all connections of the listener
   */
  static void serve(
      NetSocket socket,
      InetSocketAddress local,
      QueryHandler handler,
      byte[] scratch,
      ConnectionLimit limit,
      LogThrottle errors) {
    socket.closeHandler(closed -> limit.release());
    InetSocketAddress client;
    try {
      client = toInet(socket.remoteAddress());
    } catch (UnknownHostException e) {
      errors.log("cannot read the address of a TCP client on " + SocketAddresses.format(local), e);
      socket.close();
      return;
    }
    TcpConnection connection = new TcpConnection(socket, handler, client, local, errors);
    TcpFrameDecoder decoder = new TcpFrameDecoder(scratch, connection::answer);
    socket.handler(decoder::feed);
    socket.exceptionHandler(connection::failed);
  }

  /** Vert.x reports the peer as text; an IP literal is parsed without any DNS lookup. */
  private static InetSocketAddress toInet(io.vertx.core.net.SocketAddress address)
      throws UnknownHostException {
    return new InetSocketAddress(InetAddress.getByName(address.hostAddress()), address.port());
  }

  private boolean answer(byte[] buffer, int length) {
    if (length == 0) {
      LOG.log(Level.DEBUG, "zero-length TCP message from {0}; closing", describe());
      socket.close();
      return false;
    }
    byte[] reply;
    try {
      reply = handler.handle(new Query(buffer, length, Transport.TCP, client, local));
    } catch (Exception e) {
      errors.log("query handler failed on a TCP query from " + describe() + "; closing", e);
      socket.close();
      return false;
    }
    if (reply == null) {
      return true;
    }
    if (reply.length > MAX_MESSAGE) {
      errors.log(
          "TCP reply of " + reply.length + " bytes to " + describe() + " cannot be framed; closing",
          null);
      socket.close();
      return false;
    }
    socket.write(
        Buffer.buffer(reply.length + 2).appendUnsignedShort(reply.length).appendBytes(reply));
    if (socket.writeQueueFull()) {
      socket.pause();
      socket.drainHandler(drained -> socket.resume());
    }
    return true;
  }

  private void failed(Throwable error) {
    // usually a client reset; nothing to do but close
    LOG.log(Level.DEBUG, () -> "TCP connection " + describe() + " failed: " + error);
    socket.close();
  }

  private String describe() {
    return SocketAddresses.format(client) + " -> " + SocketAddresses.format(local);
  }
}
