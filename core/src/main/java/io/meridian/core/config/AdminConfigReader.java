package io.meridian.core.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads {@code admin}: where the API listens and keeps its data. Absent: no admin API. */
final class AdminConfigReader {

  private AdminConfigReader() {}

  static Optional<AdminConfig> read(ConfigNode node, Path baseDir) {
    if (!node.mapping(
        Set.of("listen", "data_dir", "tls_cert", "tls_key", "max_body_bytes", "test_clients"))) {
      return Optional.empty();
    }
    Optional<InetSocketAddress> listen =
        node.field("listen").requiredText()
            .flatMap(t -> ConfigReader.socketAddress(node.field("listen"), t));
    Optional<String> dataDir = node.field("data_dir").requiredText();
    Optional<Path> cert = node.field("tls_cert").text().map(baseDir::resolve);
    Optional<Path> key = node.field("tls_key").text().map(baseDir::resolve);
    if (cert.isPresent() != key.isPresent()) {
      node.problem("tls_cert and tls_key go together");
    }
    int maxBody =
        node.field("max_body_bytes").integer(1024, 64 << 20, AdminConfig.DEFAULT_MAX_BODY);
    List<String> clients = new ArrayList<>();
    node.field("test_clients").elements().forEach(c -> c.requiredText().ifPresent(clients::add));
    if (listen.isEmpty() || dataDir.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new AdminConfig(listen.get(), baseDir.resolve(dataDir.get()), cert, key, maxBody, clients));
  }
}
