package io.meridian.balancer.proxy;

import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Gives every request an {@code X-Request-Id}, sent to the target and back to the client, so one
 * request can be followed through logs. A well-formed id from the client (1-128 letters, digits,
 * {@code -_.:}) is kept, because an upstream hop may already have assigned one; anything else is
 * replaced ({@link RequestIds}, shared with {@link DirectForward}).
 */
final class RequestIdInterceptor implements ProxyInterceptor {

  static final String HEADER = RequestIds.HEADER;

  private final RequestIds ids;

  RequestIdInterceptor(RequestIds ids) {
    this.ids = ids;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    String offered = context.request().headers().get(HEADER);
    String id = ids.keepOrCreate(offered);
    if (!id.equals(offered)) {
      context.request().headers().set(HEADER, id);
    }
    context.set(HEADER, id);
    return context.sendRequest();
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    String id = context.get(HEADER, String.class);
    if (id != null) {
      context.response().headers().set(HEADER, id);
    }
    return context.sendResponse();
  }
}
