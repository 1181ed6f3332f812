package io.meridian.tests;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * Issue 7's benchmark: how long a drill takes to shift the European client, seen at both DNS
 * servers and through unbound (which adds what it cached: up to the record's 5 s TTL), and to
 * recover. Scenario 008's cluster without agents or balancers (a drain drill needs neither): the
 * admin API and two DNS servers in their own JVMs, unbound in front of them. A measurement, not a
 * test: it prints numbers and asserts nothing. Run it with {@code bench/drill/run.sh}.
 */
@EnabledIfSystemProperty(named = "meridian.measure", matches = "true")
class DrillShiftMeasurementIT {

  static final int ROUNDS = Integer.getInteger("meridian.measure.rounds", 10);
  static final String TOKEN = "measure";
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void timeToShift(@TempDir Path dir) throws Exception {
    Unbound.assumeInstalled();
    int resolverPort;
    try (ServerSocket s = new ServerSocket(0)) {
      resolverPort = s.getLocalPort();
    }
    String config = ScenarioConfig.write("008-end-to-end", dir, "@RESOLVER@",
        Integer.toString(resolverPort), "@HTTP@", "8080", "@EU1@", "9001", "@EU2@", "9002",
        "@US1@", "9001", "@US2@", "9002", "@AP1@", "9001", "@AP2@", "9002").toString();
    try (Processes processes = new Processes()) {
      String api = processes.admin(config, TOKEN);
      List<InetSocketAddress> servers = processes.dnsServers(config, 2);
      Unbound unbound = processes.add(
          Unbound.start(dir.resolve("unbound"), resolverPort, "e2e.test", servers));
      HttpClient http = HttpClient.newHttpClient();
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> JSON.readTree(
          http.send(request(api + "/v1/status").build(), HttpResponse.BodyHandlers.ofString()).body())
          .path("cluster").path("members").size() == 3);
      List<JsonNode> europe = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        // wait out the resolver's cache so every round starts from a cached eu-west answer
        await().atMost(Duration.ofSeconds(30)).until(() -> Dns.answersFor(unbound.address(),
            "app.e2e.test.", Type.A, "81.2.69.0/24").equals(List.of("127.0.0.21")));
        HttpResponse<String> started = http.send(request(api + "/v1/drills")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"region\":\"eu-west\",\"duration\":\"8s\","
                + "\"reason\":\"measure " + round + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        String id = JSON.readTree(started.body()).path("id").asText();
        JsonNode report = await().atMost(Duration.ofSeconds(90)).until(() -> JSON.readTree(http.send(
                request(api + "/v1/drills/" + id).build(), HttpResponse.BodyHandlers.ofString()).body()),
            r -> r.path("state").asText().equals("DONE"));
        for (JsonNode w : report.path("watches")) {
          if (w.path("client").asText().equals("europe")) {
            europe.add(w);
          }
        }
      }
      print("shift at both DNS servers", europe, w -> w.path("shiftedAfterMillis").asLong());
      print("shift through unbound (TTL 5 s)", europe,
          w -> w.path("shiftedViaResolversAfterMillis").asLong());
      print("recovery at both DNS servers", europe, w -> w.path("recoveredAfterMillis").asLong());
      print("recovery through unbound", europe,
          w -> w.path("recoveredViaResolversAfterMillis").asLong());
    }
  }

  private static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN);
  }

  private static void print(String what, List<JsonNode> watches, ToLongFunction<JsonNode> field) {
    long[] ms = watches.stream().mapToLong(field).sorted().toArray();
    long unseen = java.util.Arrays.stream(ms).filter(v -> v < 0).count();
    long[] seen = java.util.Arrays.stream(ms).filter(v -> v >= 0).toArray();
    if (seen.length == 0) {
      System.out.printf("drill-shift: %-34s n=%d, never seen%n", what, ms.length);
      return;
    }
    System.out.printf("drill-shift: %-34s n=%d  min %d  median %d  p90 %d  max %d ms%s%n", what,
        seen.length, seen[0], seen[seen.length / 2], seen[(int) Math.ceil(seen.length * 0.9) - 1],
        seen[seen.length - 1], unseen > 0 ? "  (" + unseen + " not seen)" : "");
  }
}
