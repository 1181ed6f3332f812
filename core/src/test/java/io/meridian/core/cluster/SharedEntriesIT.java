package io.meridian.core.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import io.meridian.core.config.ClusterConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real Hazelcast members: what one member writes as {@link SharedEntries} every other sees, a
 * member that joins later reads it from the map, a newer write is never undone by an older one
 * arriving late, entries go when not refreshed, and a member frozen with SIGSTOP (in a JVM of its
 * own, owning its share of the partitions) holds up neither a write nor anyone's view of it.
 */
class SharedEntriesIT {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final int base = 48000 + ThreadLocalRandom.current().nextInt(100) * 10;
  private final String cluster = "shared-entries-it-" + base;
  private final List<HazelcastInstance> members = new ArrayList<>();
  private Process frozen;

  @AfterEach
  void stop() {
    if (frozen != null) {
      frozen.destroyForcibly();
    }
    members.forEach(HazelcastInstance::shutdown);
  }

  private HazelcastInstance member(long failureSeconds) {
    HazelcastInstance m = ClusterMember.start(new ClusterConfig(cluster, "127.0.0.1", base, 10,
        List.of("127.0.0.1:" + base + "-" + (base + 9)), Duration.ofSeconds(failureSeconds)), "test");
    members.add(m);
    return m;
  }

  private static SharedEntries<String> entries(HazelcastInstance m, long ttlMillis) {
    SharedEntries<String> e = new SharedEntries<>(m, "meridian.test.entries", String.class, ttlMillis);
    e.follow();
    return e;
  }

  @Test
  void everyMemberSeesTheNewestWriteAndALateJoinerReadsTheMap() throws Exception {
    HazelcastInstance a = member(5);
    HazelcastInstance b = member(5);
    SharedEntries<String> writer = entries(a, 60_000);
    SharedEntries<String> reader = entries(b, 60_000);
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    reader.listen((key, before, after) -> seen.add(key + ":" + before + "->" + after));

    writer.put("k", "one");
    writer.put("k", "two");
    writer.put("gone", "soon");
    writer.remove("gone");
    await().atMost(WAIT).until(() -> reader.now().equals(Map.of("k", "two")));
    assertTrue(writer.flush(WAIT.toMillis()));
    assertEquals(Map.of("k", "two"), writer.now());

    // an older write that reaches the map late (as one held up by a frozen owner would) changes
    // nothing: the version decides, not the order of arrival
    a.<String, String>getReplicatedMap("meridian.test.entries")
        .put("k", Json.write(new SharedEntries.Versioned("k", 1, Json.write("stale"))));
    writer.put("marker", "written after");
    await().atMost(WAIT).until(() -> reader.now().containsKey("marker"));
    assertEquals("two", reader.now().get("k"));
    assertTrue(seen.contains("k:one->two") || seen.contains("k:null->two"), seen.toString());
    assertTrue(seen.stream().noneMatch(s -> s.contains("stale")), seen.toString());

    // a member that joins now reads what the map holds: Hazelcast fills a joiner's copy in the
    // background and without events, so a follower replays (HealthFeed does every second)
    SharedEntries<String> late = entries(member(5), 60_000);
    await().atMost(WAIT).until(() -> {
      late.replay();
      return "written after".equals(late.now().get("marker"));
    });
    assertEquals(null, late.now().get("gone"));
  }

  @Test
  void entriesNotRefreshedGoAway() throws Exception {
    SharedEntries<String> writer = entries(member(5), 1_500);
    SharedEntries<String> reader = entries(member(5), 1_500);
    writer.put("beat", "1");
    await().atMost(WAIT).until(() -> reader.now().containsKey("beat"));
    await().atMost(WAIT).until(() -> reader.now().isEmpty());
    assertTrue(writer.now().isEmpty(), "the writer's own view forgets it too");
  }

  @Test
  void aFrozenMemberHoldsUpNoWriteAndNoView() throws Exception {
    // nobody is declared dead during the test: the frozen member keeps its partitions throughout
    HazelcastInstance a = member(120);
    HazelcastInstance b = member(120);
    frozen = new ProcessBuilder(
            java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), FrozenMember.class.getName(), cluster,
            Integer.toString(base), "127.0.0.1:" + base + "-" + (base + 9), "120")
        .redirectErrorStream(true)
        .start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(frozen.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Void> joined = CompletableFuture.runAsync(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.equals("joined")) {
            return;
          }
        }
      } catch (java.io.IOException ignored) {
        // the assertion below says it
      }
    });
    joined.get(60, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> a.getCluster().getMembers().size() == 3
        && a.getPartitionService().isClusterSafe());
    SharedEntries<String> writer = entries(a, 60_000);
    SharedEntries<String> reader = entries(b, 60_000);
    // the frozen member's share of 271 partitions: with 40 keys some are surely its own
    int ownedByFrozen = 0;
    for (int i = 0; i < 40; i++) {
      if (!a.getPartitionService().getPartition("key-" + i).getOwner().localMember()
          && !b.getPartitionService().getPartition("key-" + i).getOwner().localMember()) {
        ownedByFrozen++;
      }
    }
    assertTrue(ownedByFrozen > 0, "no key on the frozen member's partitions");

    new ProcessBuilder("kill", "-STOP", Long.toString(frozen.pid())).start().waitFor();
    try {
      CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 40; i++) {
          writer.put("key-" + i, "v" + i);
        }
      });
      await("the writes return").atMost(WAIT).until(writes::isDone);
      await("the other member sees all of them").atMost(WAIT)
          .until(() -> reader.now().size() == 40);
      assertEquals("v39", reader.now().get("key-39"));
      assertFalse(writer.flush(0),
          "the map writes to the frozen member's partitions are still waiting");
    } finally {
      new ProcessBuilder("kill", "-CONT", Long.toString(frozen.pid())).start().waitFor();
    }
    assertTrue(writer.flush(60_000), "the map catches up once the member wakes");
  }
}
