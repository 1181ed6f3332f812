package io.meridian.dns.io;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A real handler for tests: echoes each query with the QR bit set and records what it saw. Query
 * IDs {@link #THROW} and {@link #DROP} make it throw or return null.
 */
final class EchoHandler implements QueryHandler {

  static final int THROW = 0xDEAD;
  static final int DROP = 0xD0D0;

  /** What one call saw. */
  record Seen(
      int id,
      int length,
      Query.Transport transport,
      InetSocketAddress client,
      InetSocketAddress local,
      String thread) {}

  final Queue<Seen> seen = new ConcurrentLinkedQueue<>();

  @Override
  public byte[] handle(Query query) {
    int id = query.length() >= 2 ? DnsMessages.id(query.buffer()) : -1;
    seen.add(
        new Seen(
            id,
            query.length(),
            query.transport(),
            query.client(),
            query.local(),
            Thread.currentThread().getName()));
    if (id == THROW) {
      throw new IllegalStateException("test handler failure");
    }
    if (id == DROP) {
      return null;
    }
    byte[] reply = Arrays.copyOf(query.buffer(), query.length());
    reply[2] |= (byte) 0x80;
    return reply;
  }
}
