package io.meridian.agent.probe;

import io.meridian.core.health.CheckSpec;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * {@code GET path} over HTTP or HTTPS, judged by status range and optional body text. Passing takes
 * the whole response: a server that sends {@code 200} and then stalls mid-body fails on the
 * timeout, and the RTT is the time to the last byte.
 *
 * <p><b>Connections.</b> With {@link CheckSpec#reuseConnection()} (the default, as in Envoy) the
 * connection stays open for the address's next probe when the response allows it ({@link
 * ResponseReader#reusable()}), for at most {@link CheckSpec#MAX_PROBES_PER_CONNECTION} probes; the
 * last of them asks the server to close ({@code Connection: close}), so the server, not the agent,
 * keeps the TIME_WAIT. A fresh connection costs a handshake on both sides and, with TLS, a key
 * exchange: at 10,000 probes a second that was most of the agent's CPU. The cap bounds what reuse
 * can hide: a server that still answers on open connections but accepts no new ones fails within
 * that many intervals. A kept connection that turns out closed before any byte of the response
 * (the server's idle timeout crossing the request) is retried once on a fresh one, within the same
 * timeout. Without reuse every probe opens a connection and sends {@code Connection: close}.
 *
 * <p>The connection goes to the endpoint's address; {@link CheckSpec#host()} only names the server
 * in the {@code Host} header and the TLS SNI and is what the certificate must match, so a check
 * reaches one backend of many behind a shared name without resolving anything. TLS trusts the
 * JDK's default trust store and verifies the name unless {@link CheckSpec#tlsVerify()} is off,
 * which trusts any certificate.
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

  /** {@code "HTTP 200"} and the like, made once: the detail of every passing probe. */
  private static final String[] STATUS_TEXT = new String[600];

  static {
    for (int status = 0; status < STATUS_TEXT.length; status++) {
      STATUS_TEXT[status] = "HTTP " + status;
    }
  }

  private final Vertx vertx;
  private final CheckSpec spec;
  private final LongSupplier nanoTime;
  private final NetClient client;
  private final long timeoutMillis;
  private final boolean tls;
  private final String timeoutDetail;
  /** The request up to the {@code Host} value, and from the end of it, keeping or closing. */
  private final byte[] head;

  private final byte[] keepTail;
  private final byte[] closeTail;
  private final boolean sendsHost;
  private final KeptConnections kept = new KeptConnections();
  /** The whole request per address, keeping and closing: the same bytes every time. */
  private final Map<InetAddress, Buffer[]> requests = new java.util.concurrent.ConcurrentHashMap<>();

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
        continue; // the probe decides whether the connection stays, whatever a header says
      }
      userHost |= name.equals("host");
      extra.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    this.sendsHost = !userHost;
    this.head =
        ("GET " + spec.path() + " HTTP/1.1\r\n" + (sendsHost ? "Host: " : ""))
            .getBytes(StandardCharsets.ISO_8859_1);
    String afterHost = (sendsHost ? "\r\n" : "") + extra;
    this.keepTail = (afterHost + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    this.closeTail = (afterHost + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public Future<ProbeResult> probe(InetAddress address) {
    return new Exchange(address).start();
  }

  @Override
  public Future<Void> close() {
    kept.closeAll();
    return client.close();
  }

  /** The request for {@code address}, asking to close or not; made once per address. */
  private Buffer request(InetAddress address, boolean close) {
    Buffer[] both = requests.computeIfAbsent(address, a -> {
      byte[] host = sendsHost ? authority(a).getBytes(StandardCharsets.ISO_8859_1) : new byte[0];
      return new Buffer[] {
        Buffer.buffer().appendBytes(head).appendBytes(host).appendBytes(keepTail),
        Buffer.buffer().appendBytes(head).appendBytes(host).appendBytes(closeTail)
      };
    });
    return both[close ? 1 : 0].copy(); // a write may release what it was given
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

  /**
   * One probe: take the kept connection or connect, send, read until the response ends, a failure
   * or the timeout.
   */
  private final class Exchange {
    final InetAddress address;
    final long start = nanoTime.getAsLong();
    final Promise<ProbeResult> result = Promise.promise();
    /** Set by the first outcome: the timeout and the socket's events may race. */
    final AtomicBoolean finished = new AtomicBoolean();
    ResponseReader reader;
    NetSocket socket;
    /** Probes this connection has served, this one included. */
    int served;
    boolean reused;
    boolean last;
    io.netty.util.concurrent.ScheduledFuture<?> timer;

    Exchange(InetAddress address) {
      this.address = address;
    }

    Future<ProbeResult> start() {
      // straight on the event loop: a Vert.x timer registers a close hook on a CloseFuture that
      // every event loop shares, and at 10,000 probes a second its monitor was contended
      timer = ((ContextInternal) vertx.getOrCreateContext()).nettyEventLoop().schedule(
          () -> finish(ProbeResult.failed(elapsed(), timeoutDetail)), timeoutMillis,
          TimeUnit.MILLISECONDS);
      KeptConnections.Kept idle = spec.reuseConnection() ? kept.take(address) : null;
      if (idle != null) {
        send(idle.socket(), idle.probes(), true);
      } else {
        connect();
      }
      return result.future();
    }

    void connect() {
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
    }

    void connected(AsyncResult<NetSocket> outcome) {
      if (outcome.failed()) {
        finish(ProbeResult.failed(elapsed(), Failures.describe(outcome.cause())));
      } else if (finished.get()) {
        outcome.result().close(); // connected just after the timeout: leave nothing open
      } else {
        send(outcome.result(), 0, false);
      }
    }

    void send(NetSocket connection, int servedBefore, boolean kept) {
      socket = connection;
      reused = kept;
      served = servedBefore + 1;
      last = !spec.reuseConnection() || served >= CheckSpec.MAX_PROBES_PER_CONNECTION;
      reader = new ResponseReader(spec.bodyContains().isPresent() ? MAX_BODY : 0);
      connection.handler(this::received);
      connection.closeHandler(v -> ended(null));
      connection.exceptionHandler(this::ended);
      connection.write(request(address, last));
    }

    void received(Buffer bytes) {
      if (!finished.get() && reader.feed(bytes)) {
        finish(verdict());
      }
    }

    /** The connection closed ({@code error} null) or failed. */
    void ended(Throwable error) {
      if (finished.get()) {
        return;
      }
      if (reused && !reader.started()) {
        // the server let the kept connection go as the request crossed it: that says nothing
        // about the server, so ask again on a fresh connection, within the same timeout
        socket.close();
        socket = null;
        connect();
      } else if (error != null) {
        finish(ProbeResult.failed(elapsed(), Failures.describe(error)));
      } else {
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
      return ProbeResult.passed(rtt, STATUS_TEXT[status]);
    }

    /**
     * The first outcome wins. The connection is kept for the next probe when the response allows
     * it, before the outcome is told (so a caller that probes again at once finds it); otherwise it
     * goes with the outcome, so a hung server holds nothing.
     */
    void finish(ProbeResult outcome) {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      timer.cancel(false);
      if (socket != null && !last && reader.reusable()) {
        kept.keep(address, socket, served);
      } else if (socket != null) {
        socket.close();
      }
      result.complete(outcome);
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
