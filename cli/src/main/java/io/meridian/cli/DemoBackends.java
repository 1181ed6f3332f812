package io.meridian.cli;

import io.meridian.core.config.DemoBackendConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo HTTP backends of {@code demo_backends:}: each answers {@code /healthz} with {@code ok}
 * and anything else with a line naming itself and its region (and the header {@code
 * X-Backend}), so whoever follows a request through DNS and a balancer sees where it landed.
 */
final class DemoBackends implements AutoCloseable {

  private final List<HttpServer> servers;

  private DemoBackends(List<HttpServer> servers) {
    this.servers = servers;
  }

  static DemoBackends start(Vertx vertx, List<DemoBackendConfig> backends) {
    List<HttpServer> servers = new ArrayList<>();
    for (DemoBackendConfig backend : backends) {
      String hello = "hello from " + backend.name() + " in " + backend.region() + "\n";
      HttpServer server =
          vertx
              .createHttpServer()
              .requestHandler(
                  request ->
                      request
                          .response()
                          .putHeader("Content-Type", "text/plain")
                          .putHeader("X-Backend", backend.name())
                          .end(request.path().equals("/healthz") ? "ok\n" : hello));
      servers.add(
          server
              .listen(backend.listen().getPort(), backend.listen().getAddress().getHostAddress())
              .await());
    }
    return new DemoBackends(servers);
  }

  int count() {
    return servers.size();
  }

  @Override
  public void close() {
    Future.all(servers.stream().map(HttpServer::close).toList()).await();
  }
}
