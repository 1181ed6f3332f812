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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * The embedded default is the whole system: {@code meridian up} with no arguments runs DNS, the
 * admin API, an agent, and three regions each with a balancer in front of two demo backends.
 * Clients from three continents get their region's balancer and reach its backends through it; a
 * {@code fail} drill of eu-west makes eu-west's balancer refuse traffic and moves the European
 * client to us-east, and a client that follows DNS is served by us-east until the drill ends; then
 * everything is as before. The drill's report holds the L7 side: eu-west's traffic falling to zero.
 */
class WholeSystemScenarioIT {

  static final String TOKEN = "whole-system";
  static final ObjectMapper JSON = new ObjectMapper();
  static final String EUROPE = "81.2.69.0/24";
  static final InetSocketAddress DNS = new InetSocketAddress("127.0.0.1", 5353);
  static final Duration WAIT = Duration.ofSeconds(60);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void clientsReachTheirRegionAndAFailDrillMovesEurope(@TempDir Path dir) throws Exception {
    try (MeridianProcess up =
        MeridianProcess.startIn(dir, Map.of("MERIDIAN_ADMIN_TOKEN", TOKEN), "up")) {
      String api = up.awaitLine("admin API on (http://\\S+)/v1");
      up.awaitLine("balancer ap-south/lb on (127.0.0.13:8080)");
      Map<String, String> regionOf =
          Map.of(EUROPE, "127.0.0.11", "8.8.8.0/24", "127.0.0.12", "1.0.16.0/24", "127.0.0.13");
      for (Map.Entry<String, String> client : regionOf.entrySet()) {
        await().atMost(WAIT).until(() -> app(client.getKey()).equals(List.of(client.getValue())));
      }
      for (String[] region :
          List.of(new String[] {"127.0.0.11", "eu-west"}, new String[] {"127.0.0.12", "us-east"},
              new String[] {"127.0.0.13", "ap-south"})) {
        HttpResponse<String> hello = get("http://" + region[0] + ":8080/");
        assertEquals(200, hello.statusCode());
        assertTrue(hello.body().startsWith("hello from " + region[1] + "-"), hello.body());
      }
      await("every balancer reports its load").atMost(WAIT)
          .until(() -> status(api).path("balancers").size() == 3);

      // a European client that resolves and then calls what DNS said, every 20 ms
      Map<String, LongAdder> servedBy = new ConcurrentHashMap<>();
      LongAdder failed = new LongAdder();
      AtomicBoolean running = new AtomicBoolean(true);
      Thread client = new Thread(() -> {
        while (running.get()) {
          try {
            List<String> answer = app(EUROPE);
            HttpResponse<String> r = get("http://" + answer.get(0) + ":8080/");
            String who = r.statusCode() == 200 ? r.body().trim() : "HTTP " + r.statusCode();
            servedBy.computeIfAbsent(who, k -> new LongAdder()).increment();
            Thread.sleep(20);
          } catch (Exception e) {
            failed.increment();
          }
        }
      });
      client.start();
      try {
        await("eu-west's balancer reports the client's traffic").atMost(WAIT)
            .until(() -> load(api, "eu-west") > 5);
        HttpResponse<String> started = post(api, "/v1/drills",
            "{\"region\":\"eu-west\",\"mode\":\"fail\",\"duration\":\"15s\",\"reason\":\"whole-system test\"}");
        assertEquals(201, started.statusCode(), started.body());
        String id = JSON.readTree(started.body()).path("id").asText();

        await("the European client is answered from us-east").atMost(WAIT)
            .until(() -> app(EUROPE).equals(List.of("127.0.0.12")));
        await("eu-west's balancer refuses during a fail drill").atMost(WAIT)
            .until(() -> get("http://127.0.0.11:8080/").statusCode() == 503);
        await().atMost(WAIT).until(() -> servedBy.keySet().stream().anyMatch(k -> k.contains("in us-east")));
        // spill.example.test spreads Europe over the two regions left, by their headroom (alike)
        java.util.Set<List<String>> spilled = new java.util.HashSet<>();
        for (int i = 0; i < 40; i++) {
          spilled.add(Dns.answersFor(DNS, "spill.example.test.", Type.A, EUROPE));
        }
        assertEquals(java.util.Set.of(List.of("127.0.0.12"), List.of("127.0.0.13")), spilled);

        JsonNode report = await("the drill ends and answers recover").atMost(Duration.ofSeconds(90))
            .until(() -> json(get(api + "/v1/drills/" + id, TOKEN)), r -> r.path("state").asText().equals("DONE"));
        String timeline = report.path("timeline").toString();
        for (String step : List.of("start: fail region eu-west", "all answers shifted",
            "L7: eu-west's balancers see no more client requests", "end (duration passed)",
            "recovered: every answer as before")) {
          assertTrue(timeline.contains(step), step + " in " + timeline + "\nload: " + report.path("load"));
        }
        assertTrue(report.path("load").get(0).path("requestsPerSecond").asDouble() > 0, report.toString());
        assertTrue(report.path("trafficGoneAfterMillis").asLong() > 0, report.toString());
        assertEquals(200, get("http://127.0.0.11:8080/").statusCode(), "eu-west serves again");
        assertEquals(List.of("127.0.0.11"), app(EUROPE));
        String audit = get(api + "/v1/audit", TOKEN).body();
        assertTrue(audit.contains("drill " + id + " fails eu-west"), audit);
      } finally {
        running.set(false);
        client.join();
      }
      up.stop();
    }
  }

  private static List<String> app(String subnet) throws Exception {
    return Dns.answersFor(DNS, "app.example.test.", Type.A, subnet);
  }

  /** The requests per second eu-west's balancer reports to the cluster. */
  private double load(String api, String region) throws Exception {
    for (JsonNode b : status(api).path("balancers")) {
      if (b.path("region").asText().equals(region)) {
        return b.path("requestsPerSecond").asDouble();
      }
    }
    return 0;
  }

  private JsonNode status(String api) throws Exception {
    return json(get(api + "/v1/status", TOKEN));
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String url, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String api, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(api + path))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
