package io.meridian.balancer.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.balancer.config.GroupConfig.RetryConfig;
import io.meridian.balancer.config.GroupConfig.RetryOn;
import io.netty.handler.codec.http.HttpMethod;
import java.net.ConnectException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static RetryPolicy on(RetryOn... kinds) {
    return new RetryPolicy(new RetryConfig(true, 20, 3, Set.of(kinds)));
  }

  @Test
  void onlyIdempotentMethodsOfAnEnabledPolicy() {
    RetryPolicy policy = on(RetryOn.HTTP_5XX);
    for (HttpMethod m : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
        HttpMethod.TRACE, HttpMethod.PUT, HttpMethod.DELETE}) {
      assertTrue(policy.mayRetry(m), m.name());
    }
    assertFalse(policy.mayRetry(HttpMethod.POST));
    assertFalse(policy.mayRetry(HttpMethod.PATCH));
    assertFalse(new RetryPolicy(new RetryConfig(false, 20, 3, Set.of(RetryOn.HTTP_5XX))).mayRetry(HttpMethod.GET));
  }

  @Test
  void statuses() {
    assertEquals(Optional.of(RetryOn.HTTP_5XX), on(RetryOn.HTTP_5XX).forStatus(500, false));
    assertEquals(Optional.of(RetryOn.HTTP_5XX), on(RetryOn.HTTP_5XX, RetryOn.GATEWAY_ERROR).forStatus(503, false));
    assertEquals(Optional.empty(), on(RetryOn.HTTP_5XX).forStatus(404, false));
    assertEquals(Optional.empty(), on(RetryOn.HTTP_5XX).forStatus(503, true), "a sent body cannot be replayed");
    assertEquals(Optional.of(RetryOn.GATEWAY_ERROR), on(RetryOn.GATEWAY_ERROR).forStatus(502, false));
    assertEquals(Optional.of(RetryOn.GATEWAY_ERROR), on(RetryOn.GATEWAY_ERROR).forStatus(504, false));
    assertEquals(Optional.empty(), on(RetryOn.GATEWAY_ERROR).forStatus(500, false));
    assertEquals(Optional.empty(), on(RetryOn.CONNECT_FAILURE, RetryOn.TIMEOUT).forStatus(503, false));
  }

  @Test
  void failures() {
    Throwable refused = new ConnectException("refused");
    Throwable timeout = new TimeoutException("no response");
    RetryPolicy connectOnly = on(RetryOn.CONNECT_FAILURE);
    assertEquals(Optional.of(RetryOn.CONNECT_FAILURE), connectOnly.forFailure(refused, false, true),
        "nothing was sent, so even a request with a body may go elsewhere");
    assertEquals(Optional.empty(), connectOnly.forFailure(timeout, true, false));
    RetryPolicy timeouts = on(RetryOn.TIMEOUT);
    assertEquals(Optional.of(RetryOn.TIMEOUT), timeouts.forFailure(timeout, true, false));
    assertEquals(Optional.empty(), timeouts.forFailure(timeout, true, true));
    assertEquals(Optional.empty(), timeouts.forFailure(refused, false, false));
    assertEquals(Optional.empty(), timeouts.forFailure(new RuntimeException("reset"), true, false));
  }
}
