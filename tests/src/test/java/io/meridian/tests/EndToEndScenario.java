package io.meridian.tests;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.xbill.DNS.Type;

/**
 * The end-to-end scenario (008): a cluster of fifteen separate JVMs on loopback — the admin API, two
 * DNS servers, and per region (eu-west, us-east, ap-south) an agent and a balancer in front of two
 * demo backends, each backend a JVM of its own — with {@code unbound} as a real caching resolver
 * pointed at both DNS servers. The parts run where the {@link Launcher} puts them: processes of
 * this machine ({@link EndToEndIT}) or containers ({@link EndToEndContainersIT}).
 *
 * <ol>
 *   <li>Clients from three continents (ECS through unbound, and straight at both DNS servers) get
 *       their region's balancer, and reach a backend of that region through it.
 *   <li>A drill drains eu-west: European clients move to us-east at both DNS servers and, once the
 *       5 s TTL has passed, through unbound; the drill's report has both times and its recovery.
 *   <li>eu-west's backends are killed: its balancer still runs, but the agents probe
 *       through it, see the region fail, and take it out of DNS without a drill.
 *   <li>The backends come back and so does eu-west.
 *   <li>eu-west's balancer is killed in front of its healthy backends: the agents take the region
 *       out as well; a new balancer brings it back.
 * </ol>
 */
final class EndToEndScenario implements AutoCloseable {

  static final String TOKEN = "e2e-token";
  static final ObjectMapper JSON = new ObjectMapper();
  static final String EUROPE = "81.2.69.0/24";
  static final String AMERICA = "8.8.8.0/24";
  static final String ASIA = "1.0.16.0/24";
  static final String NAME = "app.e2e.test.";
  static final Duration WAIT = Duration.ofSeconds(90);

  private final Processes processes;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, Part> backends = new LinkedHashMap<>();
  /** Every balancer started, by region (a replaced one under "region (killed)"). */
  private final Map<String, Part> balancerOf = new LinkedHashMap<>();
  private String config;
  private String api;
  private List<InetSocketAddress> servers;

  EndToEndScenario(Launcher launcher) {
    this.processes = new Processes(launcher);
  }

  @Override
  public void close() throws Exception {
    processes.close();
  }

