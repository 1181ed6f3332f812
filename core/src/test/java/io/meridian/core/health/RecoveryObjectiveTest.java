package io.meridian.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.core.config.ConfigReader;
import io.meridian.core.config.InvalidConfigException;
import io.meridian.core.snapshot.SnapshotCompiler;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** A policy's {@code rto} against the predicted worst-case failover of the names it answers. */
class RecoveryObjectiveTest {

  static String config(String rto, String check) {
    return """
        checks:
          web: { type: http, port: 80, interval: 1s, timeout: 1s, fall: 3 }
        pools:
          app:
            %s
            endpoints:
              - { name: a, address: 192.0.2.1 }
        policies:
          www: { routing: failover, rto: %s, targets: [ { pool: app } ] }
        zones:
          - name: example.test.
            soa: { mname: ns1, rname: hostmaster }
            records:
              - { name: "@", type: NS, value: ns1 }
              - { name: ns1, type: A, value: 192.0.2.53 }
              - { name: www, policy: www, ttl: 30 }
        """.formatted(check, rto);
  }

  static void compile(String yaml) throws Exception {
    new SnapshotCompiler(Clock.systemUTC())
        .compile(ConfigReader.read(yaml, "rto-test", Path.of(".")), null);
  }

  @Test
  void aPredictionWithinTheObjectivePasses() throws Exception {
    // 3 x 1.1 s + 1 s + 0.1 s propagation + 30 s TTL = 34.4 s
    compile(config("35s", "check: web"));
  }

  @Test
  void aPredictionBeyondTheObjectiveIsRejectedWithTheNumbers() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> compile(config("30s", "check: web")));
    assertEquals("policies.www.rto", e.problems().get(0).path());
    assertTrue(e.problems().get(0).message().startsWith("rto 30.0 s is not met by www.example.test.:"
        + " a failure leaves every resolver's answers within 34.4 s: detection 4.3 s"), e.getMessage());
  }

  @Test
  void unwatchedEndpointsNeverMeetAnObjective() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> compile(config("5m", "min_healthy: 0")));
    assertTrue(e.problems().get(0).message().contains("no endpoint has a check"), e.getMessage());
  }
}
