package io.meridian.balancer.proxy;

import static java.util.Objects.requireNonNull;

import io.meridian.balancer.config.GroupConfig.RetryConfig;
import io.meridian.balancer.config.GroupConfig.RetryOn;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Optional;
import java.util.Set;

/**
 * Which outcome of an attempt may be retried (Envoy's {@code retry_on}), as a pure function of
 * the method, whether the request had a body, and what came back. Whether the budget allows it
 * and whether another target exists is {@link Forwarder}'s business.
 *
 * <p>Only idempotent methods are retried. A connect failure sent nothing, so the request is
 * retried whatever its body (the body has not been read yet). After the request went out, its
 * body has been consumed and could not be replayed, so a 5xx or a timeout is only retried when
 * the request had no body at all.
 */
final class RetryPolicy {

  private static final Set<HttpMethod> IDEMPOTENT =
      Set.of(
          HttpMethod.GET,
          HttpMethod.HEAD,
          HttpMethod.OPTIONS,
          HttpMethod.TRACE,
          HttpMethod.PUT,
          HttpMethod.DELETE);

  private final RetryConfig config;

  RetryPolicy(RetryConfig config) {
    this.config = requireNonNull(config, "config");
  }

  /** Whether requests of {@code method} may be retried at all. */
  boolean mayRetry(HttpMethod method) {
    return config.enabled() && !config.on().isEmpty() && IDEMPOTENT.contains(method);
  }

  /** Why a response with {@code status} should be retried, if it should. */
  Optional<RetryOn> forStatus(int status, boolean hadBody) {
    if (hadBody || status < 500 || status > 599) {
      return Optional.empty();
    }
    if (config.on().contains(RetryOn.HTTP_5XX)) {
      return Optional.of(RetryOn.HTTP_5XX);
    }
    boolean gateway = status == 502 || status == 503 || status == 504;
    return gateway && config.on().contains(RetryOn.GATEWAY_ERROR)
        ? Optional.of(RetryOn.GATEWAY_ERROR)
        : Optional.empty();
  }

  /**
   * Why a failed attempt should be retried, if it should.
   *
   * @param connected whether a connection to the target had been obtained (the request was sent)
   */
  Optional<RetryOn> forFailure(Throwable failure, boolean connected, boolean hadBody) {
    if (!connected) {
      return config.on().contains(RetryOn.CONNECT_FAILURE)
          ? Optional.of(RetryOn.CONNECT_FAILURE)
          : Optional.empty();
    }
    boolean timeout = FailureStatus.of(failure) == 504;
    return timeout && !hadBody && config.on().contains(RetryOn.TIMEOUT)
        ? Optional.of(RetryOn.TIMEOUT)
        : Optional.empty();
  }
}
