package io.meridian.balancer.config;

import java.time.Duration;

/**
 * What a client may send and how slowly.
 *
 * @param maxHeaderSize bytes of all request headers together; larger requests get 431
 * @param maxBodySize bytes of a request body; a larger declared length gets 413 before routing, a
 *     body of unknown length (chunked) that grows past it gets 413 and the connection closed
 * @param headerTimeout time from a connection opening (or the previous response ending) until the
 *     request's headers are complete; slower clients are disconnected (slowloris)
 * @param idleTimeout a client connection with no traffic for this long is closed
 */
public record LimitsConfig(
    int maxHeaderSize, long maxBodySize, Duration headerTimeout, Duration idleTimeout) {

  public static final int DEFAULT_MAX_HEADER_SIZE = 16 * 1024;
  public static final long DEFAULT_MAX_BODY_SIZE = 10L * 1024 * 1024;
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

  public static LimitsConfig defaults() {
    return new LimitsConfig(
        DEFAULT_MAX_HEADER_SIZE,
        DEFAULT_MAX_BODY_SIZE,
        DEFAULT_HEADER_TIMEOUT,
        DEFAULT_IDLE_TIMEOUT);
  }
}
