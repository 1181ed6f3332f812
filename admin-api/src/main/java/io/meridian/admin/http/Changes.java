package io.meridian.admin.http;

import io.meridian.admin.change.ConfigService;
import io.meridian.admin.store.AuditLog;
import io.meridian.admin.store.ConfigVersion;
import io.meridian.admin.store.TokenStore;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Submits a new whole document on behalf of a request and answers it: {@code If-Match} and {@code
 * ?dryRun} come from the request, the audit log gets who, what, and the versions before and
 * after, and the reply says which answers moved. Runs on a worker thread (it compiles and fsyncs).
 */
final class Changes {

  private final ConfigService service;
  private final AuditLog audit;
  private final java.time.Clock clock;

  Changes(ConfigService service, AuditLog audit, java.time.Clock clock) {
    this.service = service;
    this.audit = audit;
    this.clock = clock;
  }

  ConfigService service() {
    return service;
  }

  /** The document as the request's change would leave it. */
  interface Edit {
    String apply(String current) throws Exception;
  }

  void submit(RoutingContext ctx, String action, Edit edit) throws Exception {
    TokenStore.Token who = Auth.caller(ctx);
    boolean dryRun = Replies.flag(ctx, "dryRun");
    String ifMatch = ctx.request().getHeader("If-Match");
    ConfigVersion before = service.currentVersion().orElseThrow();
    String document = edit.apply(before.document());
    String message = ctx.request().getParam("message", action);
    ConfigService.Outcome outcome;
    try {
      outcome = service.propose(document, who.name(), message, ifMatch, dryRun);
    } catch (ConfigService.StaleVersion e) {
      ctx.response().putHeader("ETag", service.etag());
      throw new ApiProblem(412, "Precondition failed",
          "If-Match " + ifMatch + " is not the current version " + service.etag()
              + "; read it again and reapply the change");
    }
    reply(ctx, action, before, outcome, who);
  }

  void reply(RoutingContext ctx, String action, ConfigVersion before,
      ConfigService.Outcome outcome, TokenStore.Token who) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("dryRun", outcome.dryRun());
    if (!outcome.dryRun()) {
      ConfigVersion after = outcome.version();
      audit.append(clock.millis(), who.name(), who.role().label(), ctx.request().method().name(),
          ctx.request().path(), action, Map.of("version", before.number()),
          Map.of("version", after.number(), "message", after.message()));
      body.put("version", after.number());
      ctx.response().putHeader("ETag", after.etag());
    }
    body.put("clientsCompared", outcome.diff().clients());
    body.put("namesCompared", outcome.diff().names());
    body.put("moves", outcome.diff().movements().stream().map(Object::toString).toList());
    body.put("changedAnswers", outcome.diff().changes().size());
    Replies.json(ctx, 200, body);
  }
}
