package io.meridian.balancer.server;

import io.meridian.balancer.rules.RequestView;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.util.Locale;

/** A live request as the rules see it. Reads lazily: a rule that never asks costs nothing. */
final class HttpRequestView implements RequestView {

  private final HttpServerRequest request;

  HttpRequestView(HttpServerRequest request) {
    this.request = request;
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String host() {
    HostAndPort authority = request.authority();
    return authority == null ? null : authority.host().toLowerCase(Locale.ROOT);
  }

  @Override
  public String path() {
    String path = request.path();
    return path == null ? "/" : path;
  }

  @Override
  public String header(String lowerCaseName) {
    return request.getHeader(lowerCaseName);
  }

  @Override
  public String query(String name) {
    return request.getParam(name);
  }
}
