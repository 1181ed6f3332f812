package io.meridian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meridian drill start|list|abort}: failover drills through the admin API. */
@Command(name = "drill", description = "Run failover drills.",
    subcommands = {DrillCommands.Start.class, DrillCommands.List.class, DrillCommands.Abort.class})
final class DrillCommands {

  static final ObjectMapper JSON = new ObjectMapper();

  @Command(name = "start", description = "Drain a region for a while; follow the answers shifting, then recovering.")
  static final class Start implements Callable<Integer> {
    @Mixin ApiClient api;

    @Option(names = "--region", required = true, paramLabel = "REGION") String region;

    @Option(names = "--mode", defaultValue = "drain", paramLabel = "MODE",
        description = "drain (default): overrides the region down in DNS; fail: also makes its"
            + " balancers refuse all traffic") String mode;

    @Option(names = "--duration", defaultValue = "5m", paramLabel = "DURATION") String duration;

    @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

    @Option(names = "--force", description = "start even when the safety checks refuse") boolean force;

    @Option(names = "--no-follow", description = "start and return") boolean noFollow;

    @Override
    public Integer call() throws Exception {
      ObjectNode body = JSON.createObjectNode().put("region", region).put("mode", mode)
          .put("duration", duration).put("reason", reason).put("force", force);
      HttpResponse<String> started = api.send("POST", "/v1/drills", body.toString(),
          "Content-Type", "application/json");
      if (started.statusCode() != 201) {
        return ApiClient.failed(started);
      }
      JsonNode report = JSON.readTree(started.body());
      String id = report.path("id").asText();
      System.out.println("meridian: drill " + id + " " + (mode.equals("fail") ? "fails " : "drains ")
          + region + " for " + duration);
      if (noFollow) {
        return 0;
      }
      int shown = 0;
      while (true) {
        report = JSON.readTree(api.send("GET", "/v1/drills/" + id, null).body());
        JsonNode timeline = report.path("timeline");
        for (; shown < timeline.size(); shown++) {
          JsonNode e = timeline.get(shown);
          long at = e.path("atEpochMillis").asLong() - report.path("startedAtEpochMillis").asLong();
          System.out.printf("  +%6.1f s  %s%n", at / 1000.0, e.path("what").asText());
        }
        String state = report.path("state").asText();
        if (state.equals("DONE") || state.equals("ABORTED")) {
          break;
        }
        Thread.sleep(500); // a person watching a progress display, not a test waiting
      }
      System.out.println("summary (" + report.path("state").asText() + ", " + report.path("queries").asLong()
          + " queries to " + report.path("servers").asInt() + " DNS servers, " + report.path("errors").asLong()
          + " errors):");
      for (JsonNode w : report.path("watches")) {
        System.out.println("  " + w.path("client").asText() + " " + w.path("name").asText() + ": "
            + w.path("before") + " -> " + w.path("during")
            + (w.path("shiftedAfterMillis").asLong() < 0 ? ", NEVER SHIFTED"
                : ", shifted after " + w.path("shiftedAfterMillis").asLong() + " ms")
            + (w.path("recoveredAfterMillis").asLong() < 0 ? ", not recovered"
                : ", recovered " + w.path("recoveredAfterMillis").asLong() + " ms after the end")
            + viaResolvers(w));
      }
      JsonNode load = report.path("load");
      if (!load.isEmpty()) {
        double first = load.get(0).path("requestsPerSecond").asDouble();
        long gone = report.path("trafficGoneAfterMillis").asLong();
        System.out.printf("  L7: %s's balancers %.0f requests/s at the start, %s%n", region, first,
            gone >= 0 ? "none after " + gone + " ms" : first > 0 ? "still some at the end" : "none");
      }
      return 0;
    }
  }

  /** What the resolvers showed, when the drill watched any. */
  static String viaResolvers(JsonNode w) {
    long shifted = w.path("shiftedViaResolversAfterMillis").asLong(-1);
    long recovered = w.path("recoveredViaResolversAfterMillis").asLong(-1);
    if (shifted < 0 && recovered < 0) {
      return "";
    }
    return "; through the resolvers: " + (shifted < 0 ? "never shifted" : "shifted after " + shifted + " ms")
        + (recovered < 0 ? "" : ", recovered " + recovered + " ms after the end");
  }

  @Command(name = "list", description = "Kept drill reports, newest first.")
  static final class List implements Callable<Integer> {
    @Mixin ApiClient api;

    @Override
    public Integer call() throws Exception {
      HttpResponse<String> r = api.send("GET", "/v1/drills", null);
      if (r.statusCode() != 200) {
        return ApiClient.failed(r);
      }
      for (JsonNode d : JSON.readTree(r.body()).path("items")) {
        System.out.println(d.path("id").asText() + "  " + d.path("region").asText() + "  "
            + d.path("state").asText() + "  " + d.path("reason").asText());
      }
      return 0;
    }
  }

  @Command(name = "abort", description = "End a drill now.")
  static final class Abort implements Callable<Integer> {
    @Mixin ApiClient api;

    @Parameters(paramLabel = "ID") String id;

    @Override
    public Integer call() throws Exception {
      HttpResponse<String> r = api.send("POST", "/v1/drills/" + id + "/abort", null);
      if (r.statusCode() != 200) {
        return ApiClient.failed(r);
      }
      System.out.println(r.body());
      return 0;
    }
  }
}
