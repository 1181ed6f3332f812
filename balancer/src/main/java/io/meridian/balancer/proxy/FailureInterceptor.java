package io.meridian.balancer.proxy;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * First in the chain: whatever fails further in (no target, circuit open, connect error, timeout)
 * comes back here and is answered with {@link FailureStatus#of} and an empty body, so every other
 * part only fails its future with a meaningful exception.
 */
final class FailureInterceptor implements ProxyInterceptor {

  static final FailureInterceptor INSTANCE = new FailureInterceptor();

  private FailureInterceptor() {}

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    return context
        .sendRequest()
        .recover(
            failure ->
                Future.succeededFuture(
                    context
                        .request()
                        .release()
                        .response()
                        .setStatusCode(FailureStatus.of(failure))
                        .putHeader(HttpHeaders.CONTENT_LENGTH, "0")
                        .setBody(null)));
  }
}
