package io.meridian.core.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.hazelcast.core.HazelcastInstance;
import io.meridian.core.config.ClusterConfig;
import io.meridian.core.config.ConfigReader;
import io.meridian.core.health.EndpointHealth;
import io.meridian.core.health.HealthOverride;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.SnapshotCompiler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A member that joins late gets the shared state written before it came, and does not wait for it:
 * an operator's override, written once, reaches the newcomer's health feed (a joiner's copy of a
 * replicated map is filled in the background, without events: the feed reads the overrides whole
 * and replays), and creating the feed does not block on that fill-up.
 */
class HealthFeedLateJoinIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private final int base = 49000 + ThreadLocalRandom.current().nextInt(100) * 10;
  private final List<HazelcastInstance> members = new java.util.ArrayList<>();

  @AfterEach
  void stop() {
    members.forEach(HazelcastInstance::shutdown);
  }

  @Test
  void aLateMemberSeesAnOverrideWrittenBeforeItJoined() throws Exception {
    Snapshot snapshot = new SnapshotCompiler(Clock.systemUTC())
        .compile(ConfigReader.read(HealthFeedHeadroomIT.CONFIG, "t.yaml", Path.of(".")), null);
    HazelcastInstance first = member();
    new SharedHealth(first, Duration.ofMinutes(1)).override(new HealthOverride(
        HealthOverride.endpoint("us/lb"), HealthOverride.Verb.FORCE_DOWN, "maintenance", "it",
        System.currentTimeMillis(), 0));
    member(); // a third member owns some of the partitions the newcomer fills from

    HazelcastInstance newcomer = member();
    // its start-up does not wait for the fill-up (a synchronous one blocked for minutes in CI)
    HealthFeed feed = assertTimeoutPreemptively(
        WAIT, () -> new HealthFeed(newcomer, new Current<>(snapshot), Clock.systemUTC()));
    try (HealthFeed late = feed) {
      await("the override reaches the late member").atMost(WAIT).until(() -> {
        EndpointHealth lb = late.health().state().endpoints().get("us/lb");
        return lb != null && lb.source() == EndpointHealth.Source.FORCED;
      });
      assertEquals(
          EndpointHealth.Status.DOWN, late.health().state().endpoints().get("us/lb").status());
    }
  }

  private HazelcastInstance member() {
    HazelcastInstance m = ClusterMember.start(
        new ClusterConfig("late-join-it-" + base, "127.0.0.1", base, 10,
            List.of("127.0.0.1:" + base + "-" + (base + 9)), Duration.ofSeconds(5)),
        "dns");
    members.add(m);
    return m;
  }
}
