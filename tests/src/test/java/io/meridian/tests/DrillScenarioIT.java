package io.meridian.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Scenario 007, separate JVMs: a drill drains eu-west through the admin API; the report records
 * when every DNS server stopped answering the European client from eu-west, and when, after the
 * drill's duration, the answers came back. Unsafe drills are refused with the reason.
 */
class DrillScenarioIT {

  static final String TOKEN = "drill-token";
  static final ObjectMapper JSON = new ObjectMapper();

  private final List<AutoCloseable> open = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private String api;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void aDrillShiftsEuropeAndRecovers(@TempDir Path dir) throws Exception {
    String config = ScenarioConfig.write("007-drill", dir).toString();
    MeridianProcess admin = startAdmin(config);
    List<InetSocketAddress> servers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      MeridianProcess dns = MeridianProcess.start("dns", "--config", config);
      open.add(dns);
      servers.add(dns.awaitListening());
    }
    for (InetSocketAddress s : servers) {
      await().atMost(Duration.ofSeconds(30)).until(() -> Dns.answersFor(s, "www.drill.test.",
          Type.A, "81.2.69.0/24").equals(List.of("192.0.2.10")));
    }
    await("both DNS servers registered").atMost(Duration.ofSeconds(30))
        .until(() -> status().path("cluster").path("members").size() == 3);

    // refused: no reason; a region nobody runs in; too many regions at once
    assertEquals(400, post("/v1/drills", "{\"region\":\"eu-west\"}").statusCode());
    HttpResponse<String> nowhere = post("/v1/drills", "{\"region\":\"mars\",\"reason\":\"x\"}");
    assertEquals(409, nowhere.statusCode(), nowhere.body());
    assertTrue(nowhere.body().contains("no endpoint runs in 'mars'"), nowhere.body());

    HttpResponse<String> started = post("/v1/drills",
        "{\"region\":\"eu-west\",\"mode\":\"drain\",\"duration\":\"3s\",\"reason\":\"quarterly drill\"}");
    assertEquals(201, started.statusCode(), started.body());
    String id = JSON.readTree(started.body()).path("id").asText();
    HttpResponse<String> again = post("/v1/drills",
        "{\"region\":\"eu-west\",\"duration\":\"3s\",\"reason\":\"again\"}");
    assertEquals(409, again.statusCode(), again.body());
    assertTrue(again.body().contains("a drill of eu-west is running"), again.body());
    HttpResponse<String> both = post("/v1/drills",
        "{\"region\":\"us-east\",\"duration\":\"3s\",\"reason\":\"both\"}");
    assertEquals(409, both.statusCode(), both.body());
    assertTrue(both.body().contains("2 of 2 regions would be out"), both.body());

    JsonNode report = await("the drill ends and answers recover").atMost(Duration.ofSeconds(60))
        .until(() -> drill(id), r -> r.path("state").asText().equals("DONE"));
    assertEquals(2, report.path("servers").asInt(), report.toString());
    JsonNode watches = report.path("watches");
    assertEquals(1, watches.size(), "only the European client was answered from eu-west: " + report);
    JsonNode europe = watches.get(0);
    assertEquals("europe", europe.path("client").asText());
    assertEquals("[\"192.0.2.10\"]", europe.path("before").toString());
    assertEquals("[\"198.51.100.10\"]", europe.path("during").toString());
    assertTrue(europe.path("shiftedAfterMillis").asLong() >= 0, report.toString());
    assertTrue(europe.path("recoveredAfterMillis").asLong() >= 0, report.toString());
    String timeline = report.path("timeline").toString();
    for (String step : List.of("start: drain region eu-west", "first shifted answer",
        "all answers shifted", "end (duration passed)", "recovered: every answer as before")) {
      assertTrue(timeline.contains(step), step + " in " + timeline);
    }
    for (InetSocketAddress s : servers) {
      assertEquals(List.of("192.0.2.10"), Dns.answersFor(s, "www.drill.test.", Type.A, "81.2.69.0/24"));
    }
    JsonNode audit = JSON.readTree(get("/v1/audit").body()).path("items");
    assertTrue(audit.toString().contains("drill " + id + " drains eu-west"), audit.toString());

    // the CLI follows a drill to its summary
    MeridianProcess cli = MeridianProcess.run(Map.of("MERIDIAN_TOKEN", TOKEN, "MERIDIAN_SERVER", api),
        "drill", "start", "--region", "eu-west", "--duration", "2s", "--reason", "cli drill");
    assertEquals(0, cli.exitCode(), cli.output());
    assertTrue(cli.output().contains(
        "europe www.drill.test.: [\"192.0.2.10\"] -> [\"198.51.100.10\"], shifted after"),
        cli.output());
  }

  @Test
  void aDrillWhoseMemberDiesEndsWithItsLease(@TempDir Path dir) throws Exception {
    String config = ScenarioConfig.write("007-drill", dir).toString();
    MeridianProcess admin = startAdmin(config);
    Processes dnsServers = new Processes();
    open.add(dnsServers);
    InetSocketAddress server = dnsServers.dnsServers(config, 1).get(0);
    await().atMost(Duration.ofSeconds(30)).until(() -> status().path("cluster").path("members").size() == 2);
    HttpResponse<String> started = post("/v1/drills",
        "{\"region\":\"eu-west\",\"duration\":\"10m\",\"reason\":\"lease\"}");
    assertEquals(201, started.statusCode(), started.body());
    await().atMost(Duration.ofSeconds(30)).until(() -> Dns.answersFor(server, "www.drill.test.",
        Type.A, "81.2.69.0/24").equals(List.of("198.51.100.10")));

    admin.signal("KILL"); // the member running the drill dies; nobody ends it
    // its lease (a few seconds) lapses on the DNS server, long before the drill's 10 minutes
    await("the region comes back by itself").atMost(Duration.ofSeconds(30))
        .until(() -> Dns.answersFor(server, "www.drill.test.", Type.A, "81.2.69.0/24")
            .equals(List.of("192.0.2.10")));
  }

  /** The admin API of {@code config}; sets {@link #api}. */
  private MeridianProcess startAdmin(String config) throws Exception {
    MeridianProcess admin = MeridianProcess.start(Map.of("MERIDIAN_ADMIN_TOKEN", TOKEN),
        "admin", "--config", config);
    open.add(admin);
    api = admin.awaitLine("admin API on (http://\\S+)/v1");
    return admin;
  }

  private JsonNode drill(String id) throws Exception {
    return JSON.readTree(get("/v1/drills/" + id).body());
  }

  private JsonNode status() throws Exception {
    return JSON.readTree(get("/v1/status").body());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(api + path))
        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(api + path))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
