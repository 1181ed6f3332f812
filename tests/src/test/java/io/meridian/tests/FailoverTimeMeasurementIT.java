package io.meridian.tests;

import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * How long from a backend failing until every DNS server answers without it, and from its
 * recovery until both answer with it again: two {@code meridian dns} and three {@code meridian
 * agent} processes on loopback, checks every 500 ms with fall 2 and rise 2 (issue 4's benchmark).
 * A measurement, not a test: it prints numbers and asserts nothing. Run it with {@code
 * bench/health/failover.sh} (or {@code mvn -o -pl tests verify -Dit.test=FailoverTimeMeasurement
 * -Dmeridian.measure=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}).
 */
@EnabledIfSystemProperty(named = "meridian.measure", matches = "true")
class FailoverTimeMeasurementIT {

  static final int ROUNDS = Integer.getInteger("meridian.measure.rounds", 10);
  static final String EU = "127.0.0.11";
  static final String US = "127.0.0.12";

  @Test
  void failureToAnswers(@TempDir Path dir) throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(EU))) {
      port = s.getLocalPort();
    }
    List<AutoCloseable> open = new ArrayList<>();
    try {
      Backend eu = new Backend(EU, port);
      open.add(eu);
      open.add(new Backend(US, port));
      Path yaml = ScenarioConfig.write("005-health", dir, "@CHECK_PORT@", Integer.toString(port),
          "interval: 500ms, timeout: 450ms, rise: 2, fall: 3",
          "interval: 500ms, timeout: 400ms, rise: 2, fall: 2",
          "heartbeat: 250ms", "heartbeat: 500ms",
          "stale_after: 1500ms", "stale_after: 2s");
      String config = yaml.toString();
      List<InetSocketAddress> servers = new ArrayList<>();
      List<MeridianProcess> dnsProcesses = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        MeridianProcess dns = MeridianProcess.start("dns", "--config", config);
        open.add(dns);
        dnsProcesses.add(dns);
        servers.add(dns.awaitListening());
      }
      for (String region : List.of("eu-west", "us-east", "ap-south")) {
        MeridianProcess agent = MeridianProcess.start(
            "agent", "--config", config, "--region", region, "--name", "m-" + region);
        open.add(agent);
      }
      // measured from a formed cluster: every DNS server hears all three agents
      await().atMost(Duration.ofSeconds(60)).until(() -> dnsProcesses.stream()
          .allMatch(p -> p.output().contains("health: 3 of 3 agents fresh")));
      await().atMost(Duration.ofSeconds(60)).until(() -> all(servers, EU));
      List<Long> failMillis = new ArrayList<>();
      List<Long> recoverMillis = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        // a random phase against the probes' schedule
        long wait = System.nanoTime() + ThreadLocalRandom.current().nextLong(500_000_000L);
        await().pollInterval(Duration.ofMillis(5)).until(() -> System.nanoTime() >= wait);
        long t0 = System.nanoTime();
        eu.fail();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
            .until(() -> all(servers, US));
        failMillis.add((System.nanoTime() - t0) / 1_000_000);
        long t1 = System.nanoTime();
        eu.recover();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
            .until(() -> all(servers, EU));
        recoverMillis.add((System.nanoTime() - t1) / 1_000_000);
      }
      System.out.println("failover-time: interval 500ms, fall 2, rise 2, 3 agents, 2 DNS servers, "
          + ROUNDS + " rounds");
      System.out.println("failover-time: failure -> every DNS server without it (ms): "
          + summary(failMillis) + " all " + failMillis);
      System.out.println("failover-time: recovery -> every DNS server with it again (ms): "
          + summary(recoverMillis) + " all " + recoverMillis);
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
  }

  private static boolean all(List<InetSocketAddress> servers, String expected) throws Exception {
    for (InetSocketAddress s : servers) {
      if (!Dns.answers(s, "app.health.test.", Type.A).equals(List.of(expected))) {
        return false;
      }
    }
    return true;
  }

  private static String summary(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return String.format(Locale.ROOT, "min %d, median %d, p90 %d, max %d", sorted.get(0),
        sorted.get(n / 2), sorted.get(Math.min(n - 1, (int) Math.ceil(n * 0.9) - 1)), sorted.get(n - 1));
  }
}
