package io.meridian.balancer.proxy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header value of now (RFC 9110 IMF-fixdate), formatted at most once a second
 * instead of once per response: the forwarder adds it to responses that have none.
 */
final class HttpDate {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private record Cached(long second, String value) {}

  private static volatile Cached cached = new Cached(Long.MIN_VALUE, "");

  private HttpDate() {}

  static String now() {
    long second = System.currentTimeMillis() / 1000;
    Cached c = cached;
    if (c.second != second) {
      c = new Cached(second, FORMAT.format(Instant.ofEpochSecond(second)));
      cached = c;
    }
    return c.value;
  }
}
