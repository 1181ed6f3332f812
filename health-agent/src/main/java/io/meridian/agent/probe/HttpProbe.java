package io.meridian.agent.probe;

import io.meridian.core.health.CheckSpec;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code GET path} over HTTP or HTTPS on a fresh connection, judged by status range and optional
 * body text. Passing takes the whole response: a server that sends {@code 200} and then stalls
 * mid-body fails on the timeout, and the RTT is the time to the last byte.
 *
 * <p>Every probe opens a new connection and asks the server to close it ({@code Connection:
 * close}): reusing one would keep passing for a server that no longer accepts connections. The
 * connection goes to the endpoint's address; {@link CheckSpec#host()} only names the server in the
 * {@code Host} header and the TLS SNI and is what the certificate must match, so a check reaches
 * one backend of many behind a shared name without resolving anything. TLS trusts the JDK's default
 * trust store and verifies the name unless {@link CheckSpec#tlsVerify()} is off, which trusts any
 * certificate.
 *
 * <p>The probe speaks HTTP/1.1 itself over a Vert.x {@link NetClient}: the request is a handful of
 * bytes made once per check type, and {@link ResponseReader} keeps only the status and the body's
 * first {@link #MAX_BODY} bytes. A full HTTP client (connection pool, request and response objects,
 * header maps) cost about twice the CPU per probe for nothing a health check looks at.
 */
final class HttpProbe implements Probe {

  /**
   * Enough for any health page; a larger body is read to its end but only this much is searched.
   */
  static final int MAX_BODY = 64 * 1024;

  private final Vertx vertx;
  private final CheckSpec spec;
  private final LongSupplier nanoTime;
  private final NetClient client;
  private final long timeoutMillis;
  private final boolean tls;
  private final String timeoutDetail;
  /** The request up to the {@code Host} value, and from the end of it. */
  private final byte[] head;

  private final byte[] tail;
  private final boolean sendsHost;

  HttpProbe(Vertx vertx, CheckSpec spec, LongSupplier nanoTime) {
    this(vertx, spec, nanoTime, null);
  }

  /**
   * @param trust replaces the JDK's trust store when verifying (tests trust their own certificate)
   */
  HttpProbe(Vertx vertx, CheckSpec spec, LongSupplier nanoTime, TrustOptions trust) {
    if (!spec.type().isHttp()) {
      throw new IllegalArgumentException("not an HTTP check: " + spec.type());
    }
    this.vertx = vertx;
    this.spec = spec;
    this.nanoTime = nanoTime;
    this.tls = spec.type() == CheckSpec.Type.HTTPS;
    this.timeoutMillis = Math.max(1, spec.timeout().toMillis());
    this.timeoutDetail = "timeout after " + timeoutMillis + " ms";
    NetClientOptions options =
        new NetClientOptions()
            .setConnectTimeout(Math.toIntExact(Math.min(timeoutMillis, Integer.MAX_VALUE)))
            .setTcpNoDelay(true)
            .setSsl(tls);
    if (tls) {
      options
          .setTrustAll(!spec.tlsVerify())
          // checks the certificate against host (or the address) as a browser would
          .setHostnameVerificationAlgorithm(spec.tlsVerify() ? "HTTPS" : "");
      if (trust != null) {
        options.setTrustOptions(trust);
      }
    }
    this.client = vertx.createNetClient(options);
    boolean userHost = false;
    StringBuilder extra = new StringBuilder();
    for (Map.Entry<String, String> header : spec.headers().entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (name.equals("connection")) {
        continue; // the probe closes every connection, whatever a header says
      }
      userHost |= name.equals("host");
      extra.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    this.sendsHost = !userHost;
    this.head =
        ("GET " + spec.path() + " HTTP/1.1\r\n" + (sendsHost ? "Host: " : ""))
            .getBytes(StandardCharsets.ISO_8859_1);
    this.tail =
        ((sendsHost ? "\r\n" : "") + extra + "Connection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public Future<ProbeResult> probe(InetAddress address) {
    return new Exchange(address).start();
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }

  /** The Host value: the name, or the address, with the port unless it is the scheme's own. */
  private String authority(InetAddress address) {
    String name = spec.host().orElseGet(() -> literal(address));
    return spec.port() == (tls ? 443 : 80) ? name : name + ":" + spec.port();
  }

  /** The authority for an address without a name: IPv6 literals go in brackets. */
  private static String literal(InetAddress address) {
    String text = address.getHostAddress();
    return address instanceof Inet6Address ? "[" + text + "]" : text;
  }

  /** One probe: connect, send, read until the response ends, a failure or the timeout. */
  private final class Exchange {
    final InetAddress address;
    final long start = nanoTime.getAsLong();
    final Promise<ProbeResult> result = Promise.promise();
    final ResponseReader reader =
        new ResponseReader(spec.bodyContains().isPresent() ? MAX_BODY : 0);
    NetSocket socket;
    long timer;

    Exchange(InetAddress address) {
      this.address = address;
    }

    Future<ProbeResult> start() {
      timer = vertx.setTimer(timeoutMillis, id -> finish(ProbeResult.failed(elapsed(), timeoutDetail)));
      String ip = address.getHostAddress();
      ConnectOptions connect =
          new ConnectOptions()
              // the literal, not the InetSocketAddress: that may carry a name Vert.x would resolve
              .setRemoteAddress(SocketAddress.inetSocketAddress(spec.port(), ip))
              // the name the certificate is verified against
              .setHost(spec.host().orElse(ip))
              .setPort(spec.port())
              .setSsl(tls);
      spec.host().ifPresent(connect::setSniServerName);
      client.connect(connect).onComplete(this::connected);
      return result.future();
    }

    void connected(AsyncResult<NetSocket> outcome) {
      if (outcome.failed()) {
        finish(ProbeResult.failed(elapsed(), Failures.describe(outcome.cause())));
        return;
      }
      socket = outcome.result();
      if (result.future().isComplete()) {
        socket.close(); // connected just after the timeout: leave nothing open
        return;
      }
      socket.handler(this::received);
      socket.closeHandler(v -> ended());
      socket.exceptionHandler(e -> finish(ProbeResult.failed(elapsed(), Failures.describe(e))));
      Buffer request = Buffer.buffer(head.length + tail.length + 48).appendBytes(head);
      if (sendsHost) {
        request.appendString(authority(address), "ISO-8859-1");
      }
      socket.write(request.appendBytes(tail));
    }

    void received(Buffer bytes) {
      if (!result.future().isComplete() && reader.feed(bytes)) {
        finish(verdict());
      }
    }

    void ended() {
      if (!result.future().isComplete()) {
        reader.closed();
        finish(verdict());
      }
    }

    ProbeResult verdict() {
      long rtt = elapsed();
      if (reader.problem() != null) {
        return ProbeResult.failed(rtt, reader.problem());
      }
      int status = reader.status();
      if (!spec.expects(status)) {
        return ProbeResult.failed(
            rtt, "HTTP " + status + ", expected " + spec.expectMin() + "-" + spec.expectMax());
      }
      if (spec.bodyContains().isPresent()) {
        String wanted = spec.bodyContains().get();
        if (!reader.body().contains(wanted)) {
          return ProbeResult.failed(rtt, "HTTP " + status + ", body lacks \"" + wanted + "\"");
        }
      }
      return ProbeResult.passed(rtt, "HTTP " + status);
    }

    /** The first outcome wins; the connection goes with it, so a hung server holds nothing. */
    void finish(ProbeResult outcome) {
      if (result.tryComplete(outcome)) {
        vertx.cancelTimer(timer);
        if (socket != null) {
          socket.close();
        }
      }
    }

    long elapsed() {
      return Math.max(0, nanoTime.getAsLong() - start);
    }
  }

  @Override
  public String toString() {
    return "HttpProbe[" + spec.type() + " :" + spec.port() + spec.path() + "]";
  }
}
