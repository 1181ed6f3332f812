package io.meridian.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * Scenario 005, every role in its own JVM: one {@code meridian dns} and three {@code meridian
 * agent}s (eu-west, us-east, ap-south) form a cluster on loopback and probe two real HTTP
 * backends. Answers follow the agents' consensus: a failing primary leaves the answers and comes
 * back; an agent frozen with SIGSTOP does not stop the other two from deciding; a killed member
 * does not stop DNS answers; and a DNS server that sees only one of three agents keeps the last
 * consensus instead of following that one agent.
 */
class HealthScenarioIT {

  private static final String EU = "127.0.0.11";
  private static final String US = "127.0.0.12";
  private static final Duration SHIFT = Duration.ofSeconds(30);

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T keep(T closeable) {
    open.add(closeable);
    return closeable;
  }

  @Test
  void answersFollowTheAgentsConsensus(@TempDir Path dir) throws Exception {
    int port = freePort();
    Backend eu = keep(new Backend(EU, port));
    keep(new Backend(US, port));
    Path yaml = ScenarioConfig.write("005-health", dir, "@CHECK_PORT@", Integer.toString(port));
    String config = yaml.toString();
    dns = keep(MeridianProcess.start("dns", "--config", config));
    InetSocketAddress server = dns.awaitListening();
    MeridianProcess euAgent = keep(agent(config, "eu-west", "a-eu"));
    MeridianProcess usAgent = keep(agent(config, "us-east", "a-us"));
    MeridianProcess apAgent = keep(agent(config, "ap-south", "a-ap"));
    for (MeridianProcess agent : List.of(euAgent, usAgent, apAgent)) {
      await("agent joined").atMost(Duration.ofSeconds(60))
          .until(() -> agent.output().contains("probing 2 endpoint addresses") || !agent.isAlive());
      assertTrue(agent.isAlive(), agent.output());
    }
    await("three agents fresh at the DNS server").atMost(SHIFT)
        .until(() -> dns.output().contains("health: 3 of 3 agents fresh"));

    // the primary fails: every agent sees it, the consensus moves answers to the backup
    assertAnswers(server, EU);
    eu.fail();
    assertAnswers(server, US);
    // explain, joined to the cluster, shows the consensus with every agent's vote
    MeridianProcess explain = MeridianProcess.run(
        "explain", "--config", config, "--name", "app.health.test", "--live");
    String why = explain.output();
    assertEquals(0, explain.exitCode(), why);
    assertTrue(why.contains("health   app/eu: down (consensus: 0 of 3 fresh agents see it up)"), why);
    assertTrue(why.contains("a-ap@ap-south 127.0.0.11 down"), why);
    assertTrue(why.contains("health   app/us: up (consensus: 3 of 3 fresh agents see it up)"), why);
    // 500 ms x 1.1 x fall 3 + 450 ms timeout = 2.1 s, + 0.1 s propagation + TTL 5 s
    assertTrue(why.contains("failover a failure leaves every resolver's answers within 7.2 s:"
        + " detection 2.1 s (http every 500ms, fall 3, timeout 450ms) + propagation 0.1 s + TTL 5 s"),
        why);
    eu.recover();
    assertAnswers(server, EU);

    // every role exports Prometheus metrics: queries, policy answers by region, consensus, probes
    String dnsMetrics = scrape(dns.awaitLine("metrics on (http://\\S+/metrics)"));
    assertTrue(metric(dnsMetrics, "meridian_dns_replies_total{rcode=\"NOERROR\"}") > 0, dnsMetrics);
    assertTrue(metric(dnsMetrics,
        "meridian_dns_policy_answers_total{policy=\"app\",region=\"us-east\"}") > 0, dnsMetrics);
    assertTrue(metric(dnsMetrics, "meridian_health_transitions_total") >= 2, dnsMetrics);
    assertEquals(3.0, metric(dnsMetrics, "meridian_health_agents_fresh"), dnsMetrics);
    assertEquals(0.0, metric(dnsMetrics, "meridian_health_endpoints{source=\"stale\"}"), dnsMetrics);
    String agentMetrics = scrape(euAgent.awaitLine("metrics on (http://\\S+/metrics)"));
    assertTrue(metric(agentMetrics, "meridian_agent_probes_total") > 0, agentMetrics);

    // one agent frozen: the other two are still a quorum of three and decide alone
    apAgent.signal("STOP");
    eu.fail();
    assertAnswers(server, US);
    eu.recover();
    assertAnswers(server, EU);
    apAgent.signal("CONT");

    // a member killed outright: the DNS server keeps answering from its own view
    int members = lastMembers(dns);
    usAgent.signal("KILL");
    await("answers while a member dies").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
        .until(() -> answers(server).equals(List.of(EU)));
    // the next step is about quorum, not about a member leaving: let Hazelcast remove the dead
    // one first (its heartbeat timeout), so that the freeze below is the only thing going on
    try {
      await("the dead member removed").atMost(SHIFT).until(() -> lastMembers(dns) < members);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "\n--- dns output:\n" + dns.output(), e);
    }

    // now the DNS server sees the eu agent only (us dead, ap frozen): one of three is no quorum,
    // so the eu agent alone seeing the primary fail must not move answers (static stability)
    apAgent.signal("STOP");
    await("only the eu agent fresh").atMost(SHIFT)
        .until(() -> lastFresh(dns).equals("1 of 3"));
    eu.fail();
    await("no flapping without a quorum").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> answers(server).equals(List.of(EU)));
    // the frozen agent comes back: two of three fresh, both see the failure
    apAgent.signal("CONT");
    assertAnswers(server, US);
    assertTrue(dns.isAlive(), dns.output());
    assertTrue(eu.requests() > 0);
  }

  private static String scrape(String url) throws Exception {
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  /** The value of the sample {@code series} (name and labels as Prometheus prints them). */
  private static double metric(String scrape, String series) {
    return scrape.lines().filter(l -> l.startsWith(series + " ")).findFirst()
        .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
        .orElseThrow(() -> new AssertionError("no " + series + " in\n" + scrape));
  }

  private static MeridianProcess agent(String config, String region, String name) throws Exception {
    return MeridianProcess.start("agent", "--config", config, "--region", region, "--name", name);
  }

  /** The cluster's size in the last member list the DNS server's Hazelcast printed. */
  private static int lastMembers(MeridianProcess p) {
    String size = lastMatch(p, "Members \\{size:(\\d+)");
    return size.isEmpty() ? 0 : Integer.parseInt(size);
  }

  /** The DNS server's last word on how many agents vote, e.g. {@code 2 of 3}. */
  private static String lastFresh(MeridianProcess p) {
    return lastMatch(p, "health: (\\d+ of \\d+) agents fresh");
  }

  /** The first group of the last match of {@code regex} in the output; empty when none. */
  private static String lastMatch(MeridianProcess p, String regex) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(p.output());
    String last = "";
    while (m.find()) {
      last = m.group(1);
    }
    return last;
  }

  private MeridianProcess dns;

  private void assertAnswers(InetSocketAddress server, String expected) throws Exception {
    try {
      await("answers " + expected).atMost(SHIFT)
          .until(() -> answers(server).equals(List.of(expected)));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "\n--- dns output:\n" + dns.output(), e);
    }
    List<String> now = answers(server);
    if (!now.equals(List.of(expected))) {
      throw new AssertionError("answers went back to " + now + "\n--- dns output:\n" + dns.output());
    }
  }

  private static List<String> answers(InetSocketAddress server) throws Exception {
    return Dns.answers(server, "app.health.test.", Type.A);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(EU))) {
      return s.getLocalPort();
    }
  }
}
