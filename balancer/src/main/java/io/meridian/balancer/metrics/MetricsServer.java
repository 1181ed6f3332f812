package io.meridian.balancer.metrics;

import static java.util.Objects.requireNonNull;

import io.meridian.balancer.config.MetricsConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Serves {@code GET /metrics} in the Prometheus text format on its own HTTP server ({@code
 * metrics.listen}); anything else is 404 (405 for another method on {@code /metrics}). The scrape
 * is rendered on a worker thread, so a large registry never holds up an event loop.
 */
public final class MetricsServer {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private HttpServer server;

  private MetricsServer(Vertx vertx, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  /** Starts listening on {@code config}'s address; the future has the server once bound. */
  public static Future<MetricsServer> start(
      Vertx vertx, MetricsConfig config, PrometheusMeterRegistry registry) {
    requireNonNull(registry, "registry");
    MetricsServer metrics = new MetricsServer(vertx, registry);
    metrics.server = vertx.createHttpServer().requestHandler(metrics::handle);
    return metrics.server.listen(config.port(), config.host().orElseThrow()).map(metrics);
  }

  private void handle(HttpServerRequest request) {
    if (!"/metrics".equals(request.path())) {
      request.response().setStatusCode(404).end();
      return;
    }
    if (request.method() != HttpMethod.GET) {
      request.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET").end();
      return;
    }
    vertx
        .executeBlocking(registry::scrape, false)
        .onComplete(
            text -> {
              if (text.failed()) {
                request.response().setStatusCode(500).end();
                return;
              }
              request
                  .response()
                  .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
                  .end(text.result());
            });
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }
}
