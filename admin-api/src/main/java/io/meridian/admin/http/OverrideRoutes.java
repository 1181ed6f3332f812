package io.meridian.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.admin.store.AuditLog;
import io.meridian.admin.store.Role;
import io.meridian.admin.store.TokenStore;
import io.meridian.core.cluster.SharedHealth;
import io.meridian.core.health.HealthOverride;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /v1/overrides}: an operator's word on an endpoint ({@code
 * /v1/overrides/endpoints/{pool}/{name}}) or a region ({@code /v1/overrides/regions/{name}}),
 * shared with every member at once. The body names the verb ({@code force-down}, {@code drain},
 * {@code force-up}, {@code pause}), a reason (required) and optionally {@code expires_in}.
 */
final class OverrideRoutes {

  private final SharedHealth shared;
  private final io.meridian.core.health.HealthSource health;
  private final Current<Snapshot> snapshot;
  private final AuditLog audit;
  private final Clock clock;

  OverrideRoutes(SharedHealth shared, io.meridian.core.health.HealthSource health,
      Current<Snapshot> snapshot, AuditLog audit, Clock clock) {
    this.shared = shared;
    this.health = health;
    this.snapshot = snapshot;
    this.audit = audit;
    this.clock = clock;
  }

  void mount(Router router) {
    router.get("/v1/overrides").handler(Auth.require(Role.VIEWER))
        .blockingHandler(ctx -> Replies.pageByKey(ctx,
            java.util.List.copyOf(shared.overrides().values()), HealthOverride::subject));
    for (String kind : new String[] {"endpoints/:pool/:name", "regions/:name"}) {
      router.put("/v1/overrides/" + kind).handler(Auth.require(Role.OPERATOR))
          .blockingHandler(ctx -> ConfigRoutes.run(ctx, () -> put(ctx)));
      router.delete("/v1/overrides/" + kind).handler(Auth.require(Role.OPERATOR))
          .blockingHandler(ctx -> ConfigRoutes.run(ctx, () -> delete(ctx)));
    }
  }

  /** The subject of the path, checked against the served snapshot. */
  private String subject(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    String pool = ctx.pathParam("pool");
    Snapshot s = snapshot.get();
    if (pool != null) {
      String key = pool + "/" + name;
      if (s.policies().endpoints().stream().noneMatch(e -> e.key().equals(key))) {
        throw ApiProblem.notFound("endpoint " + key);
      }
      return HealthOverride.endpoint(key);
    }
    boolean known = s.policies().endpoints().stream()
        .anyMatch(e -> e.region() != null && e.region().name().equals(name));
    if (!known) {
      throw ApiProblem.notFound("region " + name + " (no endpoint runs in it)");
    }
    return HealthOverride.region(name);
  }

  private void put(RoutingContext ctx) throws Exception {
    String subject = subject(ctx);
    JsonNode body = ConfigRoutes.bodyNode(ctx);
    Set<String> allowed = Set.of("verb", "reason", "expires_in");
    body.fieldNames().forEachRemaining(f -> {
      if (!allowed.contains(f)) {
        throw ApiProblem.badRequest(f, "unknown property (expected one of: expires_in, reason, verb)");
      }
    });
    String verbText = body.path("verb").asText("");
    HealthOverride.Verb verb;
    try {
      verb = HealthOverride.Verb.valueOf(verbText.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("verb",
          "must be one of force-down, drain, force-up, pause, got '" + verbText + "'");
    }
    String reason = body.path("reason").asText("");
    if (reason.isBlank()) {
      throw ApiProblem.badRequest("reason", "is required: say why, it goes to the audit log");
    }
    long now = clock.millis();
    long expires = 0;
    if (body.has("expires_in")) {
      expires = now + duration(body.get("expires_in").asText()).toMillis();
    }
    TokenStore.Token who = Auth.caller(ctx);
    if (Replies.flag(ctx, "dryRun")) {
      dryRun(ctx, subject, verb);
      return;
    }
    HealthOverride before = shared.overrides().get(subject);
    HealthOverride after = new HealthOverride(subject, verb, reason, who.name(), now, expires);
    shared.override(after);
    audit.append(now, who.name(), who.role().label(), "PUT", ctx.request().path(),
        verb.label() + " " + subject, before, after);
    Replies.json(ctx, 200, after);
  }

  /** Which answers the override would move, with the live health otherwise; nothing is set. */
  private void dryRun(RoutingContext ctx, String subject, HealthOverride.Verb verb) {
    Snapshot s = snapshot.get();
    java.util.Set<Integer> ids = new java.util.HashSet<>();
    for (var e : s.policies().endpoints()) {
      if (subject.equals(HealthOverride.endpoint(e.key()))
          || (e.region() != null && subject.equals(HealthOverride.region(e.region().name())))) {
        ids.add(e.id());
      }
    }
    var live = health.viewFor(s.policies());
    var diff = io.meridian.admin.change.AnswerDiff.between(s, live, s,
        new io.meridian.admin.change.OverriddenHealth(live, ids, verb), java.util.Map.of());
    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("dryRun", true);
    body.put("clientsCompared", diff.clients());
    body.put("namesCompared", diff.names());
    body.put("moves", diff.movements().stream().map(Object::toString).toList());
    body.put("changedAnswers", diff.changes().size());
    Replies.json(ctx, 200, body);
  }

  private void delete(RoutingContext ctx) throws Exception {
    String subject = subject(ctx);
    HealthOverride before = shared.overrides().get(subject);
    if (before == null) {
      throw ApiProblem.notFound("no override on " + subject);
    }
    shared.clearOverride(subject);
    TokenStore.Token who = Auth.caller(ctx);
    audit.append(clock.millis(), who.name(), who.role().label(), "DELETE", ctx.request().path(),
        "clear " + subject, before, null);
    ctx.response().setStatusCode(204).end();
  }

  static Duration duration(String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.trim());
    if (!m.matches()) {
      throw ApiProblem.badRequest("expires_in", "must be a duration such as 90s, 5m or 1h, got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
    if (d.isZero()) {
      throw ApiProblem.badRequest("expires_in", "must be positive");
    }
    return d;
  }
}
