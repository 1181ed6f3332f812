package io.meridian.agent.role;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.core.HazelcastInstance;
import io.meridian.agent.testing.Backend;
import io.meridian.core.cluster.ClusterMember;
import io.meridian.core.cluster.HealthFeed;
import io.meridian.core.cluster.SharedHealth;
import io.meridian.core.config.ConfigReader;
import io.meridian.core.health.EndpointHealth;
import io.meridian.core.health.EndpointHealth.Source;
import io.meridian.core.health.EndpointHealth.Status;
import io.meridian.core.health.HealthOverride;
import io.meridian.core.health.HealthOverride.Verb;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.SnapshotCompiler;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real Hazelcast members in one JVM: two health agents (eu-west, us-east) probing real Vert.x
 * backends, and a third member with the DNS server's health feed. Overrides set on one member act
 * on another; an agent that leaves takes its votes along; a member killed outright leaves the
 * other side without a quorum, which keeps the last consensus.
 */
class ClusterHealthIT {

  static final Duration WAIT = Duration.ofSeconds(20);

  private final List<AutoCloseable> open = new ArrayList<>();
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    vertx.close().await();
  }

  private <T extends AutoCloseable> T keep(T c) {
    open.add(c);
    return c;
  }

  static Snapshot snapshot(int port1, int port2, int base) throws Exception {
    String yaml =
        """
        cluster:
          name: cluster-health-it-%3$d
          listen: 127.0.0.1:%3$d
          port_count: 5
          members: ["127.0.0.1:%3$d-%4$d"]
          failure_timeout: 3s
        health: { heartbeat: 200ms, stale_after: 1s }
        checks:
          one: { type: http, port: %1$d, interval: 200ms, timeout: 150ms, rise: 2, fall: 2 }
          two: { type: http, port: %2$d, interval: 200ms, timeout: 150ms, rise: 2, fall: 2 }
        regions:
          eu-west: { latitude: 53.35, longitude: -6.26 }
          us-east: { latitude: 38.90, longitude: -77.04 }
        pools:
          app:
            endpoints:
              - { name: eu, address: 127.0.0.1, region: eu-west, check: one }
              - { name: us, address: 127.0.0.1, region: us-east, check: two }
        zones:
          - name: example.test.
            soa: { mname: ns1, rname: hostmaster }
            records:
              - { name: "@", type: NS, value: ns1 }
              - { name: ns1, type: A, value: 192.0.2.53 }
        """
            .formatted(port1, port2, base, base + 4);
    return new SnapshotCompiler(Clock.systemUTC())
        .compile(ConfigReader.read(yaml, "cluster-health-it", Path.of(".")), null);
  }

  @Test
  void agentsOverridesAndMembersAcrossTheCluster() throws Exception {
    Backend one = keep(Backend.http(vertx));
    Backend two = keep(Backend.http(vertx));
    int base = 41000 + ThreadLocalRandom.current().nextInt(8000);
    Current<Snapshot> current = new Current<>(snapshot(one.port(), two.port(), base));
    Snapshot s = current.get();
    HazelcastInstance euMember = ClusterMember.start(s.cluster(), "agent");
    open.add(euMember::shutdown);
    HazelcastInstance usMember = ClusterMember.start(s.cluster(), "agent");
    open.add(() -> usMember.getLifecycleService().terminate());
    HazelcastInstance dnsMember = ClusterMember.start(s.cluster(), "dns");
    open.add(dnsMember::shutdown);
    HealthFeed feed = keep(new HealthFeed(dnsMember, current, Clock.systemUTC()));
    SharedHealth euShared = new SharedHealth(euMember, s.health().forgetAfter());
    HealthAgent eu = keep(new HealthAgent(vertx, "a-eu", "eu-west", euShared, current, Clock.systemUTC()));
    keep(new HealthAgent(vertx, "a-us", "us-east",
        new SharedHealth(usMember, s.health().forgetAfter()), current, Clock.systemUTC()));

    awaitHealth(feed, "app/eu", Status.UP, Source.CONSENSUS);
    awaitHealth(feed, "app/us", Status.UP, Source.CONSENSUS);
    assertEquals(2, health(feed, "app/eu").votes().size());

    // overrides set on one member act on the DNS member's view
    euShared.override(override(HealthOverride.region("eu-west"), Verb.DRAIN));
    awaitHealth(feed, "app/eu", Status.DRAINED, Source.FORCED);
    int euId = s.policies().endpoints().get(0).id();
    assertEquals(true, feed.health().viewFor(s.policies()).isDrained(euId));
    euShared.clearOverride(HealthOverride.region("eu-west"));
    awaitHealth(feed, "app/eu", Status.UP, Source.CONSENSUS);
    euShared.override(override(HealthOverride.endpoint("app/us"), Verb.FORCE_DOWN));
    awaitHealth(feed, "app/us", Status.DOWN, Source.FORCED);
    euShared.clearOverride(HealthOverride.endpoint("app/us"));
    awaitHealth(feed, "app/us", Status.UP, Source.CONSENSUS);

    // paused monitoring keeps the last consensus while the backend fails; resumed, it counts
    euShared.override(override(HealthOverride.endpoint("app/eu"), Verb.PAUSE));
    awaitHealth(feed, "app/eu", Status.UP, Source.PAUSED);
    one.mode(Backend.Mode.ERROR);
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
        .until(() -> health(feed, "app/eu").status() == Status.UP);
    euShared.clearOverride(HealthOverride.endpoint("app/eu"));
    awaitHealth(feed, "app/eu", Status.DOWN, Source.CONSENSUS);
    one.mode(Backend.Mode.OK);
    awaitHealth(feed, "app/eu", Status.UP, Source.CONSENSUS);

    // a member killed outright: one agent of two left is no quorum, the last consensus stands
    usMember.getLifecycleService().terminate();
    awaitHealth(feed, "app/us", Status.UP, Source.STALE);
    two.mode(Backend.Mode.ERROR); // the eu agent alone sees it, and is not enough
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
        .until(() -> health(feed, "app/us").status() == Status.UP);

    // an agent leaving on purpose takes its votes along at once
    eu.close();
    open.remove(eu);
    await().atMost(WAIT).until(() -> health(feed, "app/eu").votes().stream()
        .noneMatch(v -> v.agent().equals("a-eu")));
  }

  private static HealthOverride override(String subject, Verb verb) {
    return new HealthOverride(subject, verb, "test", "ops", System.currentTimeMillis(), 0);
  }

  private static EndpointHealth health(HealthFeed feed, String key) {
    return feed.health().state().endpoints().get(key);
  }

  private static void awaitHealth(HealthFeed feed, String key, Status status, Source source) {
    await(key + " " + status + " by " + source).atMost(WAIT).until(() -> {
      EndpointHealth h = health(feed, key);
      return h != null && h.status() == status && h.source() == source;
    });
  }
}
