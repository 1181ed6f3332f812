package io.meridian.balancer.proxy;

import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * The {@code X-Request-Id} rule: a well-formed id from the client (1-128
 * letters, digits, {@code -_.:}) is kept, anything else is replaced by a per-process random
 * prefix plus a counter (unique, cheap, sorted in arrival order). Checked by a loop rather than a
 * regular expression: this runs on every request.
 */
final class RequestIds {

  static final String HEADER = "x-request-id";

  private final String prefix;
  private final AtomicLong counter = new AtomicLong();

  RequestIds(RandomGenerator random) {
    this.prefix = String.format("%08x-", random.nextInt());
  }

  /** {@code offered} when it is a valid id, otherwise a new one. */
  String keepOrCreate(String offered) {
    return valid(offered) ? offered : prefix + Long.toHexString(counter.incrementAndGet());
  }

  static boolean valid(String id) {
    if (id == null || id.isEmpty() || id.length() > 128) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
