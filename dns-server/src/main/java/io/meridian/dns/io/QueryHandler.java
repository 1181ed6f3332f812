package io.meridian.dns.io;

/**
 * Turns one DNS query into one reply. Called concurrently on I/O threads: implementations must be
 * thread-safe and must never block.
 */
@FunctionalInterface
public interface QueryHandler {

  /**
   * Answers {@code query}. The query's buffer belongs to the caller and is reused once this
   * returns.
   *
   * @return the reply in wire format, or {@code null} to send nothing (the query is dropped)
   */
  byte[] handle(Query query);
}
