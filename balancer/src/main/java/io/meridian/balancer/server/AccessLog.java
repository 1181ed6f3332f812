package io.meridian.balancer.server;

import java.time.Instant;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One line per request, written when the response has been sent:
 *
 * <pre>127.0.0.1 "GET /api/x HTTP/1.1" 200 3 1.42ms group=api id=1a2b3c4d-5</pre>
 *
 * (client, request line, status, body bytes sent, time from the request's headers to the end of
 * the response, the route's group, the request id). Lines go to a sink: the {@code
 * io.meridian.balancer.access} logger by default, a list in tests.
 */
public final class AccessLog {

  private final Consumer<String> sink;

  public AccessLog(Consumer<String> sink) {
    this.sink = sink;
  }

  public static AccessLog toLogger() {
    Logger logger = Logger.getLogger("io.meridian.balancer.access");
    return new AccessLog(logger::info);
  }

  void record(
      String client,
      String method,
      String uri,
      String version,
      int status,
      long bytes,
      String requestId,
      String label,
      long startNanos,
      long endNanos) {
    sink.accept(
        client
            + " \""
            + method
            + " "
            + uri
            + " "
            + version
            + "\" "
            + status
            + " "
            + bytes
            + " "
            + String.format("%.2fms", (endNanos - startNanos) / 1e6)
            + " group="
            + label
            + " id="
            + (requestId == null ? "-" : requestId)
            + " at="
            + Instant.now());
  }
}
