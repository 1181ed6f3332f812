package io.meridian.dns.io;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open TCP connections against a maximum shared by every address of a server, so that
 * clients cannot exhaust file descriptors or memory by opening connections. Thread-safe: event
 * loops accept concurrently.
 */
final class ConnectionLimit {

  private final int max;
  private final AtomicInteger open = new AtomicInteger();

  ConnectionLimit(int max) {
    this.max = max;
  }

  /** Counts one more connection, unless that would exceed the maximum. */
  boolean tryAcquire() {
    int current;
    do {
      current = open.get();
      if (current >= max) {
        return false;
      }
    } while (!open.compareAndSet(current, current + 1));
    return true;
  }

  /** Counts one connection fewer; call exactly once per successful {@link #tryAcquire}. */
  void release() {
    open.decrementAndGet();
  }
}
