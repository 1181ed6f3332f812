package io.meridian.balancer.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.VertxException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Every kind of failure and the status it becomes. */
class FailureStatusTest {

  @Test
  void mapsFailuresToStatuses() {
    assertEquals(429, FailureStatus.of(new BalancerFailure(429, "slow down")));
    assertEquals(503, FailureStatus.of(TargetPool.FULL));
    assertEquals(504, FailureStatus.of(new io.netty.channel.ConnectTimeoutException("connect")));
    assertEquals(504, FailureStatus.of(new TimeoutException("late")));
    assertEquals(504, FailureStatus.of(new VertxException("wrapped", new TimeoutException("late"))));
    assertEquals(502, FailureStatus.of(new ConnectException("refused")));
    assertEquals(502, FailureStatus.of(new IllegalStateException("anything else")));
  }
}
