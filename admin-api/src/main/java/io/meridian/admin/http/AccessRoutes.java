package io.meridian.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.admin.store.AuditLog;
import io.meridian.admin.store.Role;
import io.meridian.admin.store.TokenStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who may do what, and what they did: {@code /v1/tokens} (admin: list, issue, revoke; a secret is
 * shown only in the reply that issues it) and {@code /v1/audit} (every mutation, newest first).
 */
final class AccessRoutes {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  private final TokenStore tokens;
  private final AuditLog audit;
  private final Clock clock;

  AccessRoutes(TokenStore tokens, AuditLog audit, Clock clock) {
    this.tokens = tokens;
    this.audit = audit;
    this.clock = clock;
  }

  void mount(Router router) {
    router.get("/v1/tokens").handler(Auth.require(Role.ADMIN)).handler(ctx ->
        Replies.pageByKey(ctx, tokens.list().stream().map(t -> Map.<String, Object>of(
            "name", t.name(), "role", t.role().label(), "createdAtEpochMillis",
            t.createdAtEpochMillis())).toList(), t -> (String) t.get("name")));
    router.post("/v1/tokens").handler(Auth.require(Role.ADMIN))
        .blockingHandler(ctx -> ConfigRoutes.run(ctx, () -> issue(ctx)));
    router.delete("/v1/tokens/:name").handler(Auth.require(Role.ADMIN))
        .blockingHandler(ctx -> ConfigRoutes.run(ctx, () -> revoke(ctx)));
    router.get("/v1/audit").handler(Auth.require(Role.ADMIN))
        .blockingHandler(ctx -> ConfigRoutes.run(ctx, () -> list(ctx)));
  }

  private void issue(RoutingContext ctx) throws Exception {
    JsonNode body = ConfigRoutes.bodyNode(ctx);
    String name = body.path("name").asText("");
    if (!NAME.matcher(name).matches()) {
      throw ApiProblem.badRequest("name", "must be letters, digits, '.', '-' and '_', got '" + name + "'");
    }
    String roleText = body.path("role").asText("");
    Role role;
    try {
      role = Role.valueOf(roleText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("role", "must be viewer, operator or admin, got '" + roleText + "'");
    }
    if (tokens.list().stream().anyMatch(t -> t.name().equals(name))) {
      throw new ApiProblem(409, "Conflict", "a token named '" + name + "' exists",
          List.of(new ApiProblem.Field("name", 0, "already exists")));
    }
    TokenStore.Issued issued = tokens.issue(name, role, clock.millis());
    TokenStore.Token who = Auth.caller(ctx);
    audit.append(clock.millis(), who.name(), who.role().label(), "POST", ctx.request().path(),
        "issue token " + name, null, Map.of("name", name, "role", role.label()));
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("name", name);
    reply.put("role", role.label());
    reply.put("token", issued.secret());
    reply.put("note", "shown only now; Meridian keeps only its hash");
    Replies.json(ctx, 201, reply);
  }

  private void revoke(RoutingContext ctx) throws Exception {
    String name = ctx.pathParam("name");
    if (!tokens.revoke(name)) {
      throw ApiProblem.notFound("token " + name);
    }
    TokenStore.Token who = Auth.caller(ctx);
    audit.append(clock.millis(), who.name(), who.role().label(), "DELETE", ctx.request().path(),
        "revoke token " + name, Map.of("name", name), null);
    ctx.response().setStatusCode(204).end();
  }

  private void list(RoutingContext ctx) throws Exception {
    long before = Replies.number(ctx, "before", 1, Long.MAX_VALUE, Long.MAX_VALUE);
    int limit = (int) Replies.number(ctx, "limit", 1, 1000, 100);
    var items = audit.list(before, limit);
    Replies.page(ctx, items, limit, items.isEmpty() ? 0 : items.get(items.size() - 1).seq());
  }
}
