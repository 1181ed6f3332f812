package io.meridian.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import io.meridian.core.cluster.ClusterMember;
import io.meridian.core.cluster.HealthFeed;
import io.meridian.core.cluster.SharedConfig;
import io.meridian.core.config.ClusterConfig;
import io.meridian.core.config.ServedDocument;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.SnapshotCompiler;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API over real HTTP (JDK client), on a real Hazelcast member, with its data on disk:
 * every resource kind, every role's permissions and denials, If-Match conflicts, validation
 * errors naming the field, size limits, dry runs, overrides, tokens, audit, restart durability.
 */
class AdminApiIT {

  static final String ADMIN = "test-admin-secret";
  static final ObjectMapper JSON = new ObjectMapper();
  static HazelcastInstance member;
  static Vertx vertx;

  @TempDir Path dir;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final List<AutoCloseable> open = new ArrayList<>();
  AdminRole admin;
  Current<Snapshot> current;
  String base;

  static final String CONFIG = """
      admin: { listen: "127.0.0.1:0", data_dir: data, max_body_bytes: 4096 }
      regions:
        eu-west: { latitude: 53.35, longitude: -6.26 }
        us-east: { latitude: 38.90, longitude: -77.04 }
      pools:
        eu:
          endpoints:
            - { name: dub-1, address: 192.0.2.10, region: eu-west, weight: 5 }
        us:
          endpoints:
            - { name: iad-1, address: 198.51.100.10, region: us-east }
      policies:
        www:
          routing: failover
          targets:
            - { pool: eu, priority: 1 }
            - { pool: us, priority: 2 }
      zones:
        - name: example.test.
          soa: { mname: ns1, rname: hostmaster }
          records:
            - { name: "@", type: NS, value: ns1 }
            - { name: ns1, type: A, value: 192.0.2.53 }
            - { name: www, policy: www, ttl: 30 }
      """;

