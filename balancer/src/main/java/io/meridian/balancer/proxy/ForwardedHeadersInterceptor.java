package io.meridian.balancer.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Tells the target who the client is: appends the client address to {@code X-Forwarded-For} (a
 * chain of proxies keeps its history) and sets {@code X-Forwarded-Proto} and {@code
 * X-Forwarded-Host} to what this hop saw, replacing any values the client sent, because the
 * balancer is the edge and a client must not be able to claim it came over HTTPS.
 */
final class ForwardedHeadersInterceptor implements ProxyInterceptor {

  static final ForwardedHeadersInterceptor INSTANCE = new ForwardedHeadersInterceptor();
  static final String FOR = "x-forwarded-for";
  static final String PROTO = "x-forwarded-proto";
  static final String HOST = "x-forwarded-host";

  private ForwardedHeadersInterceptor() {}

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    HttpServerRequest request = context.request().proxiedRequest();
    MultiMap headers = context.request().headers();
    String client = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    if (client != null) {
      String previous = headers.get(FOR);
      headers.set(FOR, previous == null || previous.isBlank() ? client : previous + ", " + client);
    }
    headers.set(PROTO, request.isSSL() ? "https" : "http");
    HostAndPort authority = request.authority();
    if (authority != null) {
      headers.set(HOST, authority.toString());
    }
    return context.sendRequest();
  }
}
