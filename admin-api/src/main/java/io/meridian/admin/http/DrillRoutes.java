package io.meridian.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.admin.drill.DrillReport;
import io.meridian.admin.drill.Drills;
import io.meridian.admin.store.AuditLog;
import io.meridian.admin.store.Role;
import io.meridian.admin.store.TokenStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/drills}: start a drill (operator), follow it, list the kept reports, abort one.
 * Refusals (no reason, unsafe without force) are 409 problems saying why.
 */
final class DrillRoutes {

  private final Drills drills;
  private final AuditLog audit;
  private final Clock clock;

  DrillRoutes(Drills drills, AuditLog audit, Clock clock) {
    this.drills = drills;
    this.audit = audit;
    this.clock = clock;
  }

  void mount(Router router) {
    router.get("/v1/drills").handler(Auth.require(Role.VIEWER)).handler(ctx ->
        Replies.pageByKey(ctx, drills.list().stream().map(DrillRoutes::copy).toList(),
            r -> r.path("id").asText()));
    router.get("/v1/drills/:id").handler(Auth.require(Role.VIEWER)).handler(ctx ->
        Replies.json(ctx, 200, copy(drills.get(ctx.pathParam("id"))
            .orElseThrow(() -> ApiProblem.notFound("drill " + ctx.pathParam("id"))))));
    router.post("/v1/drills").handler(Auth.require(Role.OPERATOR))
        .blockingHandler(ctx -> ConfigRoutes.run(ctx, () -> start(ctx)));
    router.post("/v1/drills/:id/abort").handler(Auth.require(Role.OPERATOR))
        .blockingHandler(ctx -> ConfigRoutes.run(ctx, () -> abort(ctx)));
  }

  /** A consistent copy: the runner keeps writing to the report. */
  private static JsonNode copy(DrillReport r) {
    synchronized (r) {
      return Replies.JSON.valueToTree(r);
    }
  }

  private void start(RoutingContext ctx) throws Exception {
    JsonNode body = ConfigRoutes.bodyNode(ctx);
    Drills.Request request = new Drills.Request(body.path("region").asText(""),
        body.path("mode").asText("drain"),
        OverrideRoutes.duration(body.path("duration").asText("5m")),
        body.path("reason").asText(""), body.path("force").asBoolean(false));
    TokenStore.Token who = Auth.caller(ctx);
    DrillReport report;
    try {
      report = drills.start(request, who.name());
    } catch (Drills.Refused e) {
      String field = e.getMessage().substring(0, Math.max(0, e.getMessage().indexOf(':')));
      throw new ApiProblem(409, "Drill refused", e.getMessage(),
          field.isEmpty() || field.contains(" ") ? List.of()
              : List.of(new ApiProblem.Field(field, 0, e.getMessage())));
    }
    audit.append(clock.millis(), who.name(), who.role().label(), "POST", ctx.request().path(),
        "drill " + report.id + (report.mode.equals("fail") ? " fails " : " drains ") + report.region, null,
        Map.of("id", report.id, "region", report.region, "reason", report.reason,
            "endsAtEpochMillis", report.endsAtEpochMillis));
    Replies.json(ctx, 201, copy(report));
  }

  private void abort(RoutingContext ctx) throws Exception {
    TokenStore.Token who = Auth.caller(ctx);
    DrillReport r = drills.abort(ctx.pathParam("id"), who.name());
    if (r == null) {
      throw ApiProblem.notFound("drill " + ctx.pathParam("id"));
    }
    audit.append(clock.millis(), who.name(), who.role().label(), "POST", ctx.request().path(),
        "abort drill " + r.id, Map.of("state", "RUNNING"), Map.of("state", r.state.name()));
    Replies.json(ctx, 200, copy(r));
  }
}
