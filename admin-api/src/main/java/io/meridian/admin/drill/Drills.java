package io.meridian.admin.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.meridian.core.cluster.BalancerLoad;
import io.meridian.core.cluster.DnsServers;
import io.meridian.core.cluster.Refusal;
import io.meridian.core.cluster.SharedBalancers;
import io.meridian.core.config.DrillLimits;
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
 * Failover drills: take a region out on purpose, watch synthetic clients' answers at every DNS
 * server over the wire with ECS until none of them is answered from the region, put it back when
 * the duration passes or on abort, and watch the answers return.
 *
 * <ul>
 *   <li><b>Modes.</b> {@code drain}: a region override, so DNS stops answering with it. {@code
 *       fail}: also a {@link Refusal} that makes the region's balancers refuse all traffic, as a
 *       region whose front door died would.
 *   <li><b>Lease.</b> Both are written with an expiry a few seconds ahead ({@link #LEASE}) and
 *       renewed by the running drill every tick, never past its end: if this member dies, the
 *       region comes back by itself within the lease, on every member.
 *   <li><b>Where users feel it.</b> Besides the DNS answers, the drill samples every second what the
 *       region's balancers report to the cluster (requests per second over their last 10 s, errors,
 *       p99), and notes when only the agents' health checks still reach them: the stragglers that
 *       ignore TTLs are gone.
 *   <li><b>Safety.</b> Refused without a reason, for a region already drilled, beyond the allowed
 *       share of regions, when a policy would have no healthy endpoint left, or when the regions
 *       left have less headroom (capacity minus load, from their balancers) than the region's
 *       traffic, unless forced. Aborted by itself when a region still serving reports more errors
 *       or a higher p99 than the limits allow.
 * </ul>
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
  /** How far ahead a running drill's override and refusal expire; renewed every tick. */
  static final Duration LEASE = Duration.ofSeconds(5);
  /** How often the balancers' load is sampled into the report. */
  static final long LOAD_SAMPLE_MILLIS = 1000;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Current<Snapshot> snapshot;
  private final HealthFeed feed;
  private final DnsServers servers;
  private final SharedBalancers balancers;
  private final Map<String, InetAddress> clients;
  private final List<InetSocketAddress> resolvers;
  private final DrillLimits limits;
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
      SharedBalancers balancers, Map<String, InetAddress> clients,
      List<InetSocketAddress> resolvers, DrillLimits limits, Path dataDir, Clock clock)
      throws IOException {
    this.snapshot = snapshot;
    this.feed = feed;
    this.servers = servers;
    this.balancers = balancers;
    this.clients = Map.copyOf(clients);
    this.resolvers = List.copyOf(resolvers);
    this.limits = limits;
    this.dir = dataDir.resolve("drills");
    this.clock = clock;
    Files.createDirectories(dir);
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        DrillReport r = JSON.readValue(f.toFile(), DrillReport.class);
        if (r.state == DrillReport.State.RUNNING || r.state == DrillReport.State.RECOVERING) {
          // its member stopped; its lease lapsed and the region came back without it
          r.state = DrillReport.State.ABORTED;
          r.event(clock.millis(), "ended: the member that ran it stopped (its lease lapsed)");
          Files.write(f, JSON.writeValueAsBytes(r));
        }
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
    Run run = new Run(report, dns, regionAddresses(s, request.region()), by,
        checkRate(s, request.region()));
    run.baseline(s);
    report.event(now, "start: " + request.mode() + " region " + request.region() + " for "
        + request.duration() + " (" + request.reason() + "), watching " + report.watches.size()
        + " client answers at " + dns.size() + " DNS servers, " + resolvers.size()
        + " resolvers and "
        + balancersOf(request.region()).size() + " balancers");
    run.renewLease(now);
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
    if (!"drain".equals(request.mode()) && !"fail".equals(request.mode())) {
      throw new Refused("mode: must be drain or fail, got '" + request.mode() + "'");
    }
    if ("fail".equals(request.mode()) && balancersOf(request.region()).isEmpty()) {
      throw new Refused("mode: fail needs the region's balancers, and none of " + request.region()
          + " reports to the cluster");
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
    if (out.size() > limits.maxRegionShare() * regions.size()) {
      throw new Refused("region: " + out.size() + " of " + regions.size() + " regions would be out"
          + " (at most " + (int) (limits.maxRegionShare() * 100) + " %); force to override");
    }
    refuseOverload(out);
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

  /**
   * The regions left must have room for the traffic of those taken out: the sum of their
   * balancers' headroom (capacity minus requests per second) at least the load of the regions out.
   * Judged only when balancers of the regions left report and every one states a capacity;
   * without numbers there is nothing to judge.
   */
  private void refuseOverload(Set<String> out) throws Refused {
    double moving = 0;
    double headroom = 0;
    int left = 0;
    for (BalancerLoad load : balancers.loads().values()) {
      if (out.contains(load.region())) {
        moving += load.requestsPerSecond();
      } else if (load.capacityPerSecond() <= 0) {
        return;
      } else {
        left++;
        headroom += Math.max(0, load.capacityPerSecond() - load.requestsPerSecond());
      }
    }
    if (left > 0 && moving > headroom) {
      throw new Refused(String.format(java.util.Locale.ROOT,
          "headroom: the regions left have room for %.0f requests/s, the drill would move %.0f;"
              + " force to override", headroom, moving));
    }
  }

  /** The balancers of {@code region} that report to the cluster now. */
  private List<BalancerLoad> balancersOf(String region) {
    return balancers.loads().values().stream().filter(l -> l.region().equals(region)).toList();
  }

  /**
   * Health-check requests per second that reach the region's endpoints (its balancers, when they
   * are what DNS answers with): every fresh agent probes every checked address once an interval.
   * They never stop, so the region's traffic is gone when only they are left.
   */
  private double checkRate(Snapshot s, String region) {
    int agents = Math.max(1, feed.health().state().freshAgents());
    double rate = 0;
    for (Endpoint e : s.policies().endpoints()) {
      var check = s.policies().healthPlan().check(e.id());
      if (check != null && e.region() != null && e.region().name().equals(region)) {
        rate += agents * e.addresses().size() * 1000.0 / check.interval().toMillis();
      }
    }
    return rate;
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
    final String by;
    final Map<DrillReport.Watch, InetAddress> subnets = new LinkedHashMap<>();
    ScheduledFuture<?> future;
    boolean allShifted;
    boolean viaResolversShifted;
    boolean viaResolversRecovered;
    boolean authoritativeRecovered;
    long lastSample;
    long renewAt;
    /** The region's requests per second at the start. */
    double trafficAtStart = -1;
    /** Requests per second at or below which only health checks reach the region. */
    final double quiet;
    /** What the report says once recovery has been watched: done, or aborted. */
    DrillReport.State finalState = DrillReport.State.DONE;

    Run(DrillReport report, List<InetSocketAddress> dns, Set<String> regionAddresses, String by,
        double checkRate) {
      this.report = report;
      this.dns = dns;
      this.regionAddresses = regionAddresses;
      this.by = by;
      // what the balancers still see once clients are gone: the agents' checks, with jitter
      this.quiet = checkRate * 1.5 + 0.5;
    }

    /**
     * Writes (again) the override, and in fail mode the refusal, to expire a lease ahead; every
     * half lease, so members rebuild their view for it a few times per lease, not every tick.
     */
    void renewLease(long now) {
      if (now < renewAt) {
        return;
      }
      renewAt = now + LEASE.toMillis() / 2;
      long expires = Math.min(report.endsAtEpochMillis, now + LEASE.toMillis());
      String why = "drill " + report.id + ": " + report.reason;
      feed.shared().override(new HealthOverride(HealthOverride.region(report.region),
          HealthOverride.Verb.DRAIN, why, by, report.startedAtEpochMillis, expires));
      if ("fail".equals(report.mode)) {
        balancers.refuse(new Refusal(report.region, why, by, expires));
      }
    }

    /**
     * Every second: the drilled region's balancers into the report (their traffic falling to
     * zero is the L7 side of the shift), and the limits checked on the regions still serving.
     */
    void sampleLoad(long now) {
      if (now - lastSample < LOAD_SAMPLE_MILLIS) {
        return;
      }
      lastSample = now;
      double rps = 0;
      double errors = 0;
      double p99 = 0;
      String breach = null;
      for (BalancerLoad load : balancers.loads().values()) {
        if (load.region().equals(report.region)) {
          rps += load.requestsPerSecond();
          errors = Math.max(errors, load.errorRatio());
          p99 = Math.max(p99, load.p99Millis());
        } else if (load.requestsPerSecond() > 0 && load.errorRatio() > limits.maxErrorRatio()) {
          breach = String.format(java.util.Locale.ROOT, "%s errors %.1f %% > %.1f %%",
              load.key(), load.errorRatio() * 100, limits.maxErrorRatio() * 100);
        } else if (load.requestsPerSecond() > 0 && load.p99Millis() > limits.maxP99Millis()) {
          breach = String.format(java.util.Locale.ROOT, "%s p99 %.0f ms > %.0f ms",
              load.key(), load.p99Millis(), limits.maxP99Millis());
        }
      }
      synchronized (report) {
        report.load.add(new DrillReport.LoadSample(now - report.startedAtEpochMillis, rps, errors, p99));
      }
      if (trafficAtStart < 0) {
        trafficAtStart = rps;
      } else if (report.state == DrillReport.State.RUNNING && trafficAtStart > quiet
          && report.trafficGoneAfterMillis < 0 && rps <= quiet) {
        report.trafficGoneAfterMillis = now - report.startedAtEpochMillis;
        report.event(now, String.format(java.util.Locale.ROOT,
            "L7: %s's balancers see no more client requests (%.1f/s left: health checks)",
            report.region, rps));
      }
      if (breach != null && report.state == DrillReport.State.RUNNING) {
        end(now, "limit breached: " + breach, DrillReport.State.ABORTED);
      }
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
          renewLease(now);
          watchShift(now);
          sampleLoad(now);
          if (report.state == DrillReport.State.RUNNING && now >= report.endsAtEpochMillis) {
            end(now, "duration passed", DrillReport.State.DONE);
          }
        } else {
          sampleLoad(now);
          watchRecovery(now);
        }
      } catch (RuntimeException e) {
        report.errors++;
      }
    }

    /** One of the four moments a watch waits for, and where the report keeps it. */
    private enum Moment {
      SHIFTED, SHIFTED_VIA_RESOLVERS, RECOVERED, RECOVERED_VIA_RESOLVERS;

      long get(DrillReport.Watch w) {
        return switch (this) {
          case SHIFTED -> w.shiftedAfterMillis;
          case SHIFTED_VIA_RESOLVERS -> w.shiftedViaResolversAfterMillis;
          case RECOVERED -> w.recoveredAfterMillis;
          case RECOVERED_VIA_RESOLVERS -> w.recoveredViaResolversAfterMillis;
        };
      }

      void set(DrillReport.Watch w, long millis) {
        switch (this) {
          case SHIFTED -> w.shiftedAfterMillis = millis;
          case SHIFTED_VIA_RESOLVERS -> w.shiftedViaResolversAfterMillis = millis;
          case RECOVERED -> w.recoveredAfterMillis = millis;
          case RECOVERED_VIA_RESOLVERS -> w.recoveredViaResolversAfterMillis = millis;
        }
      }

      boolean shift() {
        return this == SHIFTED || this == SHIFTED_VIA_RESOLVERS;
      }
    }

    /**
     * Asks every one of {@code servers}, as each client whose {@code moment} has not come yet, and
     * marks it (ms since {@code since}) when all of them answer as the moment wants: without the
     * region for a shift, as before the drill for a recovery. The first shift at the DNS servers
     * is an event of its own, with the answer.
     *
     * @return whether every watch has its moment now (true when there are none)
     */
    private boolean sweep(List<InetSocketAddress> servers, Moment moment, long since, long now) {
      boolean all = true;
      boolean first = moment == Moment.SHIFTED
          && subnets.keySet().stream().allMatch(w -> w.shiftedAfterMillis < 0);
      for (Map.Entry<DrillReport.Watch, InetAddress> e : subnets.entrySet()) {
        DrillReport.Watch w = e.getKey();
        if (moment.get(w) >= 0) {
          continue;
        }
        boolean done = true;
        List<String> seen = List.of();
        for (InetSocketAddress server : servers) {
          seen = SyntheticClient.ask(server, Name.fromConstantString(w.name), e.getValue());
          report.queries++;
          done &= moment.shift()
              ? !seen.isEmpty() && seen.stream().noneMatch(regionAddresses::contains)
              : seen.equals(w.before);
        }
        if (!done) {
          all = false;
          continue;
        }
        synchronized (report) {
          if (moment == Moment.SHIFTED) {
            w.during = seen;
          }
          moment.set(w, now - since);
        }
        if (first) {
          report.event(now, "first shifted answer: " + w.client + " " + w.name + " -> " + seen);
          first = false;
        }
        save(report);
      }
      return all;
    }

    private void watchShift(long now) {
      long start = report.startedAtEpochMillis;
      if (subnets.isEmpty()) {
        return; // nothing the region answered: nothing can shift
      }
      if (!resolvers.isEmpty() && !viaResolversShifted
          && sweep(resolvers, Moment.SHIFTED_VIA_RESOLVERS, start, now)) {
        viaResolversShifted = true;
        report.event(now, "all answers shifted through the resolvers");
        save(report);
      }
      if (!allShifted && sweep(dns, Moment.SHIFTED, start, now)) {
        allShifted = true;
        report.event(now, "all answers shifted");
        save(report);
      }
    }

    void end(long now, String why, DrillReport.State state) {
      feed.shared().clearOverride(HealthOverride.region(report.region));
      if ("fail".equals(report.mode)) {
        balancers.lift(report.region);
      }
      report.endedAtEpochMillis = now;
      report.state = DrillReport.State.RECOVERING;
      report.event(now, "end (" + why + "): region " + report.region + " back");
      finalState = state;
      save(report);
    }

    private void watchRecovery(long now) {
      long end = report.endedAtEpochMillis;
      if (!resolvers.isEmpty() && !viaResolversRecovered
          && sweep(resolvers, Moment.RECOVERED_VIA_RESOLVERS, end, now)) {
        viaResolversRecovered = true;
        report.event(now, "recovered through the resolvers");
      }
      boolean viaResolvers = resolvers.isEmpty() || viaResolversRecovered;
      boolean all = authoritativeRecovered || sweep(dns, Moment.RECOVERED, end, now);
      if (all && !authoritativeRecovered) {
        authoritativeRecovered = true;
        report.event(now, "recovered: every answer as before");
      }
      all &= viaResolvers;
      if (all || now - report.endedAtEpochMillis > 120_000) {
        if (!all) {
          report.event(now, "recovery not seen within 2 min");
        }
        report.state = finalState;
        running.remove(report.region, this);
        future.cancel(false);
        save(report);
      }
    }
  }
}
