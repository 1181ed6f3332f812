package io.meridian.dns.io;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs a recurring per-packet problem at most once per interval, counting what it held back. Errors
 * that a client can trigger with every packet (a query that makes the handler throw, a reply the
 * network refuses) would otherwise let that client flood the log and slow every I/O thread down
 * with it. Thread-safe and allocation-free when it drops a message.
 */
final class LogThrottle {

  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Logger logger;
  private final Level level;
  private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());
  private final AtomicLong suppressed = new AtomicLong();

  LogThrottle(Logger logger, Level level) {
    this.logger = logger;
    this.level = level;
  }

  /** Logs {@code message} and {@code error}, unless another message was logged too recently. */
  void log(String message, Throwable error) {
    long now = System.nanoTime();
    long next = nextLogNanos.get();
    if (now - next < 0 || !nextLogNanos.compareAndSet(next, now + INTERVAL_NANOS)) {
      suppressed.incrementAndGet();
      return;
    }
    if (!logger.isLoggable(level)) {
      return;
    }
    long dropped = suppressed.getAndSet(0);
    logger.log(
        level,
        dropped == 0 ? message : message + " (" + dropped + " similar messages suppressed)",
        error);
  }
}
