package io.meridian.agent.probe;

import static io.meridian.agent.testing.Backend.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.agent.testing.Backend;
import io.meridian.core.health.CheckSpec;
import io.meridian.core.health.CheckSpec.Type;
import io.vertx.core.Vertx;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.InetAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTPS against a backend with a self-signed certificate for {@code meridian.test}: verification is
 * on by default and rejects it; off, the probe passes. SNI and Host come from {@code host}.
 */
class HttpsProbeTest {

  static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();
  static Vertx vertx;
  static SelfSignedCertificate certificate;
  static Backend backend;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    certificate = SelfSignedCertificate.create("meridian.test");
    backend = Backend.https(vertx, certificate);
  }

  @AfterAll
  static void stop() {
    backend.close();
    await(vertx.close());
    certificate.delete();
  }

  ProbeResult probe(CheckSpec spec) {
    return ProbeOnce.run(Probe.of(vertx, spec, System::nanoTime));
  }

  @Test
  void verificationIsOnByDefaultAndRejectsAnUntrustedCertificate() {
    ProbeResult result =
        probe(CheckSpec.builder(Type.HTTPS, backend.port()).host("meridian.test").build());
    assertFalse(result.ok());
    assertTrue(result.detail().startsWith("TLS: "), result.detail());
  }

  @Test
  void withoutVerificationTheSameServerPasses() {
    ProbeResult result =
        probe(
            CheckSpec.builder(Type.HTTPS, backend.port())
                .host("meridian.test")
                .tlsVerify(false)
                .build());
    assertTrue(result.ok(), result.detail());
    assertEquals("HTTP 200", result.detail());
  }

  @Test
  void hostIsTheServerNameAndTheHostHeader() {
    probe(
        CheckSpec.builder(Type.HTTPS, backend.port())
            .host("www.meridian.test")
            .tlsVerify(false)
            .build());
    assertEquals("www.meridian.test", backend.lastSni());
    assertEquals("www.meridian.test:" + backend.port(), backend.lastHost());
  }

  @Test
  void aTrustedCertificatePassesOnlyForItsName() {
    // the test's certificate stands in for the JDK trust store: chain and name are both checked
    CheckSpec.Builder check = CheckSpec.builder(Type.HTTPS, backend.port());
    ProbeResult right = trusted(check.host("meridian.test").build());
    assertTrue(right.ok(), right.detail());
    ProbeResult wrong = trusted(check.host("other.test").build());
    assertFalse(wrong.ok());
    assertTrue(wrong.detail().startsWith("TLS: "), wrong.detail());
    ProbeResult address = trusted(CheckSpec.builder(Type.HTTPS, backend.port()).build());
    assertFalse(address.ok(), "the certificate does not name 127.0.0.1");
    assertTrue(address.detail().startsWith("TLS: "), address.detail());
  }

  ProbeResult trusted(CheckSpec spec) {
    return ProbeOnce.run(new HttpProbe(vertx, spec, System::nanoTime, certificate.trustOptions()));
  }

  @Test
  void withoutHostNoServerNameIsSent() {
    ProbeResult result =
        probe(CheckSpec.builder(Type.HTTPS, backend.port()).tlsVerify(false).build());
    assertTrue(result.ok(), result.detail());
    assertNull(backend.lastSni());
    assertEquals("127.0.0.1:" + backend.port(), backend.lastHost());
  }
}
