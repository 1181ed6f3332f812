package io.meridian.balancer.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One listening socket.
 *
 * @param name used in logs and in {@code X-Forwarded-Proto} decisions only
 * @param host IP literal to bind
 * @param port TCP port, 0 for an ephemeral one (tests)
 * @param tls present for HTTPS
 */
public record ListenerConfig(String name, String host, int port, Optional<TlsConfig> tls) {

  public ListenerConfig {
    requireNonNull(name, "name");
    requireNonNull(host, "host");
    requireNonNull(tls, "tls");
  }

  /**
   * HTTPS settings. The first certificate is the default, served to clients that send no SNI or a
   * name no certificate covers; the others are chosen by the name the client asks for.
   *
   * @param certificates PEM certificate chain and key file pairs, at least one
   * @param http2 whether HTTP/2 is offered through ALPN (HTTP/1.1 always is)
   */
  public record TlsConfig(List<Certificate> certificates, boolean http2) {
    public TlsConfig {
      certificates = List.copyOf(certificates);
    }
  }

  /** A PEM certificate chain and its private key. */
  public record Certificate(String certPath, String keyPath) {
    public Certificate {
      requireNonNull(certPath, "certPath");
      requireNonNull(keyPath, "keyPath");
    }
  }
}
