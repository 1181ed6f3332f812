package io.meridian.tests;

import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * How long from the admin API's 200 until every DNS server answers the new way: {@code meridian
 * admin} and two {@code meridian dns} processes on loopback (scenario 006's config), a policy
 * flipped back and forth, both servers polled over UDP every millisecond after each reply.
 * A measurement, not a test (issue 5's benchmark): run by {@code bench/admin/propagation.sh}.
 */
@EnabledIfSystemProperty(named = "meridian.measure", matches = "true")
class PropagationMeasurementIT {

  static final int ROUNDS = Integer.getInteger("meridian.measure.rounds", 50);
  static final String TOKEN = "measure-token";

  @Test
  void apiToEveryDnsServer(@TempDir Path dir) throws Exception {
    Path yaml = ScenarioConfig.write("006-admin", dir);
    String config = yaml.toString();
    try (Processes processes = new Processes()) {
      String api = processes.admin(config, TOKEN);
      List<InetSocketAddress> servers = processes.dnsServers(config, 2);
      HttpClient http = HttpClient.newHttpClient();
      String[] order = {"us", "eu"};
      String[] expect = {"198.51.100.10", "192.0.2.10"};
      await().atMost(Duration.ofSeconds(60)).until(() -> all(servers, expect[1]));
      List<Double> millis = new ArrayList<>();
      for (int round = 0; round < ROUNDS + 5; round++) {
        int k = round % 2;
        String body = "{\"routing\":\"failover\",\"targets\":[{\"pool\":\"" + order[k]
            + "\",\"priority\":1},{\"pool\":\"" + order[1 - k] + "\",\"priority\":2}]}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/v1/policies/www"))
            .header("Authorization", "Bearer " + TOKEN)
            .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        long replied = System.nanoTime();
        if (r.statusCode() != 200) {
          throw new AssertionError(r.body());
        }
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(1)).until(() -> all(servers, expect[k]));
        if (round >= 5) { // the first rounds warm the JITs up
          millis.add((System.nanoTime() - replied) / 1e6);
        }
      }
      Collections.sort(millis);
      int n = millis.size();
      System.out.printf(Locale.ROOT,
          "propagation: API 200 -> both DNS servers answer the new way, %d changes: min %.1f ms,"
              + " median %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          n, millis.get(0), millis.get(n / 2), millis.get((int) Math.ceil(n * 0.9) - 1),
          millis.get((int) Math.ceil(n * 0.99) - 1), millis.get(n - 1));
    }
  }

  private static boolean all(List<InetSocketAddress> servers, String expected) throws Exception {
    for (InetSocketAddress s : servers) {
      if (!Dns.answers(s, "www.admin.test.", Type.A).equals(List.of(expected))) {
        return false;
      }
    }
    return true;
  }
}
