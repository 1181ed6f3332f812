package io.meridian.admin.http;

import io.meridian.admin.store.ConfigStore;
import io.meridian.admin.store.ConfigVersion;
import io.meridian.admin.store.Role;
import io.meridian.core.config.ConfigDocuments;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /v1/config}: the whole shared document (YAML, or JSON on {@code Accept:
 * application/json}) with its version as the ETag, its history, and restoring an earlier version.
 */
final class ConfigRoutes {

  private final Changes changes;
  private final ConfigStore store;

  ConfigRoutes(Changes changes, ConfigStore store) {
    this.changes = changes;
    this.store = store;
  }

  void mount(Router router) {
    router.get("/v1/config").handler(Auth.require(Role.VIEWER)).handler(this::get);
    router.put("/v1/config").handler(Auth.require(Role.ADMIN))
        .blockingHandler(ctx -> run(ctx, () -> changes.submit(ctx, "replace config",
            current -> body(ctx))));
    router.get("/v1/config/versions").handler(Auth.require(Role.VIEWER))
        .blockingHandler(ctx -> run(ctx, () -> list(ctx)));
    router.get("/v1/config/versions/:number").handler(Auth.require(Role.VIEWER))
        .blockingHandler(ctx -> run(ctx, () -> version(ctx)));
    router.post("/v1/config/versions/:number/restore").handler(Auth.require(Role.ADMIN))
        .blockingHandler(ctx -> run(ctx, () -> restore(ctx)));
  }

  /** Runs a blocking handler body, turning what it throws into the request's failure. */
  interface Body {
    void run() throws Exception;
  }

  static void run(RoutingContext ctx, Body body) {
    try {
      body.run();
    } catch (Exception e) {
      ctx.fail(e);
    }
  }

  static String body(RoutingContext ctx) {
    String text = ctx.body().asString();
    if (text == null || text.isBlank()) {
      throw ApiProblem.badRequest("body", "must be a YAML or JSON configuration document");
    }
    return text;
  }

  /** The request body as a YAML or JSON tree; 400 naming the body when it is not one. */
  static com.fasterxml.jackson.databind.JsonNode bodyNode(RoutingContext ctx) {
    try {
      return ConfigDocuments.parse(body(ctx));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("body", e.getMessage());
    }
  }

  private void get(RoutingContext ctx) {
    ConfigVersion v = changes.service().currentVersion().orElseThrow();
    ctx.response().putHeader("ETag", v.etag());
    document(ctx, v.document());
  }

  static void document(RoutingContext ctx, String document) {
    String accept = ctx.request().getHeader("Accept");
    if (accept != null && accept.contains("application/json")) {
      Replies.json(ctx, 200, ConfigDocuments.tree(document));
    } else {
      ctx.response().putHeader("Content-Type", "application/yaml").end(document);
    }
  }

  private void list(RoutingContext ctx) throws Exception {
    long before = Replies.number(ctx, "before", 1, Long.MAX_VALUE, Long.MAX_VALUE);
    int limit = (int) Replies.number(ctx, "limit", 1, 500, 50);
    var items = store.list(before, limit);
    Replies.page(ctx, items, limit, items.isEmpty() ? 0 : items.get(items.size() - 1).number());
  }

  private ConfigVersion numbered(RoutingContext ctx) throws Exception {
    String text = ctx.pathParam("number");
    long number;
    try {
      number = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest("number", "must be a version number, got '" + text + "'");
    }
    return store.read(number).orElseThrow(() -> ApiProblem.notFound("no version " + number));
  }

  private void version(RoutingContext ctx) throws Exception {
    ConfigVersion v = numbered(ctx);
    ctx.response().putHeader("ETag", v.etag());
    document(ctx, v.document());
  }

  private void restore(RoutingContext ctx) throws Exception {
    ConfigVersion old = numbered(ctx);
    changes.submit(ctx, "restore version " + old.number(), current -> old.document());
  }
}
