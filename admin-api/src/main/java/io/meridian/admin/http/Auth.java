package io.meridian.admin.http;

import io.meridian.admin.store.Role;
import io.meridian.admin.store.TokenStore;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Bearer tokens: {@link #authenticate} puts the caller's token on the request (401 without a valid
 * one); {@link #require} lets a route through only for a role that includes the one it needs
 * (403 otherwise).
 */
final class Auth {

  static final String TOKEN = "meridian.token";

  private final TokenStore tokens;

  Auth(TokenStore tokens) {
    this.tokens = tokens;
  }

  Handler<RoutingContext> authenticate() {
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"meridian\"");
        ctx.fail(new ApiProblem(401, "Unauthorized",
            "Authorization: Bearer <token> is required"));
        return;
      }
      var token = tokens.authenticate(header.substring(7).trim());
      if (token.isEmpty()) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"meridian\", error=\"invalid_token\"");
        ctx.fail(new ApiProblem(401, "Unauthorized", "the bearer token is not valid"));
        return;
      }
      ctx.put(TOKEN, token.get());
      ctx.next();
    };
  }

  static Handler<RoutingContext> require(Role needed) {
    return ctx -> {
      TokenStore.Token token = ctx.get(TOKEN);
      if (token == null || !token.role().allows(needed)) {
        ctx.fail(new ApiProblem(403, "Forbidden", "this needs the " + needed.label()
            + " role; the token " + (token == null ? "" : "'" + token.name() + "' ") + "has "
            + (token == null ? "none" : token.role().label())));
        return;
      }
      ctx.next();
    };
  }

  static TokenStore.Token caller(RoutingContext ctx) {
    return ctx.get(TOKEN);
  }
}
