package io.meridian.admin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.meridian.core.config.InvalidConfigException;
import io.meridian.core.config.Problem;
import io.vertx.ext.web.RoutingContext;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writing replies: JSON bodies, and every failure as {@code application/problem+json}. */
final class Replies {

  private static final System.Logger LOG = System.getLogger(Replies.class.getName());
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Replies() {}

  static void json(RoutingContext ctx, int status, Object body) {
    try {
      ctx.response()
          .setStatusCode(status)
          .putHeader("Content-Type", "application/json")
          .end(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      ctx.fail(e);
    }
  }

  /** The API's one failure handler: every error becomes a problem; only bugs become a 500. */
  static void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    ApiProblem problem;
    if (failure instanceof ApiProblem p) {
      problem = p;
    } else if (failure instanceof InvalidConfigException e) {
      List<ApiProblem.Field> fields = new ArrayList<>();
      for (Problem p : e.problems()) {
        fields.add(new ApiProblem.Field(p.path(), p.line(), p.message()));
      }
      problem = new ApiProblem(422, "Invalid configuration",
          fields.size() + " problem(s); nothing was changed", fields);
    } else if (failure instanceof IllegalArgumentException e) {
      problem = new ApiProblem(400, "Bad request", e.getMessage());
    } else if (failure == null) {
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      problem = new ApiProblem(status, status == 413 ? "Payload too large" : "Request failed",
          status == 413 ? "the body is larger than admin.max_body_bytes" : "status " + status);
    } else {
      LOG.log(Level.ERROR, "admin API: " + ctx.request().method() + " " + ctx.request().path(),
          failure);
      problem = new ApiProblem(500, "Internal error", "see the server log");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", problem.title());
    body.put("status", problem.status());
    body.put("detail", problem.getMessage());
    body.put("instance", ctx.request().path());
    if (!problem.fields().isEmpty()) {
      body.put("problems", problem.fields());
    }
    if (ctx.response().ended()) {
      return;
    }
    try {
      ctx.response()
          .setStatusCode(problem.status())
          .putHeader("Content-Type", "application/problem+json")
          .end(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      ctx.response().setStatusCode(500).end();
    }
  }

  /**
   * A page of a newest-first list numbered downwards: {@code items}, and {@code next} (the same
   * list below the last item) unless this is the last page.
   */
  static void page(RoutingContext ctx, List<?> items, int limit, long lastNumber) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    if (items.size() == limit && lastNumber > 1) {
      body.put("next", ctx.request().path() + "?limit=" + limit + "&before=" + lastNumber);
    }
    json(ctx, 200, body);
  }

  /**
   * A page of a list in a fixed order, by key: {@code ?limit=} items after the one keyed {@code
   * ?after=}, and {@code next} unless this is the last page.
   */
  static <T> void pageByKey(RoutingContext ctx, List<T> all, java.util.function.Function<T, String> key) {
    int limit = (int) number(ctx, "limit", 1, 1000, 100);
    String after = ctx.request().getParam("after");
    int from = 0;
    if (after != null) {
      for (int i = 0; i < all.size(); i++) {
        if (key.apply(all.get(i)).equals(after)) {
          from = i + 1;
        }
      }
    }
    List<T> items = all.subList(Math.min(from, all.size()), Math.min(all.size(), from + limit));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    if (from + limit < all.size()) {
      body.put("next", ctx.request().path() + "?limit=" + limit + "&after="
          + java.net.URLEncoder.encode(key.apply(items.get(items.size() - 1)),
              java.nio.charset.StandardCharsets.UTF_8));
    }
    json(ctx, 200, body);
  }

  /** A whole number query parameter in a range, or the fallback when absent. */
  static long number(RoutingContext ctx, String name, long min, long max, long fallback) {
    String text = ctx.request().getParam(name);
    if (text == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(text);
      if (value < min || value > max) {
        throw ApiProblem.badRequest(name, "must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest(name, "must be a whole number, got '" + text + "'");
    }
  }

  static boolean flag(RoutingContext ctx, String name) {
    String text = ctx.request().getParam(name);
    if (text == null || text.equals("false")) {
      return false;
    }
    if (text.isEmpty() || text.equals("true")) {
      return true;
    }
    throw ApiProblem.badRequest(name, "must be true or false, got '" + text + "'");
  }
}
