package io.meridian.balancer.proxy;

import static java.util.Objects.requireNonNull;

import io.meridian.balancer.config.GroupConfig;
import io.meridian.balancer.config.GroupConfig.StickyMode;
import io.meridian.balancer.lb.Hashing;
import io.meridian.balancer.outlier.Outcome;
import io.meridian.balancer.select.Lease;
import io.meridian.balancer.select.PickContext;
import io.meridian.balancer.select.TargetGroup;
import io.meridian.balancer.select.TargetState;
import io.vertx.core.Future;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;
import java.util.function.Function;

/**
 * Where a request goes: picks a target of the group (sticky cookie, hash key, algorithm), leases
 * it for the life of the response, and lets {@link OriginRequestProvider#selector} open the
 * request to the target's address. A retry ({@link RetryInterceptor}) comes here again with the
 * failed target in {@link RetryInterceptor#AVOID}, and gets another one.
 *
 * <p>A failure to get a connection (refused, connect timeout, the target's pending queue full) is
 * reported to outlier detection here, where it is seen; the lease is returned at once. Otherwise
 * the lease is returned when the response has been written or the client connection closes; a
 * WebSocket keeps it until the connection closes, so long-lived connections count for least
 * connections.
 */
final class GroupOrigin implements OriginRequestProvider {

  static final String LEASE = "meridian.lease";

  private final TargetGroup group;
  private final long requestTimeoutMillis;
  private final OriginRequestProvider selector =
      OriginRequestProvider.selector(
          context -> Future.succeededFuture(context.get(LEASE, Lease.class).target().address()));

  GroupOrigin(TargetGroup group) {
    this.group = requireNonNull(group, "group");
    this.requestTimeoutMillis = group.config().timeouts().request().toMillis();
  }

  @Override
  public Future<HttpClientRequest> create(ProxyContext context) {
    HttpServerRequest request = context.request().proxiedRequest();
    GroupConfig config = group.config();
    Lease lease =
        group.pick(
            stickyCookie(request, config),
            pickContext(request, config),
            context.get(RetryInterceptor.AVOID, TargetState.class));
    bind(context, request, lease);
    return selector
        .create(context)
        .compose(
            origin -> {
              lease.connected();
              origin.idleTimeout(requestTimeoutMillis);
              return Future.succeededFuture(origin);
            },
            failure -> {
              if (!(failure instanceof ConnectionPoolTooBusyException)) {
                group.outliers().report(lease.target(), Outcome.CONNECT_FAILURE);
              }
              lease.release();
              return Future.failedFuture(failure);
            });
  }

  private static void bind(ProxyContext context, HttpServerRequest request, Lease lease) {
    context.set(LEASE, lease);
    if (context.isWebSocket()) {
      // the upgraded connection carries only this WebSocket, so its end is the channel's close.
      // Vert.x hands an upgraded connection to a NetSocket whose close handler the proxy owns, and
      // the HTTP-level close handlers no longer fire, so listen on the channel itself.
      if (request.connection() instanceof ConnectionBase base) {
        base.channel().closeFuture().addListener(f -> lease.release());
      }
      return;
    }
    HttpServerResponse response = request.response();
    response.closeHandler(lease);
    response.endHandler(lease);
  }

  static String stickyCookie(HttpServerRequest request, GroupConfig config) {
    return config.sticky().mode() == StickyMode.NONE ? null : cookie(request, config.sticky().cookie());
  }

  /** HTTP/2 may split cookies over several headers: Vert.x's own lookup reads them all. */
  private static String cookie(HttpServerRequest request, String name) {
    Cookie cookie = request.getCookie(name);
    return cookie == null ? null : cookie.getValue();
  }

  static PickContext pickContext(HttpServerRequest request, GroupConfig config) {
    return pickContext(
        config,
        request::getHeader,
        name -> cookie(request, name),
        request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
  }

  /** The sticky cookie's value in a {@code Cookie} header, or null (none, or no stickiness). */
  static String stickyCookie(GroupConfig config, String cookieHeader) {
    return config.sticky().mode() == StickyMode.NONE
        ? null
        : Cookies.value(cookieHeader, config.sticky().cookie());
  }

  /**
   * The key a hashing algorithm picks by: the configured header or cookie, else the client's
   * address; {@link PickContext#NONE} for algorithms that do not hash.
   */
  static PickContext pickContext(
      GroupConfig config,
      Function<String, String> header,
      Function<String, String> cookie,
      String clientAddress) {
    if (!config.algorithm().hashesKey()) {
      return PickContext.NONE;
    }
    String key =
        switch (config.hashOn().source()) {
          case HEADER -> header.apply(config.hashOn().name());
          case COOKIE -> cookie.apply(config.hashOn().name());
          case CLIENT_IP -> null;
        };
    if (key == null) {
      key = clientAddress == null ? "" : clientAddress;
    }
    return new PickContext(Hashing.hash64(key));
  }
}