  /** Runs the whole scenario; its configuration, data and unbound's files go into {@code dir}. */
  void run(Path dir) throws Exception {
    Map<String, String> ports = new LinkedHashMap<>();
    String[][] regions = {{"eu-west", "127.0.0.21", "EU"}, {"us-east", "127.0.0.22", "US"},
        {"ap-south", "127.0.0.23", "AP"}};
    for (String[] r : regions) {
      for (int i = 1; i <= 2; i++) {
        ports.put("@" + r[2] + i + "@", Integer.toString(freePort()));
      }
    }
    int resolverPort = freePort();
    int httpPort = freePort(); // every balancer's, each on its region's address
    config = ScenarioConfig.write("008-end-to-end", dir, flatten(ports,
        "@RESOLVER@", Integer.toString(resolverPort), "@HTTP@", Integer.toString(httpPort)))
        .toString();

    // the six backends (not cluster members) at once, then the members in stages: nine JVMs
    // that join a cluster starting at once on two cores take minutes to come up
    for (String[] r : regions) {
      for (int i = 1; i <= 2; i++) {
        startBackend(r[0] + "-" + i);
      }
    }
    backends.forEach((name, backend) -> backend.awaitLine("demo backend " + name + " in"));
    api = processes.admin(config, TOKEN);
    servers = processes.dnsServers(config, 2);
    for (String[] r : regions) {
      processes.launch(Map.of(), "agent", "--config", config, "--region", r[0], "--name", "agent-" + r[0]);
      balancerOf.put(r[0], processes.launch(Map.of(), "balancer", "--config", config, "--region", r[0]));
    }
    Unbound unbound = processes.add(Unbound.start(
        processes.launcher(), dir.resolve("unbound"), resolverPort, "e2e.test", servers));
    InetSocketAddress resolver = unbound.address();
    await("every member joined").atMost(WAIT).ignoreExceptions()
        .until(() -> status().path("cluster").path("members").size() == 9);
    try {
      await("every balancer reports").atMost(WAIT).ignoreExceptions()
          .until(() -> status().path("balancers").size() == 3);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("balancers reporting: " + status().path("balancers") + "\n"
          + threadDumps(), e);
    }

    // 1. every continent its region, at both servers and through unbound; HTTP through the balancer
    Map<String, String> expected = Map.of(EUROPE, "127.0.0.21", AMERICA, "127.0.0.22", ASIA, "127.0.0.23");
    await("three agents see every region up").atMost(WAIT).ignoreExceptions().until(() ->
        status().path("endpoints").findValues("status").stream().filter(s -> s.asText().equals("UP"))
            .count() == 3);
    // fifteen JVMs starting on two cores make some early requests slow; a drill would rightly
    // abort on a receiving balancer's p99 over its limit (2 s), so let that leave the 10 s window
    await("start-up latency leaves the balancers' load window").atMost(WAIT).ignoreExceptions()
        .until(() -> status().path("balancers").findValues("p99Millis").stream()
            .allMatch(p99 -> p99.asDouble() < 1000));
    // the admin API's view is one member's: each DNS server's own view may need another round of
    // probes (through the balancers, slow while fifteen JVMs start) before it agrees
    for (Map.Entry<String, String> client : expected.entrySet()) {
      for (InetSocketAddress s : servers) {
        await("every server answers " + client.getKey() + " with its region").atMost(WAIT)
            .ignoreExceptions()
            .until(() -> Dns.answersFor(s, NAME, Type.A, client.getKey()),
                equalTo(List.of(client.getValue())));
      }
      assertEquals(List.of(client.getValue()), Dns.answersFor(resolver, NAME, Type.A, client.getKey()));
    }
    for (String[] r : regions) {
      HttpResponse<String> hello = get("http://" + r[1] + ":" + httpPort + "/");
      assertEquals(200, hello.statusCode());
      assertTrue(hello.body().startsWith("hello from " + r[0] + "-"), hello.body());
    }
    // each balancer's meters are in its process's /metrics, tagged with its region and name
    String meters = get(balancerOf.get("eu-west").awaitLine("metrics on (http://\\S+/metrics)")).body();
    java.util.regex.Matcher served = java.util.regex.Pattern.compile(
        "meridian_balancer_requests_total\\{balancer=\"lb\",group=\"app\",region=\"eu-west\","
            + "status=\"2xx\",?\\} ([0-9.E]+)").matcher(meters);
    assertTrue(served.find() && Double.parseDouble(served.group(1)) >= 1, meters);

    // 2. a drill drains eu-west; the report sees the shift at the servers and through unbound
    HttpResponse<String> started = post("/v1/drills",
        "{\"region\":\"eu-west\",\"mode\":\"drain\",\"duration\":\"10s\",\"reason\":\"e2e drill\"}");
    assertEquals(201, started.statusCode(), started.body());
    String id = JSON.readTree(started.body()).path("id").asText();
    awaitEurope("127.0.0.22", "the drill moves Europe");
    // a straggler that ignores the TTL is still served by the drained region: nobody is cut off
    HttpResponse<String> straggler = get("http://127.0.0.21:" + httpPort + "/");
    assertEquals(200, straggler.statusCode(), "a drain keeps eu-west's balancer serving");
    JsonNode report = await("the drill ends and answers recover").atMost(WAIT)
        .until(() -> drill(id), r -> r.path("state").asText().equals("DONE"));
    JsonNode europe = watch(report, "europe");
    long atServers = europe.path("shiftedAfterMillis").asLong();
    long viaResolver = europe.path("shiftedViaResolversAfterMillis").asLong();
    assertTrue(atServers >= 0 && viaResolver >= atServers, report.toString());
    assertEquals("[\"127.0.0.22\"]", europe.path("during").toString(), report.toString());
    assertTrue(europe.path("recoveredViaResolversAfterMillis").asLong() >= 0, report.toString());
    String timeline = report.path("timeline").toString();
    for (String step : List.of("all answers shifted", "all answers shifted through the resolvers",
        "recovered: every answer as before", "recovered through the resolvers")) {
      assertTrue(timeline.contains(step), step + " in " + timeline);
    }
    System.out.printf("e2e drill: europe shifted at both DNS servers after %d ms, through unbound"
        + " after %d ms (TTL 5 s)%n", atServers, viaResolver);

    // 3. eu-west's backends are killed; its balancer lives on, and the agents take the region out
    backends.get("eu-west-1").signal("KILL");
    backends.get("eu-west-2").signal("KILL");
    awaitEurope("127.0.0.22", "eu-west leaves the answers without a drill");
    int status;
    try {
      status = get("http://127.0.0.21:" + httpPort + "/").statusCode();
    } catch (IOException e) {
      throw new AssertionError("eu-west's balancer: " + e + "\n" + balancerOf.get("eu-west").output());
    }
    assertTrue(status >= 500, "eu-west's balancer is up but has nothing healthy behind it");
    assertEquals(List.of("127.0.0.23"), Dns.answersFor(servers.get(0), NAME, Type.A, ASIA));

    // 4. they come back, and so does eu-west
    for (String name : List.of("eu-west-1", "eu-west-2")) {
      startBackend(name).awaitLine("demo backend " + name + " in");
    }
    awaitEurope("127.0.0.21", "eu-west is back");

    // 5. the other way round (the k8gb trap): eu-west's balancer dies in front of healthy backends
    balancerOf.get("eu-west").signal("KILL");
    balancerOf.put("eu-west (killed)", balancerOf.remove("eu-west"));
    awaitEurope("127.0.0.22", "a dead balancer takes its region out");
    balancerOf.put("eu-west",
        processes.launch(Map.of(), "balancer", "--config", config, "--region", "eu-west"));
    awaitEurope("127.0.0.21", "a new balancer brings it back");
  }

