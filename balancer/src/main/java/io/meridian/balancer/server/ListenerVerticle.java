package io.meridian.balancer.server;

import io.meridian.balancer.config.LimitsConfig;
import io.meridian.balancer.config.ListenerConfig;
import io.meridian.balancer.config.ListenerConfig.TlsConfig;
import io.meridian.balancer.metrics.BalancerMetrics;
import io.meridian.balancer.metrics.LoadWindow;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One listener on one event loop; the balancer deploys {@code event_loops} instances per listener
 * and Vert.x spreads the accepted connections over them. HTTPS takes several PEM certificates; the
 * first is the default and the others are chosen by SNI; HTTP/2 is offered through ALPN.
 */
public final class ListenerVerticle extends VerticleBase {

  private final ListenerConfig listener;
  private final LimitsConfig limits;
  private final Supplier<Routing> routing;
  private final AccessLog accessLog;
  private final BalancerMetrics metrics;
  private final LoadWindow load;
  private final BooleanSupplier refusing;
  private final LongSupplier nanoTime;
  private HttpServer server;

  public ListenerVerticle(
      ListenerConfig listener,
      LimitsConfig limits,
      Supplier<Routing> routing,
      AccessLog accessLog,
      BalancerMetrics metrics,
      LoadWindow load,
      BooleanSupplier refusing,
      LongSupplier nanoTime) {
    this.listener = listener;
    this.limits = limits;
    this.routing = routing;
    this.accessLog = accessLog;
    this.metrics = metrics;
    this.load = load;
    this.refusing = refusing;
    this.nanoTime = nanoTime;
  }

  static HttpServerOptions options(ListenerConfig listener, LimitsConfig limits) {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(listener.host())
            .setPort(listener.port())
            .setTcpNoDelay(true)
            .setMaxHeaderSize(limits.maxHeaderSize())
            .setMaxInitialLineLength(Math.min(limits.maxHeaderSize(), 16 * 1024))
            .setIdleTimeout((int) limits.idleTimeout().toMillis())
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
            .setAcceptBacklog(4096)
            // no h2c: its sniffing decodes the first request before the connection handler runs
            .setHttp2ClearTextEnabled(false)
            // WebSockets are tunnelled as raw bytes: our own extension handler must not negotiate
            // compression on top of what client and backend agreed
            .setPerMessageWebSocketCompressionSupported(false)
            .setPerFrameWebSocketCompressionSupported(false);
    listener.tls().ifPresent(tls -> tls(options, tls));
    return options;
  }

  private static void tls(HttpServerOptions options, TlsConfig tls) {
    PemKeyCertOptions pem = new PemKeyCertOptions();
    tls.certificates()
        .forEach(c -> pem.addCertPath(c.certPath()).addKeyPath(c.keyPath()));
    options.setSsl(true).setSni(tls.certificates().size() > 1).setKeyCertOptions(pem);
    if (OpenSSLEngineOptions.isAvailable()) {
      // BoringSSL: a TLS request costs about half of what the JDK's SSLEngine costs
      options.setSslEngineOptions(new OpenSSLEngineOptions());
    }
    if (tls.http2()) {
      options.setUseAlpn(true).setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
    }
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = options(listener, limits);
    ClientConnections<HttpConnection> connections =
        new ClientConnections<>(
            limits.headerTimeout().toNanos(), 0, nanoTime, metrics, HttpConnection::close);
    long sweepMillis = Math.max(50, Math.min(1000, limits.headerTimeout().toMillis() / 4));
    vertx.setPeriodic(sweepMillis, id -> connections.sweep());
    server =
        vertx
            .createHttpServer(options)
            .connectionHandler(
                connection -> {
                  AmbiguousLengthDecoder.install(connection, options);
                  connections.opened(connection);
                  connection.closeHandler(v -> connections.closed(connection));
                })
            .requestHandler(
                new RequestHandler(
                    routing, limits, connections, accessLog, metrics, load, refusing, nanoTime));
    return server.listen();
  }

  /** The port actually bound (useful with port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
