package io.meridian.admin.http;

import com.hazelcast.core.HazelcastInstance;
import io.meridian.admin.change.ConfigService;
import io.meridian.admin.store.AuditLog;
import io.meridian.admin.store.ConfigStore;
import io.meridian.admin.store.Role;
import io.meridian.admin.store.TokenStore;
import io.meridian.core.cluster.HealthFeed;
import io.meridian.core.config.AdminConfig;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The admin REST API (Vert.x Web): one routes class per resource, mounted behind bearer-token
 * authentication (everything but {@code /healthz}), a body size limit, and one failure handler
 * that answers every error as {@code application/problem+json}.
 */
public final class AdminApi {

  /** What the API works with; built by the process that runs the admin role. */
  public record Parts(
      AdminConfig config,
      ConfigService service,
      ConfigStore store,
      TokenStore tokens,
      AuditLog audit,
      Current<Snapshot> snapshot,
      HealthFeed feed,
      HazelcastInstance hazelcast,
      PrometheusMeterRegistry metrics,
      java.util.function.Supplier<String> scrape,
      io.meridian.admin.drill.Drills drills,
      Clock clock) {}

  private AdminApi() {}

  public static Router router(Vertx vertx, Parts p) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      long start = System.nanoTime();
      ctx.addEndHandler(v -> Timer.builder("meridian.admin.requests")
          .description("admin API requests")
          .tag("method", ctx.request().method().name())
          .tag("route", ctx.currentRoute() == null || ctx.currentRoute().getPath() == null
              ? "unmatched" : ctx.currentRoute().getPath())
          .tag("status", Integer.toString(ctx.response().getStatusCode()))
          .register(p.metrics())
          .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
      ctx.next();
    });
    router.get("/healthz").handler(ctx -> ctx.response().end("ok\n"));
    router.route().handler(BodyHandler.create(false).setBodyLimit(p.config().maxBodyBytes()));
    router.route().handler(new Auth(p.tokens()).authenticate());
    router.route().handler(ContractValidation.load(vertx).handler());
    router.get("/v1/openapi.yaml").handler(Auth.require(Role.VIEWER)).handler(ctx ->
        ctx.response().putHeader("Content-Type", "application/yaml").end(openApi()));
    router.get("/metrics").handler(Auth.require(Role.VIEWER)).handler(ctx ->
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4")
            .end(p.scrape().get()));
    Changes changes = new Changes(p.service(), p.audit(), p.clock());
    new ConfigRoutes(changes, p.store()).mount(router);
    new SectionRoutes(changes).mount(router);
    new OverrideRoutes(p.feed().shared(), p.feed().health(), p.snapshot(), p.audit(), p.clock())
        .mount(router);
    new InsightRoutes(p.snapshot(), p.feed(), p.hazelcast(), p.clock()).mount(router);
    new AccessRoutes(p.tokens(), p.audit(), p.clock()).mount(router);
    new DrillRoutes(p.drills(), p.audit(), p.clock()).mount(router);
    router.route().handler(ctx -> ctx.fail(ApiProblem.notFound(
        "no route " + ctx.request().method() + " " + ctx.request().path() + " (see /v1/openapi.yaml)")));
    router.route().failureHandler(Replies::failure);
    return router;
  }

  public static Future<HttpServer> start(Vertx vertx, Parts p) {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(p.config().listen().getAddress().getHostAddress())
        .setPort(p.config().listen().getPort())
        .setMaxHeaderSize(16 * 1024)
        .setMaxInitialLineLength(8 * 1024)
        .setIdleTimeout(60);
    if (p.config().tlsCert().isPresent()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(p.config().tlsCert().get().toString())
          .setKeyPath(p.config().tlsKey().orElseThrow().toString()));
    }
    return vertx.createHttpServer(options).requestHandler(router(vertx, p)).listen();
  }

  static String openApi() {
    try (InputStream in = AdminApi.class.getResourceAsStream("/io/meridian/admin/openapi.yaml")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("openapi.yaml missing from the jar", e);
    }
  }
}