  /** {@code meridian demo-backends --name name}: one backend of the configuration, a JVM of its own. */
  private Part startBackend(String name) throws IOException {
    Part backend = processes.launch(Map.of(), "demo-backends", "--config", config, "--name", name);
    backends.put(name, backend);
    return backend;
  }

  /** Waits until both DNS servers answer the European client with {@code address} alone. */
  private void awaitEurope(String address, String why) throws Exception {
    for (InetSocketAddress s : servers) {
      try {
        await(why).atMost(WAIT).until(() -> Dns.answersFor(s, NAME, Type.A, EUROPE).equals(List.of(address)));
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(why + ": " + s + " answers " + Dns.answersFor(s, NAME, Type.A, EUROPE)
            + ", not " + address + "\nstatus: " + status() + "\ndrills: "
            + JSON.readTree(get(api + "/v1/drills", true).body()) + "\n" + threadDumps(), e);
      }
    }
  }

  /** Each balancer's output with a thread dump at its end (a JVM prints one on SIGQUIT). */
  private String threadDumps() throws Exception {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Part> part : balancerOf.entrySet()) {
      Part p = part.getValue();
      if (p.isAlive()) {
        p.signal("QUIT");
        try {
          await("a thread dump of " + part.getKey()).atMost(Duration.ofSeconds(10))
              .until(() -> p.output().contains("JNI global refs"));
        } catch (ConditionTimeoutException e) {
          out.append("(no thread dump within 10 s)\n");
        }
      }
      out.append("--- ").append(part.getKey()).append(p.isAlive() ? "" : " (exited)").append(":\n")
          .append(p.output()).append('\n');
    }
    return out.toString();
  }

  private static String[] flatten(Map<String, String> map, String... more) {
    List<String> out = new ArrayList<>();
    map.forEach((k, v) -> {
      out.add(k);
      out.add(v);
    });
    out.addAll(List.of(more));
    return out.toArray(String[]::new);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static JsonNode watch(JsonNode report, String client) {
    for (JsonNode w : report.path("watches")) {
      if (w.path("client").asText().equals(client)) {
        return w;
      }
    }
    throw new AssertionError("no watch of " + client + " in " + report);
  }

  private JsonNode drill(String id) throws Exception {
    return JSON.readTree(get(api + "/v1/drills/" + id, true).body());
  }

  private JsonNode status() throws Exception {
    return JSON.readTree(get(api + "/v1/status", true).body());
  }

  private HttpResponse<String> get(String url) throws Exception {
    return get(url, false);
  }

  private HttpResponse<String> get(String url, boolean authorized) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
    if (authorized) {
      b.header("Authorization", "Bearer " + TOKEN);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(api + path))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
