package io.meridian.balancer.server;

import io.meridian.balancer.config.LimitsConfig;
import io.meridian.balancer.metrics.BalancerMetrics;
import io.meridian.balancer.metrics.LoadWindow;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The front door of every listener, in a fixed order of cheap checks before any routing: the
 * refuse switch (503), ambiguous length (400), declared body too large (413), rate limit (429), then the first matching rule (404
 * when none). The {@link Routing} is read once per request, so a reload never changes the rules
 * under a request that has started. When the response ends, {@link Exchange} records it (metrics,
 * load window, access log).
 */
final class RequestHandler implements Handler<HttpServerRequest> {

  private final Supplier<Routing> routing;
  private final LimitsConfig limits;
  private final ClientConnections<HttpConnection> connections;
  private final AccessLog accessLog;
  private final BalancerMetrics metrics;
  private final LoadWindow load;
  private final BooleanSupplier refusing;
  private final LongSupplier nanoTime;

  RequestHandler(
      Supplier<Routing> routing,
      LimitsConfig limits,
      ClientConnections<HttpConnection> connections,
      AccessLog accessLog,
      BalancerMetrics metrics,
      LoadWindow load,
      BooleanSupplier refusing,
      LongSupplier nanoTime) {
    this.routing = routing;
    this.limits = limits;
    this.connections = connections;
    this.accessLog = accessLog;
    this.metrics = metrics;
    this.load = load;
    this.refusing = refusing;
    this.nanoTime = nanoTime;
  }

  /** One request from start to response end; its end handler, so no lambda per request. */
  private final class Exchange implements Handler<Void> {
    private final HttpServerRequest request;
    private final ClientConnections.State state;
    private final long startNanos;
    /** The access log's label, or null when the access log is off. */
    String logLabel;
    String group = BalancerMetrics.NO_GROUP;

    Exchange(HttpServerRequest request, ClientConnections.State state, long startNanos) {
      this.request = request;
      this.state = state;
      this.startNanos = startNanos;
    }

    @Override
    public void handle(Void ended) {
      state.responseEnded();
      long end = nanoTime.getAsLong();
      int status = request.response().getStatusCode();
      metrics.responded(group, status, end - startNanos);
      load.record(status, end - startNanos, end);
      if (logLabel != null) {
        accessLog.record(request, logLabel, startNanos, end);
      }
    }
  }

  @Override
  public void handle(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    ClientConnections.State state = connections.of(connection);
    if (state.refused()) {
      connection.close();
      return;
    }
    state.headersComplete();
    Routing current = routing.get();
    Exchange exchange = new Exchange(request, state, nanoTime.getAsLong());
    request.response().bodyEndHandler(exchange);
    Optional<Action> action = current.routes().match(new HttpRequestView(request));
    if (current.config().accessLog()) {
      exchange.logLabel = action.map(Action::label).orElse("-");
    }
    dispatch(request, current, action, state, exchange);
  }

  private void dispatch(
      HttpServerRequest request,
      Routing current,
      Optional<Action> action,
      ClientConnections.State state,
      Exchange exchange) {
    if (refusing.getAsBoolean()) {
      metrics.refused();
      refuseTraffic(request, state);
      return;
    }
    if (request.headers().contains(AmbiguousLengthDecoder.MARK)) {
      reject(request, state, 400, "both Transfer-Encoding and Content-Length\n");
      return;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && tooLong(length)) {
      reject(request, state, 413, "request body larger than " + limits.maxBodySize() + " bytes\n");
      return;
    }
    if (current.rateLimiter().enabled()
        && !current.rateLimiter().allow(request.remoteAddress().hostAddress())) {
      metrics.rateLimited();
      request
          .response()
          .setStatusCode(429)
          .putHeader(HttpHeaders.RETRY_AFTER, "1")
          .putHeader(HttpHeaders.CONTENT_LENGTH, "0")
          .end();
      return;
    }
    if (action.isEmpty()) {
      request.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_LENGTH, "0").end();
      return;
    }
    Action chosen = action.get().resolve();
    exchange.group = chosen.group();
    chosen.handle(request);
  }

  private boolean tooLong(String length) {
    try {
      return Long.parseLong(length.trim()) > limits.maxBodySize();
    } catch (NumberFormatException e) {
      return false; // Netty has validated it already; a value it accepted is a number
    }
  }

  /**
   * The refuse switch is on (a drill): 503 with {@code Retry-After: 5}, no target contacted, and
   * the connection closed after the answer, so clients reconnect (elsewhere, once DNS moved them).
   */
  private static void refuseTraffic(HttpServerRequest request, ClientConnections.State state) {
    HttpConnection connection = request.connection();
    state.refuse();
    var response = request.response().setStatusCode(503).putHeader(HttpHeaders.RETRY_AFTER, "5");
    if (request.version() != HttpVersion.HTTP_2) {
      response.putHeader(HttpHeaders.CONNECTION, "close"); // HTTP/2 has no such header: GOAWAY
    }
    response.putHeader(HttpHeaders.CONTENT_LENGTH, "0").end().onComplete(v -> connection.close());
  }

  /**
   * Refuses a request whose body will not be read: the answer says {@code Connection: close}, the
   * connection is closed once it is written, and nothing pipelined behind it is served.
   */
  private static void reject(
      HttpServerRequest request, ClientConnections.State state, int status, String reason) {
    HttpConnection connection = request.connection();
    state.refuse();
    request
        .response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain")
        .end(reason)
        .onComplete(v -> connection.close());
  }
}
