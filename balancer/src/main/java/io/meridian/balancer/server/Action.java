package io.meridian.balancer.server;

import static java.util.Objects.requireNonNull;

import io.meridian.balancer.lb.LoadBalancer;
import io.meridian.balancer.metrics.BalancerMetrics;
import io.meridian.balancer.proxy.GroupProxy;
import io.meridian.balancer.select.PickContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/** What a matched rule does with a request, compiled from the rule's action once per config. */
sealed interface Action {

  void handle(HttpServerRequest request);

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
    public void handle(HttpServerRequest request) {
      proxy.handle(request);
    }

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
    public void handle(HttpServerRequest request) {
      resolve().handle(request);
    }

    @Override
    public Action resolve() {
      return parts.pick(PickContext.NONE);
    }
  }

  record Respond(int status, Buffer body, String contentType) implements Action {
    public Respond {
      requireNonNull(body, "body");
    }

    @Override
    public void handle(HttpServerRequest request) {
      request
          .response()
          .setStatusCode(status)
          .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
          .end(body);
    }
  }

  record Redirect(int status, String location) implements Action {
    @Override
    public void handle(HttpServerRequest request) {
      request
          .response()
          .setStatusCode(status)
          .putHeader(HttpHeaders.LOCATION, location)
          .putHeader(HttpHeaders.CONTENT_LENGTH, "0")
          .end();
    }
  }
}
