package io.meridian.admin.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.meridian.core.cluster.DnsServers;
import io.meridian.core.cluster.HealthFeed;
import io.meridian.core.health.HealthOverride;
import io.meridian.core.health.HealthView;
import io.meridian.core.policy.Endpoint;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Name;

/**
 * Failover drills: take a region out on purpose (drain: an expiring region override, so the drill
 * ends by itself even if this process dies), watch synthetic clients' answers at every DNS server
 * over the wire with ECS until none of them is answered from the region, put it back when the
 * duration passes or on abort, and watch the answers return. Refuses what would hurt: no reason,
 * a second drill of a region, more than the allowed share of regions out at once, or a pool left
 * without a healthy endpoint, unless forced.
 */
public final class Drills implements AutoCloseable {

  /** What an operator asks for. */
  public record Request(String region, String mode, Duration duration, String reason, boolean force) {}

  /** A drill that may not start, and why. */
  public static final class Refused extends Exception {
    public Refused(String why) {
      super(why);
    }
  }

  static final Duration TICK = Duration.ofMillis(100);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Current<Snapshot> snapshot;
  private final HealthFeed feed;
  private final DnsServers servers;
  private final Map<String, InetAddress> clients;
  private final double maxRegionShare;
  private final Path dir;
  private final Clock clock;
  private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "drills");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, DrillReport> reports = new ConcurrentHashMap<>();
  private final Map<String, Run> running = new ConcurrentHashMap<>();

  public Drills(Current<Snapshot> snapshot, HealthFeed feed, DnsServers servers,
      Map<String, InetAddress> clients, double maxRegionShare, Path dataDir, Clock clock)
      throws IOException {
    this.snapshot = snapshot;
    this.feed = feed;
    this.servers = servers;
    this.clients = Map.copyOf(clients);
    this.maxRegionShare = maxRegionShare;
    this.dir = dataDir.resolve("drills");
    this.clock = clock;
    Files.createDirectories(dir);
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        DrillReport r = JSON.readValue(f.toFile(), DrillReport.class);
        reports.put(r.id, r);
      }
    }
  }

  public List<DrillReport> list() {
    List<DrillReport> out = new ArrayList<>(reports.values());
    out.sort((a, b) -> Long.compare(b.startedAtEpochMillis, a.startedAtEpochMillis));
    return out;
  }

  public Optional<DrillReport> get(String id) {
    return Optional.ofNullable(reports.get(id));
  }

  public synchronized DrillReport start(Request request, String by) throws Refused, IOException {
    Snapshot s = snapshot.get();
    refuseUnsafe(request, s);
    long now = clock.millis();
    DrillReport report = new DrillReport();
    report.id = UUID.randomUUID().toString().substring(0, 8);
    report.region = request.region();
    report.mode = request.mode();
    report.reason = request.reason();
    report.by = by;
    report.startedAtEpochMillis = now;
    report.endsAtEpochMillis = now + request.duration().toMillis();
    List<InetSocketAddress> dns = servers.all();
    report.servers = dns.size();
    Run run = new Run(report, dns, regionAddresses(s, request.region()));
    run.baseline(s);
    report.event(now, "start: drain region " + request.region() + " for " + request.duration()
        + " (" + request.reason() + "), watching " + report.watches.size() + " client answers at "
        + dns.size() + " DNS servers");
    feed.shared().override(new HealthOverride(HealthOverride.region(request.region()),
        HealthOverride.Verb.DRAIN, "drill " + report.id + ": " + request.reason(), by, now,
        report.endsAtEpochMillis));
    reports.put(report.id, report);
    running.put(request.region(), run);
    save(report);
    run.future = worker.scheduleWithFixedDelay(run::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    return report;
  }

  /** Ends a running drill now: the region is put back and recovery is watched. */
  public synchronized DrillReport abort(String id, String by) {
    DrillReport r = reports.get(id);
    if (r == null) {
      return null;
    }
    Run run = running.get(r.region);
    if (run != null && run.report == r && r.state == DrillReport.State.RUNNING) {
      run.end(clock.millis(), "aborted by " + by, DrillReport.State.ABORTED);
    }
    return r;
  }

  private void refuseUnsafe(Request request, Snapshot s) throws Refused {
    if (request.reason() == null || request.reason().isBlank()) {
      throw new Refused("reason: a drill needs a reason (it goes to the audit log and the report)");
    }
    if (!"drain".equals(request.mode())) {
      throw new Refused("mode: only 'drain' is available (fail needs the L7 balancer)");
    }
    Set<String> regions = new HashSet<>();
    s.policies().endpoints().forEach(e -> {
      if (e.region() != null) {
        regions.add(e.region().name());
      }
    });
    if (!regions.contains(request.region())) {
      throw new Refused("region: no endpoint runs in '" + request.region() + "'");
    }
    if (running.containsKey(request.region())) {
      throw new Refused("region: a drill of " + request.region() + " is running");
    }
    if (request.force()) {
      return;
    }
    Set<String> out = new HashSet<>(running.keySet());
    out.add(request.region());
    if (out.size() > maxRegionShare * regions.size()) {
      throw new Refused("region: " + out.size() + " of " + regions.size() + " regions would be out"
          + " (at most " + (int) (maxRegionShare * 100) + " %); force to override");
    }
    HealthView health = feed.health().viewFor(s.policies());
    for (io.meridian.core.policy.Policy policy : s.policies().byName().values()) {
      boolean touched = false;
      boolean left = false;
      for (Endpoint e : io.meridian.core.health.FailoverEstimate.endpointsOf(policy)) {
        boolean inRegion = e.region() != null && out.contains(e.region().name());
        touched |= inRegion;
        left |= !inRegion && e.enabled() && health.isUp(e.id()) && !health.isDrained(e.id());
      }
      if (touched && !left) {
        throw new Refused("policy " + policy.name() + " would have no healthy endpoint left to"
            + " answer with; force to override");
      }
    }
  }

  private static Set<String> regionAddresses(Snapshot s, String region) {
    Set<String> out = new HashSet<>();
    for (Endpoint e : s.policies().endpoints()) {
      if (e.region() != null && e.region().name().equals(region)) {
        e.addresses().forEach(a -> out.add(a.getHostAddress()));
      }
    }
    return out;
  }

  private void save(DrillReport r) {
    try {
      synchronized (r) {
        Files.write(dir.resolve(r.id + ".json"), JSON.writeValueAsBytes(r));
      }
    } catch (IOException e) {
      System.getLogger(Drills.class.getName()).log(System.Logger.Level.WARNING,
          "cannot save drill " + r.id + ": " + e);
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }

  /** One drill's watching, on the drills thread. */
  private final class Run {
    final DrillReport report;
    final List<InetSocketAddress> dns;
    final Set<String> regionAddresses;
    final Map<DrillReport.Watch, InetAddress> subnets = new LinkedHashMap<>();
    ScheduledFuture<?> future;
    boolean allShifted;
    /** What the report says once recovery has been watched: done, or aborted. */
    DrillReport.State finalState = DrillReport.State.DONE;

    Run(DrillReport report, List<InetSocketAddress> dns, Set<String> regionAddresses) {
      this.report = report;
      this.dns = dns;
      this.regionAddresses = regionAddresses;
    }

    /** The names and clients the region answers now: those are what the drill must move. */
    void baseline(Snapshot s) {
      List<Name> names = new ArrayList<>();
      s.zones().all().forEach(z -> names.addAll(z.policyNames()));
      for (Name name : names) {
        for (Map.Entry<String, InetAddress> c : clients.entrySet()) {
          List<String> answer = SyntheticClient.ask(dns.isEmpty() ? null : dns.get(0), name,
              c.getValue());
          if (answer.stream().anyMatch(regionAddresses::contains)) {
            DrillReport.Watch w = new DrillReport.Watch();
            w.client = c.getKey();
            w.name = name.toString();
            w.before = answer;
            report.watches.add(w);
            subnets.put(w, c.getValue());
          }
        }
      }
    }

    void tick() {
      long now = clock.millis();
      try {
        if (report.state == DrillReport.State.RUNNING) {
          watchShift(now);
          if (now >= report.endsAtEpochMillis) {
            end(now, "duration passed", DrillReport.State.DONE);
          }
        } else {
          watchRecovery(now);
        }
      } catch (RuntimeException e) {
        report.errors++;
      }
    }

    private void watchShift(long now) {
      boolean all = true;
      boolean any = false;
      for (Map.Entry<DrillReport.Watch, InetAddress> e : subnets.entrySet()) {
        DrillReport.Watch w = e.getKey();
        if (w.shiftedAfterMillis >= 0) {
          any = true;
          continue;
        }
        boolean shifted = true;
        List<String> seen = List.of();
        for (InetSocketAddress server : dns) {
          List<String> answer = SyntheticClient.ask(server, Name.fromConstantString(w.name), e.getValue());
          report.queries++;
          shifted &= !answer.isEmpty() && answer.stream().noneMatch(regionAddresses::contains);
          seen = answer;
        }
        if (shifted) {
          synchronized (report) {
            w.during = seen;
            w.shiftedAfterMillis = now - report.startedAtEpochMillis;
          }
          if (!any) {
            report.event(now, "first shifted answer: " + w.client + " " + w.name + " -> " + seen);
          }
          any = true;
          save(report);
        } else {
          all = false;
        }
      }
      if (all && !subnets.isEmpty() && !allShifted) {
        allShifted = true;
        report.event(now, "all answers shifted");
        save(report);
      }
    }

    void end(long now, String why, DrillReport.State state) {
      feed.shared().clearOverride(HealthOverride.region(report.region));
      report.endedAtEpochMillis = now;
      report.state = DrillReport.State.RECOVERING;
      report.event(now, "end (" + why + "): region " + report.region + " back");
      finalState = state;
      save(report);
    }

    private void watchRecovery(long now) {
      boolean all = true;
      for (Map.Entry<DrillReport.Watch, InetAddress> e : subnets.entrySet()) {
        DrillReport.Watch w = e.getKey();
        if (w.recoveredAfterMillis >= 0) {
          continue;
        }
        boolean back = true;
        for (InetSocketAddress server : dns) {
          report.queries++;
          back &= SyntheticClient.ask(server, Name.fromConstantString(w.name), e.getValue())
              .equals(w.before);
        }
        if (back) {
          w.recoveredAfterMillis = now - report.endedAtEpochMillis;
        } else {
          all = false;
        }
      }
      if (all || now - report.endedAtEpochMillis > 120_000) {
        report.event(now, all ? "recovered: every answer as before" : "recovery not seen within 2 min");
        report.state = finalState;
        running.remove(report.region, this);
        future.cancel(false);
        save(report);
      }
    }
  }
}
