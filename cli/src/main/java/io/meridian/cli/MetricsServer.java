package io.meridian.cli;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.InetSocketAddress;

/**
 * {@code GET /metrics} in Prometheus text format on the {@code metrics.listen} address of any
 * role's process. It needs no token (scrapers rarely carry one): bind it to a private interface.
 */
final class MetricsServer {

  private MetricsServer() {}

  static HttpServer start(Vertx vertx, InetSocketAddress listen, ProcessMetrics metrics) {
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      if (request.path().equals("/metrics")) {
        request.response().putHeader("Content-Type", "text/plain; version=0.0.4")
            .end(metrics.scrape());
      } else {
        request.response().setStatusCode(404).end("see /metrics\n");
      }
    }).listen(listen.getPort(), listen.getAddress().getHostAddress()).await();
    return server;
  }
}
