package io.meridian.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meridian.admin.store.Role;
import io.meridian.core.config.ConfigDocuments;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of the document as resources: {@code /v1/checks}, {@code /v1/regions}, {@code
 * /v1/locations}, {@code /v1/pools}, {@code /v1/policies} (mappings by name), {@code /v1/zones}
 * (by zone name) and {@code /v1/pools/{pool}/endpoints/{name}}. Reads answer from the current
 * version; a write edits the document and submits it whole, so it is validated exactly like a
 * file, and {@code If-Match} / {@code ?dryRun} work as on {@code /v1/config}.
 */
final class SectionRoutes {

  static final List<String> SECTIONS = List.of("checks", "regions", "locations", "pools", "policies");

  private final Changes changes;

  SectionRoutes(Changes changes) {
    this.changes = changes;
  }

  void mount(Router router) {
    for (String section : SECTIONS) {
      String base = "/v1/" + section;
      router.get(base).handler(Auth.require(Role.VIEWER)).handler(ctx -> list(ctx, section));
      router.get(base + "/:name").handler(Auth.require(Role.VIEWER))
          .handler(ctx -> one(ctx, section));
      router.put(base + "/:name").handler(Auth.require(Role.ADMIN)).blockingHandler(ctx ->
          ConfigRoutes.run(ctx, () -> changes.submit(ctx, "put " + section + "/" + name(ctx),
              doc -> edit(doc, t -> object(t, section).set(name(ctx),
                  section.equals("locations") ? networks(ctx) : bodyTree(ctx))))));
      router.delete(base + "/:name").handler(Auth.require(Role.ADMIN)).blockingHandler(ctx ->
          ConfigRoutes.run(ctx, () -> changes.submit(ctx, "delete " + section + "/" + name(ctx),
              doc -> edit(doc, t -> {
                if (object(t, section).remove(name(ctx)) == null) {
                  throw ApiProblem.notFound(section + "/" + name(ctx));
                }
              }))));
    }
    router.get("/v1/zones").handler(Auth.require(Role.VIEWER)).handler(this::zones);
    router.get("/v1/zones/:name").handler(Auth.require(Role.VIEWER)).handler(ctx ->
        reply(ctx, zones(tree()).get(zoneIndex(zones(tree()), name(ctx), true))));
    router.put("/v1/zones/:name").handler(Auth.require(Role.ADMIN)).blockingHandler(ctx ->
        ConfigRoutes.run(ctx, () -> changes.submit(ctx, "put zones/" + name(ctx),
            doc -> edit(doc, t -> {
              ObjectNode zone = (ObjectNode) bodyTree(ctx);
              zone.put("name", name(ctx));
              ArrayNode zones = zones(t);
              int i = zoneIndex(zones, name(ctx), false);
              if (i < 0) {
                zones.add(zone);
              } else {
                zones.set(i, zone);
              }
            }))));
    router.delete("/v1/zones/:name").handler(Auth.require(Role.ADMIN)).blockingHandler(ctx ->
        ConfigRoutes.run(ctx, () -> changes.submit(ctx, "delete zones/" + name(ctx),
            doc -> edit(doc, t -> zones(t).remove(zoneIndex(zones(t), name(ctx), true))))));
    String records = "/v1/zones/:zone/records/:name";
    router.get(records).handler(Auth.require(Role.VIEWER)).handler(ctx -> {
      ArrayNode found = tree().arrayNode();
      recordsAt(zoneOf(tree(), ctx), ctx).forEach(found::add);
      if (found.isEmpty()) {
        throw ApiProblem.notFound("no records at " + name(ctx) + " in zone " + ctx.pathParam("zone"));
      }
      reply(ctx, found);
    });
    router.put(records).handler(Auth.require(Role.ADMIN)).blockingHandler(ctx ->
        ConfigRoutes.run(ctx, () -> changes.submit(ctx,
            "put zones/" + ctx.pathParam("zone") + "/records/" + name(ctx),
            doc -> edit(doc, t -> {
              ArrayNode list = zoneRecords(zoneOf(t, ctx));
              removeAt(list, ctx);
              for (JsonNode record : recordList(ctx)) {
                ((ObjectNode) record).put("name", name(ctx));
                list.add(record);
              }
            }))));
    router.delete(records).handler(Auth.require(Role.ADMIN)).blockingHandler(ctx ->
        ConfigRoutes.run(ctx, () -> changes.submit(ctx,
            "delete zones/" + ctx.pathParam("zone") + "/records/" + name(ctx),
            doc -> edit(doc, t -> {
              if (removeAt(zoneRecords(zoneOf(t, ctx)), ctx) == 0) {
                throw ApiProblem.notFound("no records at " + name(ctx));
              }
            }))));
    String endpoint = "/v1/pools/:pool/endpoints/:name";
    router.get(endpoint).handler(Auth.require(Role.VIEWER)).handler(ctx ->
        reply(ctx, endpoints(tree(), ctx).get(endpointIndex(endpoints(tree(), ctx), ctx, true))));
    router.put(endpoint).handler(Auth.require(Role.ADMIN)).blockingHandler(ctx ->
        ConfigRoutes.run(ctx, () -> changes.submit(ctx,
            "put pools/" + ctx.pathParam("pool") + "/endpoints/" + name(ctx),
            doc -> edit(doc, t -> {
              ObjectNode e = (ObjectNode) bodyTree(ctx);
              e.put("name", name(ctx));
              ArrayNode list = endpoints(t, ctx);
              int i = endpointIndex(list, ctx, false);
              if (i < 0) {
                list.add(e);
              } else {
                list.set(i, e);
              }
            }))));
    router.delete(endpoint).handler(Auth.require(Role.ADMIN)).blockingHandler(ctx ->
        ConfigRoutes.run(ctx, () -> changes.submit(ctx,
            "delete pools/" + ctx.pathParam("pool") + "/endpoints/" + name(ctx),
            doc -> edit(doc, t -> endpoints(t, ctx).remove(endpointIndex(endpoints(t, ctx), ctx, true))))));
  }

