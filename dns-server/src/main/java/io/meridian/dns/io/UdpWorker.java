package io.meridian.dns.io;

import io.meridian.dns.io.Query.Transport;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * Serves one blocking {@link DatagramChannel} on the calling thread until the channel is closed:
 * receive, ask the handler, send the reply back from the same channel.
 *
 * <p>Blocking I/O on a dedicated platform thread, with one receive buffer reused for every packet,
 * keeps the UDP path free of per-packet allocations apart from the {@link Query} and the reply;
 * sending from the receiving channel makes the reply leave from the address the query was sent to.
 * Nothing a client sends may stop the loop, so handler failures are logged (throttled) and the next
 * packet is served.
 */
final class UdpWorker implements Runnable {

  /** The largest UDP payload; a smaller buffer would silently truncate large queries. */
  static final int MAX_DATAGRAM = 65535;

  private static final Logger LOG = System.getLogger(UdpWorker.class.getName());

  private final DatagramChannel channel;
  private final InetSocketAddress local;
  private final QueryHandler handler;
  private final LogThrottle handlerErrors;
  private final LogThrottle ioErrors;

  /**
   * @param local the address {@code channel} is bound to, reported as {@link Query#local()}
   * @param handlerErrors shared by the workers of one address, so that their throttling adds up
   * @param ioErrors likewise, for receive and send failures
   */
  UdpWorker(
      DatagramChannel channel,
      InetSocketAddress local,
      QueryHandler handler,
      LogThrottle handlerErrors,
      LogThrottle ioErrors) {
    this.channel = channel;
    this.local = local;
    this.handler = handler;
    this.handlerErrors = handlerErrors;
    this.ioErrors = ioErrors;
  }

  @Override
  public void run() {
    ByteBuffer in = ByteBuffer.allocate(MAX_DATAGRAM);
    byte[] buffer = in.array();
    while (channel.isOpen()) {
      in.clear();
      InetSocketAddress client;
      try {
        client = (InetSocketAddress) channel.receive(in);
      } catch (ClosedChannelException closed) {
        break; // also AsynchronousCloseException: the listener is shutting down
      } catch (IOException e) {
        ioErrors.log("UDP receive failed on " + SocketAddresses.format(local), e);
        continue;
      }
      byte[] reply = answer(new Query(buffer, in.position(), Transport.UDP, client, local));
      if (reply != null) {
        send(reply, client);
      }
    }
    LOG.log(Level.DEBUG, "UDP worker stopped on {0}", SocketAddresses.format(local));
  }

  private byte[] answer(Query query) {
    try {
      return handler.handle(query);
    } catch (Exception e) {
      handlerErrors.log(
          "query handler failed on a UDP query from "
              + SocketAddresses.format(query.client())
              + " to "
              + SocketAddresses.format(local)
              + "; query dropped",
          e);
      return null;
    }
  }

  private void send(byte[] reply, InetSocketAddress client) {
    try {
      channel.send(ByteBuffer.wrap(reply), client);
    } catch (ClosedChannelException closed) {
      // shutting down; the loop ends on its next check
    } catch (IOException e) {
      ioErrors.log(
          "UDP reply of "
              + reply.length
              + " bytes from "
              + SocketAddresses.format(local)
              + " to "
              + SocketAddresses.format(client)
              + " failed",
          e);
    }
  }
}