  @BeforeAll
  static void cluster() {
    member = ClusterMember.start(
        new ClusterConfig("admin-api-it", "127.0.0.1", 45701, 100, List.of(), Duration.ofSeconds(5)),
        "admin");
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopCluster() {
    vertx.close().await();
    member.shutdown();
  }

  @BeforeEach
  void start() throws Exception {
    Files.writeString(dir.resolve("meridian.yaml"), CONFIG);
    startAdmin();
  }

  void startAdmin() throws Exception {
    Path file = dir.resolve("meridian.yaml");
    ServedDocument served = new ServedDocument(() -> Files.readString(file), "meridian.yaml", dir);
    SnapshotCompiler compiler = new SnapshotCompiler(Clock.systemUTC());
    current = new Current<>(compiler.compile(served.read(), null));
    HealthFeed feed = new HealthFeed(member, current, Clock.systemUTC());
    open.add(feed);
    var registry = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    admin = AdminRole.start(vertx, current.get().admin().orElseThrow(), served, current, compiler,
        feed, member, new ArrayList<>(), Map.of(AdminRole.TOKEN_ENV, ADMIN), registry,
        registry::scrape);
    open.add(admin);
    base = "http://127.0.0.1:" + admin.port();
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    open.clear();
  }

  HttpResponse<String> send(String method, String path, String token, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  static void assertProblem(HttpResponse<String> r, int status, String detailPart) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
    JsonNode p = json(r);
    assertEquals(status, p.path("status").asInt());
    assertTrue(r.body().contains(detailPart), r.body());
  }

  String token(String name, String role) throws Exception {
    HttpResponse<String> r = send("POST", "/v1/tokens", ADMIN,
        "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
    assertEquals(201, r.statusCode(), r.body());
    return json(r).path("token").asText();
  }

  @Test
  void everyRouteButLivenessNeedsAValidToken() throws Exception {
    assertEquals(200, send("GET", "/healthz", null, null).statusCode());
    assertProblem(send("GET", "/v1/config", null, null), 401, "Bearer");
    assertProblem(send("GET", "/v1/config", "wrong", null), 401, "not valid");
    assertProblem(send("GET", "/metrics", null, null), 401, "Bearer");
    assertEquals(200, send("GET", "/v1/openapi.yaml", ADMIN, null).statusCode());
    assertProblem(send("GET", "/v1/nothing", ADMIN, null), 404, "no route GET /v1/nothing");
  }

  @Test
  void rolesAllowWhatTheyIncludeAndDenyTheRest() throws Exception {
    String viewer = token("ci-viewer", "viewer");
    String operator = token("ci-operator", "operator");
    String drain = "{\"verb\":\"drain\",\"reason\":\"maintenance\"}";
    assertEquals(200, send("GET", "/v1/config", viewer, null).statusCode());
    assertEquals(200, send("GET", "/v1/pools/eu", viewer, null).statusCode());
    assertEquals(200, send("GET", "/v1/status", viewer, null).statusCode());
    assertProblem(send("PUT", "/v1/pools/eu", viewer, "{}"), 403, "needs the admin role");
    assertProblem(send("PUT", "/v1/overrides/regions/eu-west", viewer, drain), 403,
        "needs the operator role");
    assertProblem(send("GET", "/v1/tokens", operator, null), 403, "needs the admin role");
    assertProblem(send("GET", "/v1/audit", operator, null), 403, "admin");
    assertProblem(send("PUT", "/v1/config", operator, CONFIG), 403, "admin");
    assertEquals(200, send("PUT", "/v1/overrides/regions/eu-west", operator, drain).statusCode());
    assertEquals(204, send("DELETE", "/v1/overrides/regions/eu-west", operator, null).statusCode());
    // a revoked token stops working
    assertEquals(204, send("DELETE", "/v1/tokens/ci-viewer", ADMIN, null).statusCode());
    assertProblem(send("GET", "/v1/config", viewer, null), 401, "not valid");
    JsonNode firstPage = json(send("GET", "/v1/tokens?limit=1", ADMIN, null));
    assertEquals("/v1/tokens?limit=1&after=admin", firstPage.path("next").asText());
    assertEquals("ci-operator", json(send("GET", firstPage.path("next").asText(), ADMIN, null))
        .path("items").get(0).path("name").asText());
    JsonNode tokens = json(send("GET", "/v1/tokens", ADMIN, null));
    assertFalse(tokens.toString().contains("sha256"), "no hashes in listings: " + tokens);
    assertFalse(Files.readString(dir.resolve("data/tokens.json")).contains(operator),
        "tokens are stored hashed");
  }

  @Test
  void writesNeedTheCurrentVersionAndBumpIt() throws Exception {
    HttpResponse<String> read = send("GET", "/v1/config", ADMIN, null);
    assertEquals("\"v1\"", read.headers().firstValue("ETag").orElseThrow());
    String pool = "{\"endpoints\":[{\"name\":\"dub-1\",\"address\":\"192.0.2.10\","
        + "\"region\":\"eu-west\",\"weight\":7}]}";
    HttpResponse<String> put = send("PUT", "/v1/pools/eu", ADMIN, pool, "If-Match", "\"v1\"");
    assertEquals(200, put.statusCode(), put.body());
    assertEquals("\"v2\"", put.headers().firstValue("ETag").orElseThrow());
    assertEquals(2, json(put).path("version").asInt());
    assertEquals(7, json(send("GET", "/v1/pools/eu", ADMIN, null))
        .path("endpoints").get(0).path("weight").asInt());
    assertProblem(send("PUT", "/v1/pools/eu", ADMIN, pool, "If-Match", "\"v1\""), 412,
        "is not the current version \\\"v2\\\"");
    assertEquals(7, current.get().policies().endpoints().get(0).weight(),
        "the served snapshot follows accepted versions");
  }

  @Test
  void invalidChangesNameEveryFieldAndChangeNothing() throws Exception {
    // structural problems first (as for files), all of them at once ...
    String shape = "{\"endpoints\":[{\"name\":\"dub-1\",\"address\":\"192.0.2.10\","
        + "\"weight\":-1,\"colour\":\"red\"}]}";
    HttpResponse<String> r = send("PUT", "/v1/pools/eu", ADMIN, shape);
    assertProblem(r, 422, "2 problem(s); nothing was changed");
    assertTrue(r.body().contains("\"path\" : \"pools.eu.endpoints[0].weight\""), r.body());
    assertTrue(r.body().contains("\"path\" : \"pools.eu.endpoints[0].colour\""), r.body());
    // ... then what only compiling finds, again all of it
    String data = "{\"endpoints\":[{\"name\":\"dub-1\",\"address\":\"192.0.2.999\","
        + "\"region\":\"mars\"}]}";
    r = send("PUT", "/v1/pools/eu", ADMIN, data);
    assertProblem(r, 422, "Invalid configuration");
    assertTrue(r.body().contains("\"path\" : \"pools.eu.endpoints[0].region\""), r.body());
    assertTrue(r.body().contains("192.0.2.999"), r.body());
    // a recovery-time objective the prediction breaks is refused with the numbers
    r = send("PUT", "/v1/policies/www", ADMIN, "{\"routing\":\"failover\",\"rto\":\"1m\","
        + "\"targets\":[{\"pool\":\"eu\"}]}");
    assertProblem(r, 422, "policies.www.rto");
    assertTrue(r.body().contains("rto 60.0 s is not met by www.example.test.: no endpoint has a check"),
        r.body());
    assertProblem(send("PUT", "/v1/config", ADMIN, "zones: [unclosed"), 400, "not valid YAML");
    assertProblem(send("PUT", "/v1/pools/eu", ADMIN, "[1, 2]"), 400, "Expected object");
    assertProblem(send("PUT", "/v1/pools/eu", ADMIN, "{\"endpoints\": [}"), 400, "body");
    assertProblem(send("PUT", "/v1/pools/eu", ADMIN, "x".repeat(5000)), 413, "max_body_bytes");
    assertProblem(send("GET", "/v1/config/versions?limit=0", ADMIN, null), 400, "limit");
    assertProblem(send("GET", "/v1/explain?name=www.example.test&client=nope", ADMIN, null), 400,
        "client");
    assertProblem(send("DELETE", "/v1/policies/none", ADMIN, null), 404, "policies/none");
    assertEquals("\"v1\"", send("GET", "/v1/config", ADMIN, null).headers().firstValue("ETag")
        .orElseThrow(), "nothing was changed");
  }

  @Test
  void aDryRunSaysWhichAnswersMoveAndChangesNothing() throws Exception {
    HttpResponse<String> r = send("DELETE", "/v1/pools/eu?dryRun=true", ADMIN, null);
    // eu is still named by the policy: deleting it is invalid, so the dry run says why
    assertProblem(r, 422, "unknown pool");
    String policy = "{\"routing\":\"failover\",\"targets\":[{\"pool\":\"us\",\"priority\":1},"
        + "{\"pool\":\"eu\",\"priority\":2}]}";
    HttpResponse<String> dry = send("PUT", "/v1/policies/www?dryRun=true", ADMIN, policy);
    assertEquals(200, dry.statusCode(), dry.body());
    JsonNode d = json(dry);
    assertTrue(d.path("dryRun").asBoolean());
    assertTrue(d.path("clientsCompared").asInt() > 150, dry.body());
    assertTrue(d.path("moves").get(0).asText().startsWith("www.example.test. A: "), dry.body());
    assertTrue(d.path("moves").get(0).asText().endsWith("from eu-west to us-east"), dry.body());
    assertEquals("\"v1\"", send("GET", "/v1/config", ADMIN, null).headers().firstValue("ETag")
        .orElseThrow());
  }

  @Test
  void overridesReachTheClusterAndTheAuditLog() throws Exception {
    assertProblem(send("PUT", "/v1/overrides/endpoints/eu/dub-1", ADMIN, "{\"verb\":\"drain\"}"),
        400, "reason");
    assertProblem(send("PUT", "/v1/overrides/endpoints/eu/dub-1", ADMIN,
        "{\"verb\":\"explode\",\"reason\":\"x\"}"), 400, "verb");
    assertProblem(send("PUT", "/v1/overrides/endpoints/eu/nope", ADMIN,
        "{\"verb\":\"drain\",\"reason\":\"x\"}"), 404, "eu/nope");
    // a dry run says what draining a region would move, and sets nothing
    HttpResponse<String> dry = send("PUT", "/v1/overrides/regions/eu-west?dryRun=true", ADMIN,
        "{\"verb\":\"drain\",\"reason\":\"what if\"}");
    assertEquals(200, dry.statusCode(), dry.body());
    assertTrue(json(dry).path("moves").get(0).asText().endsWith("from eu-west to us-east"), dry.body());
    assertEquals(0, json(send("GET", "/v1/overrides", ADMIN, null)).path("items").size());
    HttpResponse<String> r = send("PUT", "/v1/overrides/endpoints/eu/dub-1", ADMIN,
        "{\"verb\":\"force-down\",\"reason\":\"disk failing\",\"expires_in\":\"10m\"}");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode listed = json(send("GET", "/v1/overrides", ADMIN, null));
    assertEquals("FORCE_DOWN", listed.path("items").get(0).path("verb").asText());
    JsonNode audit = json(send("GET", "/v1/audit", ADMIN, null)).path("items");
    assertEquals("force-down endpoint:eu/dub-1", audit.get(0).path("action").asText());
    assertEquals("admin", audit.get(0).path("who").asText());
    assertEquals("disk failing", audit.get(0).path("after").path("reason").asText());
    assertEquals(204, send("DELETE", "/v1/overrides/endpoints/eu/dub-1", ADMIN, null).statusCode());
  }

  @Test
  void versionsAreKeptAndRestoredAsNewVersionsThatSurviveARestart() throws Exception {
    String policy = "{\"routing\":\"failover\",\"targets\":[{\"pool\":\"us\",\"priority\":1}]}";
    assertEquals(200, send("PUT", "/v1/policies/www?message=us%20only", ADMIN, policy).statusCode());
    JsonNode versions = json(send("GET", "/v1/config/versions", ADMIN, null)).path("items");
    assertEquals(2, versions.get(0).path("number").asInt());
    assertEquals("us only", versions.get(0).path("message").asText());
    HttpResponse<String> restore = send("POST", "/v1/config/versions/1/restore", ADMIN, null);
    assertEquals(200, restore.statusCode(), restore.body());
    assertEquals(3, json(restore).path("version").asInt());
    stop();
    startAdmin();
    HttpResponse<String> after = send("GET", "/v1/config", ADMIN, null);
    assertEquals("\"v3\"", after.headers().firstValue("ETag").orElseThrow());
    assertEquals(send("GET", "/v1/config/versions/1", ADMIN, null).body(), after.body());
    assertEquals(3, new SharedConfig(member).current().orElseThrow().version(),
        "the cluster holds the current version");
  }

  @Test
  void everySectionIsAResource() throws Exception {
    record Put(String path, String body) {}
    for (Put p : List.of(
        new Put("/v1/checks/web", "{\"type\":\"tcp\",\"port\":443}"),
        new Put("/v1/regions/ap-south", "{\"latitude\":19.08,\"longitude\":72.88}"),
        new Put("/v1/locations/office", "[\"10.0.0.0/8\"]"),
        new Put("/v1/pools/eu/endpoints/dub-2",
            "{\"address\":\"192.0.2.11\",\"region\":\"eu-west\",\"check\":\"web\"}"),
        new Put("/v1/zones/other.test", "{\"soa\":{\"mname\":\"ns1\",\"rname\":\"hostmaster\"},"
            + "\"records\":[{\"name\":\"@\",\"type\":\"NS\",\"value\":\"ns1\"},"
            + "{\"name\":\"ns1\",\"type\":\"A\",\"value\":\"192.0.2.54\"}]}"))) {
      HttpResponse<String> r = send("PUT", p.path(), ADMIN, p.body());
      assertEquals(200, r.statusCode(), p.path() + ": " + r.body());
      assertEquals(200, send("GET", p.path(), ADMIN, null).statusCode(), p.path());
    }
    assertProblem(send("PUT", "/v1/locations/lab", ADMIN, "{\"a\":1}"), 400, "Expected array");
    // records by owner name, policy bindings included
    JsonNode www = json(send("GET", "/v1/zones/example.test/records/www", ADMIN, null));
    assertEquals("www", www.get(0).path("policy").asText());
    HttpResponse<String> api = send("PUT", "/v1/zones/example.test/records/api", ADMIN,
        "[{\"type\":\"CNAME\",\"value\":\"www\"}]");
    assertEquals(200, api.statusCode(), api.body());
    assertProblem(send("PUT", "/v1/zones/example.test/records/www", ADMIN,
        "[{\"type\":\"A\",\"value\":\"192.0.2.1\"}, {\"policy\":\"www\"}]"), 422, "policy");
    assertProblem(send("PUT", "/v1/zones/example.test/records/x", ADMIN, "[]"), 400, "body");
    assertEquals(200, send("DELETE", "/v1/zones/example.test/records/api", ADMIN, null).statusCode());
    assertProblem(send("GET", "/v1/zones/example.test/records/api", ADMIN, null), 404, "no records");
    JsonNode zones = json(send("GET", "/v1/zones", ADMIN, null));
    assertEquals("[\"example.test.\",\"other.test\"]", zones.path("items").toString());
    JsonNode page = json(send("GET", "/v1/regions?limit=1", ADMIN, null));
    assertEquals(1, page.path("items").size());
    assertEquals("/v1/regions?limit=1&after=eu-west", page.path("next").asText());
    int dub2 = current.get().policies().endpoints().stream()
        .filter(e -> e.key().equals("eu/dub-2")).findFirst().orElseThrow().id();
    assertTrue(current.get().policies().healthPlan().check(dub2) != null, "dub-2 is probed");
    assertEquals(200, send("DELETE", "/v1/pools/eu/endpoints/dub-2", ADMIN, null).statusCode());
    assertEquals(200, send("DELETE", "/v1/zones/other.test", ADMIN, null).statusCode());
    assertEquals(200, send("DELETE", "/v1/checks/web", ADMIN, null).statusCode());
    assertProblem(send("GET", "/v1/zones/other.test", ADMIN, null), 404, "zone other.test");
  }

  @Test
  void headersHaveALimitToo() throws Exception {
    // a raw socket: the JDK client reports the early reply and close as an EOF
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", admin.port())) {
      socket.getOutputStream().write(("GET /v1/config HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
          + ADMIN + "\r\nX-Padding: " + "x".repeat(20_000) + "\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String status = new java.io.BufferedReader(new java.io.InputStreamReader(
          socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII)).readLine();
      assertEquals("HTTP/1.1 431 Request Header Fields Too Large", status);
    }
  }

  @Test
  void withACertificateTheApiSpeaksHttpsOnly() throws Exception {
    stop();
    io.vertx.core.net.SelfSignedCertificate cert =
        io.vertx.core.net.SelfSignedCertificate.create("localhost");
    Files.writeString(dir.resolve("meridian.yaml"), CONFIG.replace(
        "max_body_bytes: 4096 }", "max_body_bytes: 4096, tls_cert: \"" + cert.certificatePath()
            + "\", tls_key: \"" + cert.privateKeyPath() + "\" }"));
    startAdmin();
    javax.net.ssl.TrustManager[] trustAll = {new javax.net.ssl.X509TrustManager() {
      public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}

      public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}

      public java.security.cert.X509Certificate[] getAcceptedIssuers() {
        return new java.security.cert.X509Certificate[0];
      }
    }};
    javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
    tls.init(null, trustAll, null);
    HttpClient https = HttpClient.newBuilder().sslContext(tls).build();
    HttpResponse<String> r = https.send(HttpRequest.newBuilder(
            URI.create("https://localhost:" + admin.port() + "/v1/config"))
        .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("TLSv1.3", r.sslSession().orElseThrow().getProtocol());
    // plain HTTP on the TLS port gets no answer
    assertThrowsAnything(() -> send("GET", "/healthz", null, null));
  }

  static void assertThrowsAnything(org.junit.jupiter.api.function.Executable e) {
    try {
      e.execute();
    } catch (Throwable expected) {
      return;
    }
    throw new AssertionError("plain HTTP was answered on the TLS listener");
  }

  @Test
  void explainStatusAndMetricsDescribeTheLiveState() throws Exception {
    JsonNode e = json(send("GET", "/v1/explain?name=www.example.test&client=81.2.69.0/24", ADMIN, null));
    assertEquals("NOERROR", e.path("rcode").asText());
    assertTrue(e.path("answers").get(0).asText().contains("192.0.2.10"), e.toString());
    assertTrue(e.path("health").get(0).asText().startsWith("eu/dub-1: up"), e.toString());
    JsonNode status = json(send("GET", "/v1/status", ADMIN, null));
    assertEquals("admin-api-it", status.path("cluster").path("name").asText());
    assertEquals(2, status.path("endpoints").size());
    String metrics = send("GET", "/metrics", ADMIN, null).body();
    assertTrue(metrics.contains("meridian_admin_requests_seconds_count"), metrics);
    assertTrue(metrics.contains("meridian_config_version 1.0"), metrics);
  }
}
