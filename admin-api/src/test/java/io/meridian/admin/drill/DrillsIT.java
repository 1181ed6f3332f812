package io.meridian.admin.drill;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import io.meridian.core.cluster.BalancerLoad;
import io.meridian.core.cluster.ClusterMember;
import io.meridian.core.cluster.DnsServers;
import io.meridian.core.cluster.HealthFeed;
import io.meridian.core.cluster.Refusal;
import io.meridian.core.cluster.SharedBalancers;
import io.meridian.core.config.ClusterConfig;
import io.meridian.core.config.ConfigReader;
import io.meridian.core.config.DrillLimits;
import io.meridian.core.health.HealthOverride;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.SnapshotCompiler;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drills against a real Hazelcast member, with the balancers' side of the cluster written as
 * balancers write it ({@link SharedBalancers#publish}): the headroom refusal, fail mode's refusal
 * and its lease, and the abort when a region still serving breaches a limit.
 */
class DrillsIT {

  static final String CONFIG = """
      regions:
        eu-west: { latitude: 53.35, longitude: -6.26 }
        us-east: { latitude: 38.90, longitude: -77.04 }
        ap-south: { latitude: 1.35, longitude: 103.82 }
      pools:
        eu: { endpoints: [{ name: lb, address: 127.0.0.11, region: eu-west }] }
        us: { endpoints: [{ name: lb, address: 127.0.0.12, region: us-east }] }
        ap: { endpoints: [{ name: lb, address: 127.0.0.13, region: ap-south }] }
      policies:
        www:
          routing: failover
          targets: [{ pool: eu, priority: 1 }, { pool: us, priority: 2 }, { pool: ap, priority: 3 }]
      zones:
        - name: example.test.
          soa: { mname: ns1, rname: hostmaster }
          records:
            - { name: "@", type: NS, value: ns1 }
            - { name: ns1, type: A, value: 192.0.2.53 }
            - { name: www, policy: www, ttl: 30 }
      """;

  @TempDir Path dir;
  HazelcastInstance member;
  HealthFeed feed;
  SharedBalancers balancers;
  Current<Snapshot> current;
  Drills drills;

  @BeforeEach
  void start() throws Exception {
    member = ClusterMember.start(
        new ClusterConfig("drills-it", "127.0.0.1", 46701, 100, List.of(), Duration.ofSeconds(5)),
        "admin");
    Snapshot snapshot = new SnapshotCompiler(Clock.systemUTC())
        .compile(ConfigReader.read(CONFIG, "drills.yaml", dir), null);
    current = new Current<>(snapshot);
    feed = new HealthFeed(member, current, Clock.systemUTC());
    balancers = feed.balancers();
    drills = new Drills(current, feed, new DnsServers(member), balancers,
        Map.of("europe", InetAddress.getByName("81.2.69.0")), List.of(),
        new DrillLimits(0.5, 0.05, 2000), dir, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    drills.close();
    feed.close();
    member.shutdown();
  }

  /** Publishes a load and waits until this member's view has it (it comes back as a message). */
  void load(String region, double capacity, double rps, double errors) {
    BalancerLoad load = new BalancerLoad(region, "lb", capacity, 10, rps, 12, errors, false,
        System.currentTimeMillis());
    balancers.publish(load);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> load.equals(balancers.loads().get(load.key())));
  }

  Drills.Request request(String mode, boolean force) {
    return new Drills.Request("eu-west", mode, Duration.ofSeconds(30), "test", force);
  }

  @Test
  void refusedWhenTheRegionsLeftHaveNoRoomForTheTraffic() throws Exception {
    load("eu-west", 1000, 900, 0);
    load("us-east", 1000, 700, 0);
    load("ap-south", 1000, 800, 0);
    Drills.Refused refused = assertThrows(Drills.Refused.class, () -> drills.start(request("drain", false), "t"));
    assertEquals("headroom: the regions left have room for 500 requests/s, the drill would move 900;"
        + " force to override", refused.getMessage());
    load("ap-south", 1000, 300, 0); // now 300 + 700 free
    DrillReport report = drills.start(request("drain", false), "t");
    assertEquals("eu-west", report.region);
  }

  @Test
  void failModeNeedsTheRegionsBalancersAndMakesThemRefuseOnALease() throws Exception {
    Drills.Refused none = assertThrows(Drills.Refused.class, () -> drills.start(request("fail", false), "t"));
    assertTrue(none.getMessage().startsWith("mode: fail needs the region's balancers"), none.getMessage());
    assertThrows(Drills.Refused.class, () -> drills.start(request("flood", false), "t"));

    load("eu-west", 0, 50, 0);
    long before = System.currentTimeMillis();
    DrillReport report = drills.start(request("fail", false), "t");
    Refusal refusal = balancers.refusals().get("eu-west");
    HealthOverride drain = feed.shared().overrides().get(HealthOverride.region("eu-west"));
    // the lease: a few seconds ahead, not the drill's 30 s end, so a dead member's drill lapses
    long lease = Drills.LEASE.toMillis();
    assertTrue(refusal.expiresAtEpochMillis() <= System.currentTimeMillis() + lease, refusal.toString());
    assertTrue(refusal.expiresAtEpochMillis() >= before + lease, refusal.toString());
    assertEquals(refusal.expiresAtEpochMillis(), drain.expiresAtEpochMillis());
    assertEquals(HealthOverride.Verb.DRAIN, drain.verb());
    // renewed while the drill runs
    await().atMost(Duration.ofSeconds(10)).until(() ->
        balancers.refusals().get("eu-west").expiresAtEpochMillis() > refusal.expiresAtEpochMillis());

    drills.abort(report.id, "t");
    assertEquals(null, balancers.refusals().get("eu-west"));
    assertEquals(null, feed.shared().overrides().get(HealthOverride.region("eu-west")));
  }

  @Test
  void abortsWhenARegionStillServingBreachesTheErrorLimit() throws Exception {
    load("eu-west", 0, 50, 0);
    load("us-east", 0, 80, 0.01);
    DrillReport report = drills.start(request("drain", false), "t");
    load("us-east", 0, 130, 0.2);
    await().atMost(Duration.ofSeconds(10)).until(() -> report.state != DrillReport.State.RUNNING);
    List<DrillReport.Event> timeline;
    synchronized (report) {
      timeline = List.copyOf(report.timeline);
    }
    assertTrue(timeline.stream().anyMatch(e -> e.what().equals(
        "end (limit breached: us-east/lb errors 20.0 % > 5.0 %): region eu-west back")),
        timeline.toString());
    assertEquals(null, feed.shared().overrides().get(HealthOverride.region("eu-west")));
    assertTrue(report.load.get(0).requestsPerSecond() == 50, report.load.toString());
  }

  @Test
  void aReportLeftRunningByAStoppedMemberIsMarkedAborted() throws Exception {
    load("eu-west", 0, 50, 0);
    DrillReport report = drills.start(request("drain", false), "t");
    drills.close(); // the member stops without ending it; its report on disk still says RUNNING
    assertTrue(Files.readString(dir.resolve("drills").resolve(report.id + ".json")).contains("RUNNING"));
    Drills next = new Drills(current, feed, new DnsServers(member), balancers, Map.of(), List.of(),
        DrillLimits.DEFAULT, dir, Clock.systemUTC());
    DrillReport kept = next.get(report.id).orElseThrow();
    assertEquals(DrillReport.State.ABORTED, kept.state);
    assertTrue(kept.timeline.toString().contains("the member that ran it stopped"), kept.timeline.toString());
    next.close();
  }
}
