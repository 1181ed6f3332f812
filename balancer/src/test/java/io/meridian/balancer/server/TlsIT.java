package io.meridian.balancer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.balancer.config.BalancerConfig;
import io.meridian.balancer.config.ListenerConfig;
import io.meridian.balancer.testing.BalancerFixture;
import io.meridian.balancer.testing.Configs;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.core.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTPS with two certificates chosen by SNI, and HTTP/2 negotiated through ALPN. */
class TlsIT extends BalancerFixture {

  private int httpsPort;

  private BalancerConfig config;

  @BeforeEach
  void startTls() throws Exception {
    SelfSignedCertificate a = SelfSignedCertificate.create("a.example.com");
    SelfSignedCertificate b = SelfSignedCertificate.create("b.example.com");
    start(config =
        Configs.parse(
            "event_loops: 1\nlimits: {max_body_size: 1000}\nlisteners:\n  - name: http\n    address: 127.0.0.1:0\n"
                + "  - name: https\n    address: 127.0.0.1:0\n    tls:\n      http2: true\n      certificates:\n"
                + "        - {cert: " + a.certificatePath() + ", key: " + a.privateKeyPath() + "}\n"
                + "        - {cert: " + b.certificatePath() + ", key: " + b.privateKeyPath() + "}\n"
                + "routes:\n  - forward: g\ngroups:\n  g:\n" + targets(1)));
    httpsPort = balancer.port("https");
  }

  /** The negotiated protocol and the certificate's subject, read while the connection is open. */
  private record Seen(HttpVersion version, String subject) {}

  private Seen fetch(HttpClientOptions options, String serverName) throws Exception {
    HttpClient https =
        clientVertx.createHttpClient(options.setSsl(true).setTrustAll(true).setVerifyHost(false).setForceSni(true));
    try {
      return https
          .request(new RequestOptions().setServer(SocketAddress.inetSocketAddress(httpsPort, "127.0.0.1"))
              .setHost(serverName).setPort(httpsPort).setURI("/"))
          .compose(request -> request.send().compose(response -> response.body().map(body -> {
            assertEquals("b1", body.toString());
            return new Seen(response.version(), subject(response));
          })))
          .await(10, TimeUnit.SECONDS);
    } finally {
      https.close();
    }
  }

  private static String subject(HttpClientResponse response) {
    try {
      X509Certificate cert =
          (X509Certificate) response.request().connection().peerCertificates().get(0);
      return cert.getSubjectX500Principal().getName();
    } catch (Exception e) {
      throw new AssertionError("no peer certificate", e);
    }
  }

  private HttpClient h2Client() {
    return clientVertx.createHttpClient(
        new HttpClientOptions()
            .setProtocolVersion(HttpVersion.HTTP_2)
            .setUseAlpn(true)
            .setSsl(true)
            .setTrustAll(true)
            .setVerifyHost(false));
  }

  private RequestOptions h2Request(io.vertx.core.http.HttpMethod method) {
    return new RequestOptions()
        .setMethod(method)
        .setServer(SocketAddress.inetSocketAddress(httpsPort, "127.0.0.1"))
        .setHost("a.example.com")
        .setPort(httpsPort)
        .setURI("/");
  }

  @Test
  void refusingOverHttp2Answers503WithoutAConnectionHeaderAndEndsTheConnection() throws Exception {
    balancer.refuse(true);
    HttpClient https = h2Client();
    try {
      java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
      HttpClientResponse response =
          https.request(h2Request(io.vertx.core.http.HttpMethod.GET))
              .compose(request -> {
                request.connection().closeHandler(v -> closed.set(true));
                return request.send();
              })
              .await(10, TimeUnit.SECONDS);
      assertEquals(HttpVersion.HTTP_2, response.version());
      assertEquals(503, response.statusCode());
      assertEquals("5", response.getHeader("retry-after"));
      assertEquals(null, response.getHeader("connection"));
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilTrue(closed);
      assertEquals(0, backend(0).requests());
    } finally {
      https.close();
    }
    balancer.refuse(false);
    assertEquals(HttpVersion.HTTP_2,
        fetch(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true), "a.example.com").version());
  }

  @Test
  void anHttp2BodyWithoutLengthIsHeldToTheLimit() throws Exception {
    HttpClient https = h2Client();
    try {
      int status =
          https.request(h2Request(io.vertx.core.http.HttpMethod.POST))
              .compose(request -> {
                request.setChunked(true); // Vert.x's term; HTTP/2 sends DATA frames without a length
                for (int i = 0; i < 3; i++) {
                  request.write("y".repeat(400)); // 1200 bytes, no Content-Length; the limit is 1000
                }
                return request.response();
              })
              .await(10, TimeUnit.SECONDS)
              .statusCode();
      assertEquals(413, status);
    } finally {
      https.close();
    }
  }

  @Test
  void httpsRunsOnBoringSslWhereTheBuildShipsIt() {
    Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux")
        && System.getProperty("os.arch").equals("amd64"), "netty-tcnative is checked on Linux x86-64");
    assertTrue(ServerTls.boringSsl(), () -> "OpenSSL: " + OpenSsl.unavailabilityCause());
    ListenerConfig https = config.listeners().stream().filter(l -> l.tls().isPresent()).findFirst().get();
    assertEquals(SslProvider.OPENSSL, ServerTls.of(clientVertx, https.tls().get()).provider());
  }

  @Test
  void theCertificateFollowsTheRequestedName() throws Exception {
    assertTrue(fetch(new HttpClientOptions(), "a.example.com").subject().contains("CN=a.example.com"));
    assertTrue(fetch(new HttpClientOptions(), "b.example.com").subject().contains("CN=b.example.com"));
    // an unknown name gets the first certificate, the default
    assertTrue(fetch(new HttpClientOptions(), "other.example.org").subject().contains("CN=a.example.com"));
  }

  @Test
  void http2IsNegotiatedThroughAlpnAndProxiedToAnHttp11Backend() throws Exception {
    Seen h2 =
        fetch(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true), "a.example.com");
    assertEquals(HttpVersion.HTTP_2, h2.version());
    assertEquals("https", backend(0).lastHeaders().get("x-forwarded-proto"));
    Seen h1 = fetch(new HttpClientOptions().setUseAlpn(true), "a.example.com");
    assertEquals(HttpVersion.HTTP_1_1, h1.version());
  }
}
