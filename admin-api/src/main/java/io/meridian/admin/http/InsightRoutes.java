package io.meridian.admin.http;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.meridian.admin.store.Role;
import io.meridian.core.cluster.HealthFeed;
import io.meridian.core.explain.Explainer;
import io.meridian.core.health.AgentBeat;
import io.meridian.core.health.HealthState;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * What is going on, read-only: {@code GET /v1/explain?name=&type=&client=} (the policy engine's
 * explain with the live health, as JSON) and {@code GET /v1/status} (cluster members, balancers' load, agents and
 * their freshness, each endpoint's consensus with its provenance).
 */
final class InsightRoutes {

  private final Current<Snapshot> snapshot;
  private final HealthFeed feed;
  private final HazelcastInstance hazelcast;
  private final Clock clock;

  InsightRoutes(Current<Snapshot> snapshot, HealthFeed feed, HazelcastInstance hazelcast, Clock clock) {
    this.snapshot = snapshot;
    this.feed = feed;
    this.hazelcast = hazelcast;
    this.clock = clock;
  }

  void mount(Router router) {
    router.get("/v1/explain").handler(Auth.require(Role.VIEWER)).blockingHandler(this::explain);
    router.get("/v1/status").handler(Auth.require(Role.VIEWER)).blockingHandler(this::status);
  }

  private void explain(RoutingContext ctx) {
    String nameText = ctx.request().getParam("name");
    if (nameText == null || nameText.isBlank()) {
      throw ApiProblem.badRequest("name", "is required, e.g. www.example.test");
    }
    Name name;
    try {
      name = Name.fromString(nameText.endsWith(".") ? nameText : nameText + ".");
    } catch (TextParseException e) {
      throw ApiProblem.badRequest("name", e.getMessage());
    }
    String typeText = ctx.request().getParam("type", "A");
    int type = Type.value(typeText.toUpperCase(Locale.ROOT));
    if (type < 0) {
      throw ApiProblem.badRequest("type", "unknown type '" + typeText + "'");
    }
    String clientText = ctx.request().getParam("client", "127.0.0.1");
    String[] parts = clientText.split("/", 2);
    byte[] bytes = Address.toByteArray(parts[0],
        parts[0].indexOf(':') >= 0 ? Address.IPv6 : Address.IPv4);
    if (bytes == null) {
      throw ApiProblem.badRequest("client", "'" + clientText + "' is not an address or ADDRESS/PREFIX");
    }
    int prefix = bytes.length * 8;
    if (parts.length == 2) {
      prefix = (int) parsePrefix(parts[1], bytes.length * 8);
    }
    InetAddress address;
    try {
      address = InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      throw ApiProblem.badRequest("client", e.getMessage());
    }
    Snapshot s = snapshot.get();
    Replies.json(ctx, 200, new Explainer(s, feed.health().viewFor(s.policies()), new SplittableRandom())
        .explain(name, type, address, prefix, parts.length == 2));
  }

  private static long parsePrefix(String text, int max) {
    try {
      long p = Long.parseLong(text);
      if (p < 0 || p > max) {
        throw ApiProblem.badRequest("client", "prefix must be 0-" + max + ", got " + p);
      }
      return p;
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest("client", "prefix must be a number, got '" + text + "'");
    }
  }

  private void status(RoutingContext ctx) {
    long now = clock.millis();
    HealthState state = feed.health().state();
    Map<String, Object> body = new LinkedHashMap<>();
    Snapshot s = snapshot.get();
    body.put("configVersion", s.version());
    List<Map<String, Object>> members = new ArrayList<>();
    for (Member m : hazelcast.getCluster().getMembers()) {
      Map<String, Object> member = new LinkedHashMap<>();
      member.put("address", m.getAddress().toString());
      member.put("role", m.getAttribute("meridian.role"));
      member.put("local", m.localMember());
      members.add(member);
    }
    body.put("cluster", Map.of("name", hazelcast.getConfig().getClusterName(), "members", members));
    List<Map<String, Object>> agents = new ArrayList<>();
    for (AgentBeat beat : feed.shared().beats().values()) {
      long age = now - beat.atEpochMillis();
      Map<String, Object> agent = new LinkedHashMap<>();
      agent.put("agent", beat.agent());
      agent.put("region", beat.region());
      agent.put("targets", beat.targets());
      agent.put("lastHeartbeatMillisAgo", age);
      agent.put("fresh", age <= s.health().staleAfter().toMillis());
      agents.add(agent);
    }
    body.put("agents", agents);
    body.put("health", Map.of(
        "freshAgents", state.freshAgents(),
        "knownAgents", state.knownAgents(),
        "builtMillisAgo", state.builtAtEpochMillis() == 0 ? -1 : now - state.builtAtEpochMillis(),
        "staleEndpoints", state.endpoints().values().stream()
            .filter(h -> h.source() == io.meridian.core.health.EndpointHealth.Source.STALE).count()));
    body.put("endpoints", state.endpoints().values());
    body.put("balancers", feed.balancers().loads().values());
    Replies.json(ctx, 200, body);
  }
}
