package io.meridian.balancer.server;

import static java.util.Objects.requireNonNull;

import io.meridian.balancer.lb.LoadBalancer;
import io.meridian.balancer.metrics.BalancerMetrics;
import io.meridian.balancer.proxy.GroupProxy;
import io.meridian.balancer.select.PickContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * What a matched rule does with a request, compiled from the rule's action once per config;
 * {@link ClientChannel} carries it out.
 */
sealed interface Action {

  /** The group name for the access log; {@code -} when no group is involved. */
  default String label() {
    return "-";
  }

  /** The group this request's metrics count under; {@link BalancerMetrics#NO_GROUP} if none. */
  default String group() {
    return BalancerMetrics.NO_GROUP;
  }

  /** The action that takes this one request: itself, except that a split chooses its part. */
  default Action resolve() {
    return this;
  }

  record Forward(GroupProxy proxy) implements Action {
    @Override
    public String label() {
      return proxy.group().name();
    }

    @Override
    public String group() {
      return proxy.group().name();
    }
  }

  /** A canary split: each request goes to one of the groups, at random by weight. */
  record Split(LoadBalancer<Forward, PickContext> parts, String label) implements Action {
    @Override
    public Action resolve() {
      return parts.pick(PickContext.NONE);
    }
  }

  /**
   * A fixed answer. {@code body} is shared by every answer and never released: each response
   * writes a {@link ByteBuf#duplicate} of it.
   */
  record Respond(int status, ByteBuf body, String contentType) implements Action {
    public Respond {
      requireNonNull(body, "body");
    }

    static Respond of(int status, byte[] body, String contentType) {
      return new Respond(
          status, Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(body)), contentType);
    }
  }

  record Redirect(int status, String location) implements Action {}
}
