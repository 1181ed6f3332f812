package io.meridian.agent.probe;

import io.meridian.core.health.CheckSpec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * {@code GET path} over HTTP or HTTPS on a fresh connection, judged by status range and optional
 * body text. Passing takes the whole response: a server that sends {@code 200} and then stalls
 * mid-body fails on the timeout, and the RTT is the time to the last byte.
 *
 * <p>Every probe opens a new connection ({@code keepAlive} off): reusing one would keep passing for
 * a server that no longer accepts connections. The connection goes to the endpoint's address;
 * {@link CheckSpec#host()} only names the server in the {@code Host} header and the TLS SNI and is
 * what the certificate must match, so a check reaches one backend of many behind a shared name
 * without resolving anything. TLS trusts the JDK's default trust store and verifies the name unless
 * {@link CheckSpec#tlsVerify()} is off, which trusts any certificate.
 */
final class HttpProbe implements Probe {

  /**
   * Enough for any health page; a larger body is read to its end but only this much is searched.
   */
  static final int MAX_BODY = 64 * 1024;

  /**
   * Connections per address and port. One target never has two probes in flight, but many endpoints
   * can share an address (virtual hosts on one balancer); a small pool would queue their probes and
   * turn waiting into false timeouts.
   */
  private static final int MAX_CONNECTIONS_PER_SERVER = 256;

  private final Vertx vertx;
  private final CheckSpec spec;
  private final LongSupplier nanoTime;
  private final HttpClientAgent client;
  private final long timeoutMillis;
  private final boolean tls;

  HttpProbe(Vertx vertx, CheckSpec spec, LongSupplier nanoTime) {
    if (!spec.type().isHttp()) {
      throw new IllegalArgumentException("not an HTTP check: " + spec.type());
    }
    this.vertx = vertx;
    this.spec = spec;
    this.nanoTime = nanoTime;
    this.tls = spec.type() == CheckSpec.Type.HTTPS;
    this.timeoutMillis = Math.max(1, spec.timeout().toMillis());
    HttpClientOptions options =
        new HttpClientOptions()
            .setKeepAlive(false)
            .setConnectTimeout(Math.toIntExact(Math.min(timeoutMillis, Integer.MAX_VALUE)))
            .setTcpNoDelay(true)
            .setSsl(tls)
            .setTrustAll(!spec.tlsVerify())
            .setVerifyHost(spec.tlsVerify());
    this.client =
        vertx.createHttpClient(
            options, new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_SERVER));
  }

  @Override
  public Future<ProbeResult> probe(InetAddress address) {
    long start = nanoTime.getAsLong();
    Promise<ProbeResult> result = Promise.promise();
    HttpClientRequest[] sent = new HttpClientRequest[1];
    long timer =
        vertx.setTimer(
            timeoutMillis,
            id -> {
              if (result.tryComplete(
                  ProbeResult.failed(elapsed(start), "timeout after " + timeoutMillis + " ms"))) {
                if (sent[0] != null) {
                  sent[0].reset(); // closes the HTTP/1.1 connection, so a hung server costs nothing
                }
              }
            });
    client
        .request(request(address))
        .compose(
            request -> {
              if (result.future().isComplete()) {
                // connected just after the timeout: do not leave a request on a hung server
                request.reset();
                return Future.failedFuture("timed out while connecting");
              }
              sent[0] = request;
              // failures arrive through the futures; without a handler Vert.x would also log them
              request.exceptionHandler(ignored -> {});
              return request.send();
            })
        .compose(this::judge)
        .onComplete(
            outcome -> {
              vertx.cancelTimer(timer);
              result.tryComplete(
                  outcome.succeeded()
                      ? outcome.result().withRtt(elapsed(start))
                      : ProbeResult.failed(elapsed(start), Failures.describe(outcome.cause())));
            });
    return result.future();
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }

  private RequestOptions request(InetAddress address) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setServer(SocketAddress.inetSocketAddress(spec.port(), address.getHostAddress()))
            .setHost(spec.host().orElseGet(() -> literal(address)))
            .setPort(spec.port())
            .setSsl(tls)
            .setURI(spec.path())
            // a second guard besides our timer: Vert.x itself drops a request that goes silent
            .setIdleTimeout(timeoutMillis);
    spec.headers().forEach(options::putHeader);
    return options;
  }

  /** Reads the whole response (searching at most {@link #MAX_BODY}) and decides. */
  private Future<Verdict> judge(HttpClientResponse response) {
    int status = response.statusCode();
    Buffer body = spec.bodyContains().isPresent() ? Buffer.buffer() : null;
    response.exceptionHandler(ignored -> {}); // a reset mid-body fails end() below
    response.handler(
        chunk -> {
          if (body != null && body.length() < MAX_BODY) {
            body.appendBuffer(chunk, 0, Math.min(chunk.length(), MAX_BODY - body.length()));
          }
        });
    return response.end().map(done -> verdict(status, body));
  }

  private Verdict verdict(int status, Buffer body) {
    if (!spec.expects(status)) {
      return new Verdict(
          false, "HTTP " + status + ", expected " + spec.expectMin() + "-" + spec.expectMax());
    }
    if (body != null) {
      String wanted = spec.bodyContains().orElseThrow();
      if (!body.toString(StandardCharsets.UTF_8).contains(wanted)) {
        return new Verdict(false, "HTTP " + status + ", body lacks \"" + wanted + "\"");
      }
    }
    return new Verdict(true, "HTTP " + status);
  }

  private long elapsed(long start) {
    return Math.max(0, nanoTime.getAsLong() - start);
  }

  /** The authority for an address without a name: IPv6 literals go in brackets. */
  private static String literal(InetAddress address) {
    String text = address.getHostAddress();
    return address instanceof Inet6Address ? "[" + text + "]" : text;
  }

  /** A judged response, before the RTT is taken at the moment the result is handed over. */
  private record Verdict(boolean ok, String detail) {
    ProbeResult withRtt(long rttNanos) {
      return ok ? ProbeResult.passed(rttNanos, detail) : ProbeResult.failed(rttNanos, detail);
    }
  }

  @Override
  public String toString() {
    return "HttpProbe[" + spec.type() + " :" + spec.port() + spec.path() + "]";
  }
}
