package io.meridian.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/**
 * Scenario 004: the real process answers a geolocation → failover policy per ECS client, moves EU
 * clients to the backup when the EU endpoint is marked down in the file, and explains answers.
 */
class PolicyScenarioIT {

  private static final String EU = "81.2.69.0/24";
  private static final String US = "8.8.8.0/24";

  @Test
  void answersFollowTheClientAndTheConfiguredHealth(@TempDir Path dir) throws Exception {
    ReloadScenarioIT.copyScenario("004-policies", dir);
    Path yaml = dir.resolve("meridian.yaml");
    try (MeridianProcess meridian = MeridianProcess.start("up", "--config", yaml.toString())) {
      var server = meridian.awaitListening();
      assertEquals(List.of("192.0.2.10"), Dns.answersFor(server, "www.policy.test.", Type.A, EU));
      assertEquals(List.of("198.51.100.10"), Dns.answersFor(server, "www.policy.test.", Type.A, US));

      Message reply = Dns.askFor(server, "www.policy.test.", Type.A, EU);
      ClientSubnetOption ecs = (ClientSubnetOption)
          reply.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
      assertEquals(24, ecs.getSourcePrefixLength());
      assertTrue(ecs.getScopePrefixLength() > 0 && ecs.getScopePrefixLength() <= 24,
          "a geo answer's scope covers the merged GeoIP network: " + ecs.getScopePrefixLength());
      assertEquals(20, reply.getSection(org.xbill.DNS.Section.ANSWER).get(0).getTTL());

      Path temp = dir.resolve("meridian.yaml.tmp");
      Files.writeString(temp, Files.readString(yaml).replace("health: up", "health: down"));
      Files.move(temp, yaml, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      await().atMost(Duration.ofSeconds(30)).until(
          () -> Dns.answersFor(server, "www.policy.test.", Type.A, EU).equals(List.of("198.51.100.10")));
      meridian.stop();
    }
  }

  @Test
  void explainShowsTheClientTheStepsAndTheAnswer(@TempDir Path dir) throws Exception {
    ReloadScenarioIT.copyScenario("004-policies", dir);
    MeridianProcess explain = MeridianProcess.run("explain", "--config",
        dir.resolve("meridian.yaml").toString(), "--name", "www.policy.test", "--type", "A",
        "--client", "81.2.69.142");
    assertEquals(0, explain.exitCode(), explain.output());
    String out = explain.output();
    for (String expected : List.of(
        "client   81.2.69.142 (source address)",
        "geoip    GB / EU",
        "answered by policy www (ttl 20)",
        "  policy www", "    geo: ", "  policy eu", "    priority: ",
        "answer   www.policy.test. 20 IN A 192.0.2.10   (eu/dub-1)",
        "ecs scope /")) {
      assertTrue(out.contains(expected), "missing <" + expected + "> in:\n" + out);
    }
  }
}
