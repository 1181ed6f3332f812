package io.meridian.core.policy;

import static io.meridian.core.policy.PolicyFixtures.keys;
import static io.meridian.core.policy.PolicyFixtures.policyNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.core.config.ConfigReader;
import io.meridian.core.health.HealthView;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.SnapshotCompiler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code config/examples/gslb.yaml} answers as its comments say, with the bundled database and the
 * health it configures (iad-2 down): real-world sanity for every policy in it.
 */
class GslbExampleTest {

  static Snapshot snapshot;
  static HealthView health;

  @BeforeAll
  static void compileTheExample() throws Exception {
    Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path file = moduleDir.resolve("../config/examples/gslb.yaml").normalize();
    snapshot =
        new SnapshotCompiler(Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC))
            .compile(ConfigReader.read(file), null);
    health = snapshot.policies().configuredHealth();
  }

  static Decision decide(String policy, String client, int sourcePrefix, long seed) {
    byte[] address = PolicyFixtures.bytes(client);
    QueryContext query =
        new QueryContext(
            address,
            sourcePrefix,
            Endpoint.AddressFamily.IPV4,
            health,
            new SplittableRandom(seed),
            null,
            snapshot.policies().count());
    return query.decide(policyNamed(snapshot, policy));
  }

  static Stream<Arguments> www() {
    List<String> eu = List.of("eu/dub-1", "eu/dub-2");
    return Stream.of(
        Arguments.of("81.2.69.0", 24, eu), // the example's own dig: GB -> the EU pool
        Arguments.of("81.2.69.142", 32, eu),
        Arguments.of("61.0.0.1", 32, List.of("ap/bom-1")), // IN -> continent:AS
        Arguments.of("8.8.8.8", 32, List.of("us/iad-1")), // US -> default; iad-2 is down
        Arguments.of("41.0.0.1", 32, List.of("us/iad-1")), // ZA -> default
        Arguments.of("192.0.2.1", 32, List.of("us/iad-1"))); // documentation range: default
  }

  @ParameterizedTest(name = "www for {0}/{1}")
  @MethodSource("www")
  void wwwIsGeolocationOverFailoverOverWeighted(String client, int prefix, List<String> pool) {
    for (long seed = 0; seed < 10; seed++) {
      Decision d = decide("www", client, prefix, seed);
      assertEquals(Decision.Kind.ANSWER, d.kind());
      assertEquals(1, d.endpoints().size(), keys(d).toString());
      assertTrue(pool.containsAll(keys(d)), client + " got " + keys(d));
      assertTrue(d.healthy());
    }
  }

  @Test
  void nearFastOfficeAndClosed() {
    assertEquals(List.of("eu/dub-1", "eu/dub-2"), keys(decide("near", "81.2.69.142", 32, 1)));
    assertEquals(List.of("us/iad-1"), keys(decide("near", "8.8.8.8", 32, 1)), "iad-2 is down");
    assertEquals(List.of("ap/bom-1"), keys(decide("near", "61.0.0.1", 32, 1)));
    // latency from eu-west: dub-1 and dub-2 estimated 0 ms (a tie, both kept), iad-1 measured 80
    assertEquals(List.of("eu/dub-1", "eu/dub-2"), keys(decide("fast", "81.2.69.142", 32, 1)));
    // from us-east: iad-1 measured 2 ms
    assertEquals(List.of("us/iad-1"), keys(decide("fast", "8.8.8.8", 32, 1)));
    assertEquals(List.of("eu/dub-1"), keys(decide("office", "10.9.8.7", 32, 1)));
    assertEquals(List.of("us/iad-1"), keys(decide("office", "81.2.69.142", 32, 1)));
    assertEquals(Decision.Kind.SERVFAIL, decide("closed", "8.8.8.8", 32, 1).kind());
    Decision all = decide("all", "8.8.8.8", 32, 1);
    assertEquals(2, all.endpoints().size(), "max_answers: 2");
    assertTrue(!keys(all).contains("us/iad-2"), "down endpoints are not answered");
  }

  @Test
  void apiWeightsHold() {
    int[] counts = new int[3];
    List<String> keys = List.of("eu/dub-1", "us/iad-1", "ap/bom-1");
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 20_000; i++) {
      QueryContext query =
          new QueryContext(
              PolicyFixtures.bytes("8.8.8.8"),
              32,
              Endpoint.AddressFamily.IPV4,
              health,
              random,
              null,
              snapshot.policies().count());
      counts[keys.indexOf(keys(query.decide(policyNamed(snapshot, "api"))).get(0))]++;
    }
    assertEquals(0.7, counts[0] / 20_000.0, 0.015);
    assertEquals(0.2, counts[1] / 20_000.0, 0.015);
    assertEquals(0.1, counts[2] / 20_000.0, 0.015);
  }
}
