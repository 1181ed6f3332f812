package io.meridian.balancer.server;

import io.meridian.balancer.config.ListenerConfig.Certificate;
import io.meridian.balancer.config.ListenerConfig.TlsConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.KeyManagerFactory;

/**
 * An HTTPS listener's TLS: one {@link SslContext} per configured certificate, chosen by the name
 * the client asks for (SNI) among the names each certificate covers (its DNS subject alternative
 * names, else its common name; {@code *.example.com} covers one label), the first certificate for
 * no name or an unknown one. ALPN offers {@code h2} then {@code http/1.1} (only the latter when
 * {@code http2} is off). Handshakes and records run on BoringSSL ({@code
 * netty-tcnative-boringssl-static}) where it loads, on the JDK's engine otherwise. Keys are read
 * by Vert.x's PEM reader (PKCS#8, PKCS#1 RSA, SEC1 EC).
 */
final class ServerTls {

  private final Mapping<String, SslContext> byName;
  private final SslProvider provider;

  private ServerTls(Mapping<String, SslContext> byName, SslProvider provider) {
    this.byName = byName;
    this.provider = provider;
  }

  /** Whether BoringSSL is in use (else the JDK's {@code SSLEngine}). */
  static boolean boringSsl() {
    return OpenSsl.isAvailable();
  }

  static ServerTls of(Vertx vertx, TlsConfig tls) {
    List<SslContext> contexts =
        tls.certificates().stream().map(c -> context(vertx, c, tls.http2())).toList();
    DomainWildcardMappingBuilder<SslContext> mapping =
        new DomainWildcardMappingBuilder<>(contexts.get(0));
    // later entries win in the builder: add in reverse so the first certificate wins a shared name
    for (int i = contexts.size() - 1; i >= 0; i--) {
      for (String name : names(tls.certificates().get(i))) {
        mapping.add(name, contexts.get(i));
      }
    }
    return new ServerTls(mapping.build(), available());
  }

  /** BoringSSL where it loads, else the JDK's engine. */
  private static SslProvider available() {
    return boringSsl() ? SslProvider.OPENSSL : SslProvider.JDK;
  }

  /** Whose TLS runs the handshakes and records. */
  SslProvider provider() {
    return provider;
  }

  /** A new handler for one connection: SNI picks the context, then the handshake runs. */
  SniHandler handler() {
    return new SniHandler(byName);
  }

  private static SslContext context(Vertx vertx, Certificate certificate, boolean http2) {
    try {
      KeyManagerFactory keys =
          new PemKeyCertOptions()
              .setCertPath(certificate.certPath())
              .setKeyPath(certificate.keyPath())
              .getKeyManagerFactory(vertx);
      List<String> protocols =
          http2
              ? List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)
              : List.of(ApplicationProtocolNames.HTTP_1_1);
      return SslContextBuilder.forServer(keys)
          .sslProvider(available())
          .protocols("TLSv1.3", "TLSv1.2")
          .applicationProtocolConfig(
              new ApplicationProtocolConfig(
                  Protocol.ALPN,
                  SelectorFailureBehavior.NO_ADVERTISE,
                  SelectedListenerFailureBehavior.ACCEPT,
                  protocols))
          .build();
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "cannot use certificate " + certificate.certPath() + " with key " + certificate.keyPath()
              + ": " + e.getMessage(),
          e);
    }
  }

  /** The host names a certificate covers: DNS subject alternative names, else the common name. */
  static Set<String> names(Certificate certificate) {
    Set<String> names = new LinkedHashSet<>();
    try (InputStream in = Files.newInputStream(Path.of(certificate.certPath()))) {
      X509Certificate x509 =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      if (x509.getSubjectAlternativeNames() != null) {
        for (List<?> san : x509.getSubjectAlternativeNames()) {
          if (Integer.valueOf(2).equals(san.get(0))) {
            names.add(san.get(1).toString().toLowerCase(Locale.ROOT));
          }
        }
      }
      if (names.isEmpty()) {
        for (Rdn rdn : new LdapName(x509.getSubjectX500Principal().getName()).getRdns()) {
          if (rdn.getType().equalsIgnoreCase("CN")) {
            names.add(rdn.getValue().toString().toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (IOException | java.security.GeneralSecurityException | javax.naming.InvalidNameException e) {
      throw new IllegalArgumentException(
          "cannot read certificate " + certificate.certPath() + ": " + e.getMessage(), e);
    }
    return names;
  }
}
