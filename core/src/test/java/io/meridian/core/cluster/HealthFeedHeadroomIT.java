package io.meridian.core.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import io.meridian.core.config.ClusterConfig;
import io.meridian.core.config.ConfigReader;
import io.meridian.core.health.HealthView;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.SnapshotCompiler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A DNS server's health feed turns the loads balancers publish into each region's headroom on its
 * local view (the query path never asks the cluster): capacity minus load, summed per region; a
 * refusing balancer has none; a balancer that stops reporting drops out.
 */
class HealthFeedHeadroomIT {

  static final String CONFIG = """
      regions:
        us-east: { latitude: 38.90, longitude: -77.04 }
        ap-south: { latitude: 1.35, longitude: 103.82 }
      pools:
        us: { endpoints: [{ name: lb, address: 127.0.0.12, region: us-east }] }
      zones:
        - name: a.test.
          soa: { mname: ns1, rname: hostmaster }
          records:
            - { name: "@", type: NS, value: ns1 }
            - { name: ns1, type: A, value: 192.0.2.53 }
      """;

  @Test
  void loadsBecomeHeadroomPerRegion() throws Exception {
    HazelcastInstance member = ClusterMember.start(
        new ClusterConfig("headroom-it", "127.0.0.1", 47701, 100, List.of(), Duration.ofSeconds(5)),
        "dns");
    try {
      Snapshot snapshot = new SnapshotCompiler(Clock.systemUTC())
          .compile(ConfigReader.read(CONFIG, "t.yaml", Path.of(".")), null);
      try (HealthFeed feed = new HealthFeed(member, new Current<>(snapshot), Clock.systemUTC())) {
        SharedBalancers balancers = new SharedBalancers(member);
        long now = System.currentTimeMillis();
        balancers.publish(new BalancerLoad("us-east", "lb1", 1000, 5, 250, 10, 0, false, now));
        balancers.publish(new BalancerLoad("us-east", "lb2", 500, 5, 100, 10, 0, false, now));
        balancers.publish(new BalancerLoad("ap-south", "lb", 800, 5, 100, 10, 0, true, now));
        await().atMost(Duration.ofSeconds(10)).until(() -> view(feed, snapshot).headroom("us-east") == 1150.0);
        HealthView view = view(feed, snapshot);
        assertTrue(view.headroom("ap-south") == 0.0, "a refusing balancer has no room");
        assertTrue(Double.isNaN(view.headroom("eu-west")), "no balancer, no number");

        balancers.withdraw("us-east", "lb2");
        await().atMost(Duration.ofSeconds(10)).until(() -> view(feed, snapshot).headroom("us-east") == 750.0);
      }
    } finally {
      member.shutdown();
    }
  }

  private static HealthView view(HealthFeed feed, Snapshot snapshot) {
    return feed.health().viewFor(snapshot.policies());
  }
}
