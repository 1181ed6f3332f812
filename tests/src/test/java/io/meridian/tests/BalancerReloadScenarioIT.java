package io.meridian.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meridian balancer --region}: its balancers follow edits of the Meridian configuration
 * file, and a bad edit is reported with its path while the running balancer keeps serving.
 */
class BalancerReloadScenarioIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private final HttpClient http = HttpClient.newHttpClient();

  private static String config(int port, String answer) {
    return """
        regions:
          eu-west: { latitude: 53.35, longitude: -6.26 }
        zones:
          - name: a.test.
            soa: { mname: ns1, rname: hostmaster }
            records:
              - { name: "@", type: NS, value: ns1 }
              - { name: ns1, type: A, value: 192.0.2.53 }
        balancers:
          - region: eu-west
            config:
              listeners: [{ address: "127.0.0.1:%d" }]
              routes: [{ respond: { status: 200, body: "%s" } }]
        """.formatted(port, answer);
  }

  @Test
  void balancersFollowTheFileAndKeepServingThroughABadEdit(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path yaml = dir.resolve("meridian.yaml");
    Files.writeString(yaml, config(port, "one"));
    try (MeridianProcess balancer = MeridianProcess.start(Map.of(),
        "balancer", "--region", "eu-west", "--config", yaml.toString())) {
      balancer.awaitLine("balancer eu-west/lb on");
      assertEquals("one", body(port));

      Files.writeString(yaml, config(port, "two"));
      await("the edit reaches the balancer").atMost(WAIT).ignoreExceptions()
          .until(() -> body(port).equals("two"));

      Files.writeString(yaml, config(port, "two").replace("status: 200", "status: 1000"));
      await("the bad edit is reported").atMost(WAIT)
          .until(() -> balancer.count("balancers keep their running configuration") >= 1);
      assertTrue(balancer.output().contains("balancers[0].config.routes[0]"), balancer.output());
      assertEquals("two", body(port));
    }
  }

  private String body(int port) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
