package io.meridian.balancer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped example {@code config/balancer/example.yaml} must stay valid. Its certificate files
 * are generated here, next to a copy of it, so every other setting is checked as written.
 */
class ExampleConfigTest {

  @Test
  void theExampleIsValid(@TempDir Path dir) throws Exception {
    Path example = Path.of("..", "config", "balancer", "example.yaml");
    Path copy = Files.copy(example, dir.resolve("example.yaml"));
    Path certs = Files.createDirectories(dir.resolve("certs"));
    for (String name : new String[] {"www", "api"}) {
      SelfSignedCertificate cert = SelfSignedCertificate.create(name + ".example.com");
      Files.copy(Path.of(cert.certificatePath()), certs.resolve(name + ".crt"), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(Path.of(cert.privateKeyPath()), certs.resolve(name + ".key"), StandardCopyOption.REPLACE_EXISTING);
    }
    BalancerConfig config = BalancerConfigReader.read(copy);
    assertEquals(5, config.routes().size());
    assertEquals(4, config.groups().size());
    assertEquals(2, config.listeners().get(1).tls().orElseThrow().certificates().size());
  }
}
