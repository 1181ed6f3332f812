package io.meridian.balancer.proxy;

import static java.util.Objects.requireNonNull;

import io.meridian.balancer.config.GroupConfig.RetryOn;
import io.meridian.balancer.limit.RetryBudget;
import io.meridian.balancer.select.Lease;
import io.meridian.balancer.select.TargetGroup;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.util.Optional;

/**
 * Last in the chain: runs each attempt through {@code attempt} (the per-attempt reporting, whose
 * {@code sendRequest} reaches the origin because nothing follows it) and, when {@link RetryPolicy}
 * says the outcome is retriable, tries once more on another eligible target, within the group's
 * {@link RetryBudget}. Every request deposits into the budget; a retry spends from it.
 *
 * <p>A retried response is discarded before anything of it reaches the client: its body is
 * drained (so the pooled connection can be reused) and its lease returned. The retry asks {@link
 * GroupOrigin} for a target other than the failed one ({@link #AVOID}). A request that went out
 * had its body streamed into the first attempt, so it gets an {@link EmptyBody}; the policy only
 * allows that for requests that had no body.
 */
final class RetryInterceptor implements ProxyInterceptor {

  /** The target of the failed attempt, set on the context for the retry's pick. */
  static final String AVOID = "meridian.retry.avoid";

  private final TargetGroup group;
  private final RetryPolicy policy;
  private final RetryBudget budget;
  private final ProxyInterceptor attempt;
  private final Runnable onRetry;

  /**
   * @param attempt what every attempt runs through; it must end in {@code context.sendRequest()}
   * @param onRetry told of every retry made (metrics)
   */
  RetryInterceptor(
      TargetGroup group,
      RetryPolicy policy,
      RetryBudget budget,
      ProxyInterceptor attempt,
      Runnable onRetry) {
    this.group = requireNonNull(group, "group");
    this.policy = requireNonNull(policy, "policy");
    this.budget = requireNonNull(budget, "budget");
    this.attempt = requireNonNull(attempt, "attempt");
    this.onRetry = requireNonNull(onRetry, "onRetry");
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    if (context.isWebSocket()) {
      return attempt.handleProxyRequest(context);
    }
    budget.deposit();
    HttpServerRequest request = context.request().proxiedRequest();
    if (!policy.mayRetry(request.method())) {
      return attempt.handleProxyRequest(context);
    }
    return attempt.handleProxyRequest(context).transform(result -> retryOrKeep(context, result));
  }

  private Future<ProxyResponse> retryOrKeep(ProxyContext context, AsyncResult<ProxyResponse> result) {
    Lease lease = context.get(GroupOrigin.LEASE, Lease.class);
    HttpServerRequest request = context.request().proxiedRequest();
    // read when the attempt is over: by then a body, if any, has been (partly) streamed
    boolean hadBody = !request.isEnded() || request.bytesRead() > 0;
    Optional<RetryOn> reason =
        result.succeeded()
            ? policy.forStatus(result.result().getStatusCode(), hadBody)
            : policy.forFailure(result.cause(), lease != null && lease.isConnected(), hadBody);
    if (reason.isEmpty() || lease == null || group.eligible().size() < 2 || !budget.tryRetry()) {
      return result.succeeded()
          ? Future.succeededFuture(result.result())
          : Future.failedFuture(result.cause());
    }
    if (result.succeeded()) {
      // paused by the proxy; resumed without a handler, the body is read and dropped
      result.result().proxiedResponse().resume();
    }
    lease.release();
    if (reason.get() != RetryOn.CONNECT_FAILURE) {
      context.request().setBody(EmptyBody.create());
    }
    context.set(AVOID, lease.target());
    onRetry.run();
    return attempt.handleProxyRequest(context);
  }
}