  private ObjectNode tree() {
    return ConfigDocuments.tree(changes.service().currentVersion().orElseThrow().document());
  }

  private static String name(RoutingContext ctx) {
    return ctx.pathParam("name");
  }

  interface TreeEdit {
    void apply(ObjectNode tree);
  }

  private static String edit(String document, TreeEdit edit) {
    ObjectNode tree = ConfigDocuments.tree(document);
    edit.apply(tree);
    return ConfigDocuments.text(tree);
  }

  private static ObjectNode object(ObjectNode tree, String section) {
    JsonNode node = tree.get(section);
    if (node instanceof ObjectNode o) {
      return o;
    }
    ObjectNode fresh = tree.objectNode();
    tree.set(section, fresh);
    return fresh;
  }

  private static ArrayNode zones(ObjectNode tree) {
    JsonNode node = tree.get("zones");
    if (node instanceof ArrayNode a) {
      return a;
    }
    return tree.putArray("zones");
  }

  private static String absolute(String name) {
    return name.endsWith(".") ? name.toLowerCase() : name.toLowerCase() + ".";
  }

  private static int zoneIndex(ArrayNode zones, String name, boolean required) {
    for (int i = 0; i < zones.size(); i++) {
      if (absolute(zones.get(i).path("name").asText()).equals(absolute(name))) {
        return i;
      }
    }
    if (required) {
      throw ApiProblem.notFound("zone " + name);
    }
    return -1;
  }

  private static ObjectNode zoneOf(ObjectNode tree, RoutingContext ctx) {
    ArrayNode zones = zones(tree);
    return (ObjectNode) zones.get(zoneIndex(zones, ctx.pathParam("zone"), true));
  }

  private static ArrayNode zoneRecords(ObjectNode zone) {
    JsonNode list = zone.get("records");
    return list instanceof ArrayNode a ? a : zone.putArray("records");
  }

