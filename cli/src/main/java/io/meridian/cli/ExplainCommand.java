package io.meridian.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.meridian.core.config.InvalidConfigException;
import io.meridian.core.explain.Explainer;
import io.meridian.core.explain.Explanation;
import io.meridian.core.policy.Trace;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.SnapshotCompiler;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Shows why a client gets the answer it gets: the query path run once, traced. */
@Command(
    name = "explain",
    description = "Explain the answer a client gets: client location, each policy step, the answer.")
final class ExplainCommand implements Callable<Integer> {

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "YAML configuration; default: the embedded config/meridian.yaml")
  Path config;

  @Option(names = "--name", required = true, description = "the query name, e.g. www.example.test")
  String name;

  @Option(names = "--type", defaultValue = "A", description = "the query type (default: A)")
  String type;

  @Option(names = "--client", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "the client's address, or ADDRESS/PREFIX for an EDNS Client Subnet")
  String client;

  @Option(names = "--seed", description = "seed for weighted and shuffled steps (default: random)")
  Long seed;

  @Option(names = "--json", description = "print the explanation as JSON")
  boolean json;

  @Option(
      names = "--live",
      description =
          "join the configured cluster (briefly, as a member) and explain with the health the agents"
              + " share now, with each endpoint's votes; without it, the configured health")
  boolean live;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Snapshot snapshot;
    try {
      snapshot = new SnapshotCompiler(Clock.systemUTC()).compile(ConfigFile.of(config).read(), null);
    } catch (InvalidConfigException e) {
      System.err.println(e.getMessage());
      return Meridian.INVALID_CONFIG;
    }
    Name qname;
    int qtype = Type.value(type.toUpperCase(java.util.Locale.ROOT));
    try {
      qname = Name.fromString(name.endsWith(".") ? name : name + ".");
    } catch (TextParseException e) {
      System.err.println("--name: " + e.getMessage());
      return 2;
    }
    if (qtype < 0) {
      System.err.println("--type: unknown type '" + type + "'");
      return 2;
    }
    String[] parts = client.split("/", 2);
    int family = parts[0].indexOf(':') >= 0 ? Address.IPv6 : Address.IPv4;
    byte[] bytes = Address.toByteArray(parts[0], family);
    if (bytes == null) {
      System.err.println("--client: '" + client + "' is not an IP address (or ADDRESS/PREFIX)");
      return 2;
    }
    InetAddress address = InetAddress.getByAddress(bytes);
    boolean ecs = parts.length == 2;
    int prefix = ecs ? Integer.parseInt(parts[1]) : bytes.length * 8;
    Explanation explanation;
    if (live) {
      if (snapshot.cluster().standalone()) {
        System.err.println("--live: the configuration names no cluster members to join");
        return 2;
      }
      com.hazelcast.core.HazelcastInstance member =
          // a full member: replicated maps hold their data on every member, lite ones have none
          io.meridian.core.cluster.ClusterMember.start(snapshot.cluster(), "explain");
      try (io.meridian.core.cluster.HealthFeed feed =
          new io.meridian.core.cluster.HealthFeed(
              member, new io.meridian.core.snapshot.Current<>(snapshot), java.time.Clock.systemUTC())) {
        awaitCaughtUp(feed, snapshot.health().staleAfter());
        explanation = explain(snapshot, feed.health().viewFor(snapshot.policies()), qname, qtype,
            address, prefix, ecs);
      } finally {
        member.shutdown();
      }
    } else {
      explanation = explain(snapshot, snapshot.policies().configuredHealth(), qname, qtype,
          address, prefix, ecs);
    }
    if (json) {
      System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(explanation));
    } else {
      print(explanation, System.out);
    }
    return 0;
  }

  /**
   * A member that just joined receives the replicated maps' entries over its first moments, so
   * some agents' votes or heartbeats may not be here yet: waits until every agent on record is
   * fresh and has a vote on every endpoint (agents probe every endpoint), and the consensus (each
   * endpoint's status, reason and number of votes) has not changed for {@code stale_after}, or
   * for three times that (an agent that is really gone stays stale), then explains with what it
   * has.
   */
  private static void awaitCaughtUp(io.meridian.core.cluster.HealthFeed feed,
      java.time.Duration staleAfter) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + 3 * staleAfter.toNanos();
    String seen = null;
    long sameSince = start;
    while (System.nanoTime() < deadline) {
      var state = feed.refresh();
      String now = state.endpoints().values().stream()
          .map(e -> e.endpoint() + " " + e.status() + " " + e.reason() + " " + e.votes().size())
          .sorted().collect(java.util.stream.Collectors.joining("\n"));
      boolean everyVote = state.endpoints().values().stream()
          .allMatch(e -> e.votes().size() >= state.knownAgents());
      if (!now.equals(seen) || state.knownAgents() == 0 || state.freshAgents() < state.knownAgents()
          || !everyVote) {
        seen = now;
        sameSince = System.nanoTime();
      } else if (System.nanoTime() - sameSince >= staleAfter.toNanos()) {
        return;
      }
      Thread.sleep(50);
    }
  }

  private Explanation explain(Snapshot snapshot, io.meridian.core.health.HealthView health,
      Name qname, int qtype, InetAddress address, int prefix, boolean ecs) {
    return new Explainer(snapshot, health,
            seed == null ? new SplittableRandom() : new SplittableRandom(seed))
        .explain(qname, qtype, address, prefix, ecs);
  }

  static void print(Explanation e, PrintStream out) {
    out.println("query    " + e.query());
    out.println("client   " + e.client());
    out.println("geoip    " + e.geo());
    out.println("zone     " + e.zone());
    out.println("answered by " + e.outcome());
    // nested policies finish first (a parent asks them while checking health): show the
    // outermost policy first
    java.util.Map<String, java.util.List<Trace.Step>> byPolicy = new java.util.LinkedHashMap<>();
    e.steps().forEach(s -> byPolicy.computeIfAbsent(s.policy(), k -> new java.util.ArrayList<>()).add(s));
    java.util.List<String> order = new java.util.ArrayList<>(byPolicy.keySet());
    java.util.Collections.reverse(order);
    for (String policy : order) {
      out.println("  policy " + policy);
      for (Trace.Step step : byPolicy.get(policy)) {
        out.println("    " + step.filter() + ": " + step.in() + "\n      -> " + step.out()
            + (step.note() == null ? "" : "\n      (" + step.note() + ")"));
      }
    }
    out.println("rcode    " + e.rcode());
    e.answers().forEach(a -> out.println("answer   " + a));
    out.println("ecs scope /" + e.scope() + (e.scope() == 0 ? " (the answer does not depend on the client)" : ""));
    e.health().forEach(h -> out.println("health   " + h));
    if (!e.failover().isEmpty()) {
      out.println("failover " + e.failover());
    }
  }
}
