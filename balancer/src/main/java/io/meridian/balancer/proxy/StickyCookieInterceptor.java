package io.meridian.balancer.proxy;

import io.meridian.balancer.select.Lease;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;

/**
 * Adds the balancer's sticky cookie to a target's response when the pick was not already sticky.
 * Also {@code Cache-Control: private}, as HAProxy's {@code nocache} does, so a shared cache does
 * not hand one client's cookie to everyone. Nothing is added to the balancer's own error answers.
 */
final class StickyCookieInterceptor implements ProxyInterceptor {

  static final StickyCookieInterceptor INSTANCE = new StickyCookieInterceptor();

  private StickyCookieInterceptor() {}

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    Lease lease = context.get(GroupOrigin.LEASE, Lease.class);
    if (lease != null && lease.setCookie() != null && context.response().proxiedResponse() != null) {
      context.response().headers().add(HttpHeaders.SET_COOKIE, lease.setCookie());
      if (!context.response().headers().contains(HttpHeaders.CACHE_CONTROL)) {
        context.response().headers().set(HttpHeaders.CACHE_CONTROL, "private");
      }
    }
    return context.sendResponse();
  }
}
