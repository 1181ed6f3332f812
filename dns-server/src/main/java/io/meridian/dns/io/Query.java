package io.meridian.dns.io;

import java.net.InetSocketAddress;

/**
 * One query as it arrived: {@code length} bytes of {@code buffer}, starting at offset 0.
 *
 * @param transport UDP replies must fit the client's advertised size; TCP replies may be 65535
 * @param client the source of the query
 * @param local the address and port the query was sent to
 */
public record Query(
    byte[] buffer,
    int length,
    Transport transport,
    InetSocketAddress client,
    InetSocketAddress local) {

  /** How a query arrived. */
  public enum Transport {
    UDP,
    TCP
  }
}
