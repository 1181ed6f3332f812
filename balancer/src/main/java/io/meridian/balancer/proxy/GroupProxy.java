package io.meridian.balancer.proxy;

import static java.util.Objects.requireNonNull;

import io.meridian.balancer.config.GroupConfig;
import io.meridian.balancer.health.ActiveHealth;
import io.meridian.balancer.limit.RetryBudget;
import io.meridian.balancer.metrics.BalancerMetrics;
import io.meridian.balancer.select.TargetGroup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * A target group's forwarding: its own {@link HttpClient} (so connection limits and timeouts are
 * the group's), and two paths over it. Requests of known length that are not WebSocket upgrades,
 * nearly all of them, take {@link DirectForward}, straight over Vert.x's server and client
 * requests. The others (WebSockets, chunked bodies) take vertx-http-proxy with the {@link
 * GroupOrigin} that picks targets and the interceptors in this order, outermost first:
 *
 * <ol>
 *   <li>{@link FailureInterceptor}: failures become 413/502/503/504, in one place;
 *   <li>{@link BodyLimitInterceptor}: bodies of unknown length held to {@code max_body_size};
 *   <li>{@link RequestIdInterceptor}, {@link ForwardedHeadersInterceptor}: request headers;
 *   <li>{@link StickyCookieInterceptor}: the sticky cookie on the response;
 *   <li>{@link RetryInterceptor}: retries per the group's {@code retry.on}, each attempt through
 *       {@link OutcomeInterceptor} (response time and passive-health reports of that attempt).
 * </ol>
 *
 * <p>Per-target limits are the client pool's: at most {@code max_connections} connections per
 * target, at most {@code max_pending} requests waiting for one; beyond that a request fails at once
 * with 503 (circuit breaking), instead of queueing without bound behind a slow target.
 */
public final class GroupProxy {

  private final TargetGroup group;
  private final HttpClient client;
  private final HttpProxy proxy;
  private final DirectForward direct;
  private final NettyForward http1;
  private final ActiveHealth health;

  /**
   * @param maxBodySize the listeners' {@code limits.max_body_size}, for bodies of unknown length
   * @param metrics counts the group's retries
   */
  public GroupProxy(
      Vertx vertx,
      TargetGroup group,
      long maxBodySize,
      BalancerMetrics metrics,
      LongSupplier nanoTime,
      RandomGenerator random) {
    this.group = requireNonNull(group, "group");
    GroupConfig config = group.config();
    HttpClientOptions options =
        new HttpClientOptions()
            .setKeepAlive(true)
            .setTcpNoDelay(true)
            .setConnectTimeout((int) config.timeouts().connect().toMillis())
            .setKeepAliveTimeout((int) Math.max(1, config.timeouts().idle().toSeconds()))
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    PoolOptions pool =
        new PoolOptions()
            .setHttp1MaxSize(config.maxConnections())
            .setMaxWaitQueueSize(config.maxPending());
    this.client = vertx.createHttpClient(options, pool);
    RetryBudget budget =
        new RetryBudget(config.retry().budgetPercent(), config.retry().minPerSecond(), nanoTime);
    RetryPolicy retryPolicy = new RetryPolicy(config.retry());
    RequestIds ids = new RequestIds(random);
    Runnable onRetry = () -> metrics.retried(group.name());
    this.direct = new DirectForward(group, client, retryPolicy, budget, ids, nanoTime, onRetry);
    this.http1 =
        new NettyForward(
            group,
            ((VertxInternal) vertx).transport().channelFactory(false),
            retryPolicy,
            budget,
            ids,
            nanoTime,
            onRetry,
            maxBodySize);
    this.proxy =
        HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(true), client)
            .origin(new GroupOrigin(group))
            .addInterceptor(FailureInterceptor.INSTANCE, true)
            .addInterceptor(new BodyLimitInterceptor(maxBodySize), false)
            .addInterceptor(new RequestIdInterceptor(ids), true)
            .addInterceptor(ForwardedHeadersInterceptor.INSTANCE, true)
            .addInterceptor(StickyCookieInterceptor.INSTANCE, false)
            .addInterceptor(
                new RetryInterceptor(
                    group,
                    retryPolicy,
                    budget,
                    new OutcomeInterceptor(group.outliers(), nanoTime),
                    onRetry),
                true);
    this.health =
        config
            .healthCheck()
            .map(check -> ActiveHealth.start(vertx, group, check, nanoTime, random))
            .orElseGet(() -> ActiveHealth.none(vertx));
  }

  public TargetGroup group() {
    return group;
  }

  /** The group's forwarding for the Netty HTTP/1 listeners. */
  public NettyForward http1() {
    return http1;
  }

  /**
   * Proxies {@code request}. It is paused first: choosing a target and getting a connection may
   * complete on a later turn of the event loop, and a body (or just the end of a GET) that
   * arrived meanwhile would otherwise be dropped; the proxy resumes it when it pipes the body. A
   * WebSocket upgrade is left running: the proxy turns it into a raw socket and never resumes it.
   */
  public void handle(HttpServerRequest request) {
    if (DirectForward.applies(request)) {
      request.pause();
      direct.handle(request);
      return;
    }
    if (!request.canUpgradeToWebSocket()) {
      request.pause();
    }
    proxy.handle(request);
  }

  /**
   * Stops health checks, waits for in-flight requests (at most {@code maxWaitMillis}), then closes
   * the client and with it the pooled connections.
   */
  public Future<Void> drainAndClose(Vertx vertx, long maxWaitMillis) {
    health.close();
    if (maxWaitMillis < 1) {
      http1.close();
      return client.close();
    }
    io.vertx.core.Promise<Void> drained = io.vertx.core.Promise.promise();
    long timer = vertx.setTimer(maxWaitMillis, id -> drained.tryComplete());
    group.drain().whenComplete((v, e) -> {
      vertx.cancelTimer(timer);
      drained.tryComplete();
    });
    return drained.future().compose(v -> {
      http1.close();
      return client.close();
    });
  }
}
