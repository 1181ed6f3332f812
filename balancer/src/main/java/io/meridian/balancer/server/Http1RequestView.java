package io.meridian.balancer.server;

import io.meridian.balancer.rules.RequestView;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/** A Netty HTTP/1 request as the rules see it. Reads lazily: a rule that never asks costs nothing. */
final class Http1RequestView implements RequestView {

  private final HttpRequest request;
  private QueryStringDecoder query;

  Http1RequestView(HttpRequest request) {
    this.request = request;
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String host() {
    String uri = request.uri();
    String authority =
        uri.startsWith("/") ? request.headers().get(HttpHeaderNames.HOST) : absolute(uri).getRawAuthority();
    return authority == null ? null : withoutPort(authority).toLowerCase(Locale.ROOT);
  }

  @Override
  public String path() {
    String uri = request.uri();
    if (!uri.startsWith("/")) {
      String path = absolute(uri).getRawPath();
      return path == null || path.isEmpty() ? "/" : path;
    }
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }

  @Override
  public String header(String lowerCaseName) {
    return request.headers().get(lowerCaseName);
  }

  @Override
  public String query(String name) {
    if (query == null) {
      query = new QueryStringDecoder(request.uri());
    }
    List<String> values = query.parameters().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static URI absolute(String uri) {
    try {
      return URI.create(uri);
    } catch (IllegalArgumentException e) {
      return URI.create("/");
    }
  }

  static String withoutPort(String authority) {
    int close = authority.lastIndexOf(']');
    int colon = authority.lastIndexOf(':');
    return colon > close ? authority.substring(0, colon) : authority;
  }
}