  /** The records owned by the path's name ({@code @} for the apex), in document order. */
  private static List<JsonNode> recordsAt(ObjectNode zone, RoutingContext ctx) {
    List<JsonNode> out = new ArrayList<>();
    zoneRecords(zone).forEach(r -> {
      if (r.path("name").asText().equals(name(ctx))) {
        out.add(r);
      }
    });
    return out;
  }

  private static int removeAt(ArrayNode list, RoutingContext ctx) {
    int removed = 0;
    for (int i = list.size() - 1; i >= 0; i--) {
      if (list.get(i).path("name").asText().equals(name(ctx))) {
        list.remove(i);
        removed++;
      }
    }
    return removed;
  }

  /** A PUT of records: a list of record mappings (their name comes from the path). */
  private static List<JsonNode> recordList(RoutingContext ctx) {
    JsonNode node = ConfigRoutes.bodyNode(ctx);
    if (!(node instanceof ArrayNode list) || list.isEmpty()) {
      throw ApiProblem.badRequest("body", "must be a non-empty list of records, e.g."
          + " [{\"type\":\"A\",\"value\":\"192.0.2.1\"}] or [{\"policy\":\"www\"}]");
    }
    List<JsonNode> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof ObjectNode)) {
        throw ApiProblem.badRequest("body[" + i + "]", "must be a record mapping");
      }
      out.add(list.get(i));
    }
    return out;
  }

  private static ArrayNode endpoints(ObjectNode tree, RoutingContext ctx) {
    String pool = ctx.pathParam("pool");
    JsonNode p = tree.path("pools").path(pool);
    if (!(p instanceof ObjectNode po)) {
      throw ApiProblem.notFound("pool " + pool);
    }
    JsonNode list = po.get("endpoints");
    return list instanceof ArrayNode a ? a : po.putArray("endpoints");
  }

  private static int endpointIndex(ArrayNode list, RoutingContext ctx, boolean required) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).path("name").asText().equals(name(ctx))) {
        return i;
      }
    }
    if (required) {
      throw ApiProblem.notFound("endpoint " + ctx.pathParam("pool") + "/" + name(ctx));
    }
    return -1;
  }

  /** A location is a list of networks. */
  private static JsonNode networks(RoutingContext ctx) {
    JsonNode node = ConfigRoutes.bodyNode(ctx);
    if (!(node instanceof ArrayNode)) {
      throw ApiProblem.badRequest("body", "must be a list of networks, e.g. [\"10.0.0.0/8\"]");
    }
    return node;
  }

  private static JsonNode bodyTree(RoutingContext ctx) {
    JsonNode node = ConfigRoutes.bodyNode(ctx);
    if (!(node instanceof ObjectNode)) {
      throw ApiProblem.badRequest("body", "must be a mapping (a YAML or JSON object)");
    }
    return node;
  }

  private void list(RoutingContext ctx, String section) {
    List<String> names = new ArrayList<>();
    object(tree(), section).fieldNames().forEachRemaining(names::add);
    page(ctx, names);
  }

  private void one(RoutingContext ctx, String section) {
    JsonNode node = object(tree(), section).get(name(ctx));
    if (node == null) {
      throw ApiProblem.notFound(section + "/" + name(ctx));
    }
    reply(ctx, node);
  }

  private void zones(RoutingContext ctx) {
    List<String> names = new ArrayList<>();
    zones(tree()).forEach(z -> names.add(z.path("name").asText()));
    page(ctx, names);
  }

  private void reply(RoutingContext ctx, JsonNode node) {
    ctx.response().putHeader("ETag", changes.service().etag());
    Replies.json(ctx, 200, node);
  }

  /** {@code ?limit=&after=}: names in document order, after the given one. */
  private void page(RoutingContext ctx, List<String> names) {
    ctx.response().putHeader("ETag", changes.service().etag());
    Replies.pageByKey(ctx, names, name -> name);
  }

}
