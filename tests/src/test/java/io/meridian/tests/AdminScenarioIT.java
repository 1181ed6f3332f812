package io.meridian.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * Scenario 006, separate JVMs: {@code meridian admin} and two {@code meridian dns} in one cluster.
 * A change through the API shows up in both DNS servers; a change acknowledged with 200 survives
 * {@code kill -9} of the admin process right after the reply; a DNS server started later serves
 * the cluster's current version, not its file's.
 */
class AdminScenarioIT {

  static final String TOKEN = "scenario-admin-token";
  static final String EU = "192.0.2.10";
  static final String US = "198.51.100.10";
  static final String US_FIRST = "{\"routing\":\"failover\",\"targets\":[{\"pool\":\"us\",\"priority\":1},"
      + "{\"pool\":\"eu\",\"priority\":2}]}";

  private final List<AutoCloseable> open = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void apiChangesReachEveryDnsServerAndSurviveKill9(@TempDir Path dir) throws Exception {
    Path yaml = ScenarioConfig.write("006-admin", dir);
    String config = yaml.toString();
    MeridianProcess admin = admin(config);
    String api = admin.awaitLine("admin API on (http://\\S+)/v1");
    List<InetSocketAddress> servers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      MeridianProcess dns = MeridianProcess.start("dns", "--config", config);
      open.add(dns);
      servers.add(dns.awaitListening());
    }
    awaitAll(servers, EU);

    // a change through the API reaches both DNS servers
    HttpResponse<String> put = send(api, "PUT", "/v1/policies/www", US_FIRST, "If-Match", "\"v1\"");
    assertEquals(200, put.statusCode(), put.body());
    assertTrue(put.body().contains("from eu-west to us-east"), put.body());
    awaitAll(servers, US);

    // acknowledged, then killed at once: the change is on disk
    HttpResponse<String> back = send(api, "POST", "/v1/config/versions/1/restore", null);
    assertEquals(200, back.statusCode(), back.body());
    admin.signal("KILL");
    awaitAll(servers, EU); // the DNS servers had it before the reply
    admin = admin(config);
    api = admin.awaitLine("admin API on (http://\\S+)/v1");
    HttpResponse<String> after = send(api, "GET", "/v1/config", null);
    assertEquals("\"v3\"", after.headers().firstValue("ETag").orElseThrow(), after.body());
    assertTrue(admin.output().contains("config version 3"), admin.output());

    // a DNS server that starts now serves the cluster's version, not its file's
    assertEquals(200, send(api, "PUT", "/v1/policies/www", US_FIRST).statusCode());
    MeridianProcess late = MeridianProcess.start("dns", "--config", config);
    open.add(late);
    InetSocketAddress lateServer = late.awaitListening();
    awaitAll(List.of(lateServer), US);
    awaitAll(servers, US);

    // the declarative client: get, apply a file (diff first), roll back
    Map<String, String> env = Map.of("MERIDIAN_TOKEN", TOKEN, "MERIDIAN_SERVER", api);
    MeridianProcess get = MeridianProcess.run(env, "get");
    assertEquals(0, get.exitCode(), get.output());
    Path wanted = dir.resolve("wanted.yaml");
    Files.writeString(wanted, get.output().lines().filter(l -> !l.startsWith("# version"))
        .map(l -> l.replace("pool: us", "pool: tmp").replace("pool: eu", "pool: us")
            .replace("pool: tmp", "pool: eu"))
        .reduce("", (a, b) -> a + b + "\n"));
    MeridianProcess apply = MeridianProcess.run(env, "apply", "-f", wanted.toString(), "-m", "eu first");
    assertEquals(0, apply.exitCode(), apply.output());
    assertTrue(apply.output().contains("--- running \"v4\""), apply.output());
    assertTrue(apply.output().contains("from us-east to eu-west"), apply.output());
    awaitAll(servers, EU);
    MeridianProcess again = MeridianProcess.run(env, "apply", "-f", wanted.toString());
    assertTrue(again.output().contains("nothing to apply"), again.output());
    MeridianProcess rollback = MeridianProcess.run(env, "rollback", "4");
    assertEquals(0, rollback.exitCode(), rollback.output());
    awaitAll(servers, US);
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "zones: []\n");
    MeridianProcess rejected = MeridianProcess.run(env, "apply", "-f", broken.toString());
    assertEquals(2, rejected.exitCode(), rejected.output());
    assertTrue(rejected.output().contains("at least one zone is required"), rejected.output());
  }

  private MeridianProcess admin(String config) throws Exception {
    MeridianProcess p = MeridianProcess.start(Map.of("MERIDIAN_ADMIN_TOKEN", TOKEN),
        "admin", "--config", config);
    open.add(p);
    return p;
  }

  private HttpResponse<String> send(String api, String method, String path, String body,
      String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path))
        .header("Authorization", "Bearer " + TOKEN)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitAll(List<InetSocketAddress> servers, String expected) {
    await("every DNS server answers " + expected).atMost(Duration.ofSeconds(30)).until(() -> {
      for (InetSocketAddress s : servers) {
        if (!Dns.answers(s, "www.admin.test.", Type.A).equals(List.of(expected))) {
          return false;
        }
      }
      return true;
    });
  }
}
