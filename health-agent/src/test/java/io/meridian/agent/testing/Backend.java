package io.meridian.agent.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP(S) server on 127.0.0.1 that a test can tell how to behave, and that records what it
 * saw: requests, the most probes in flight at once, the Host header and the TLS server name.
 */
public final class Backend implements AutoCloseable {

  /** How the backend answers the next requests. */
  public enum Mode {
    /** 200 with {@link #body}. */
    OK,
    /** 500. */
    ERROR,
    /** Reads the request and never answers. */
    HANG,
    /** 200 after {@link #slowMillis}. */
    SLOW,
    /** Closes the connection without answering. */
    CLOSE,
    /** 200 and 500 in turn: odd-numbered requests pass, even-numbered ones fail. */
    FLAP
  }

  private final Vertx vertx;
  private final HttpServer server;
  private volatile Mode mode = Mode.OK;
  private volatile long slowMillis;
  private volatile String body = "ok";
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final List<Long> arrivals = new ArrayList<>();
  private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
  private volatile String lastHost;
  private volatile String lastSni;

  private Backend(Vertx vertx, HttpServerOptions options) {
    this.vertx = vertx;
    this.server = vertx.createHttpServer(options).requestHandler(this::handle);
    await(server.listen(0, "127.0.0.1"));
  }

  public static Backend http(Vertx vertx) {
    return new Backend(vertx, new HttpServerOptions());
  }

  /** HTTPS with {@code certificate}; records the SNI the client sent. */
  public static Backend https(Vertx vertx, SelfSignedCertificate certificate) {
    return new Backend(
        vertx,
        new HttpServerOptions()
            .setSsl(true)
            .setSni(true)
            .setKeyCertOptions(certificate.keyCertOptions()));
  }

  public int port() {
    return server.actualPort();
  }

  public Backend mode(Mode mode) {
    this.mode = mode;
    return this;
  }

  public Backend slow(long millis) {
    this.slowMillis = millis;
    this.mode = Mode.SLOW;
    return this;
  }

  public Backend body(String body) {
    this.body = body;
    return this;
  }

  public int requests() {
    return requests.get();
  }

  public int inFlight() {
    return inFlight.get();
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }

  /** {@link System#nanoTime()} of each request's arrival. */
  public List<Long> arrivals() {
    synchronized (arrivals) {
      return List.copyOf(arrivals);
    }
  }

  public String lastHost() {
    return lastHost;
  }

  /** The TLS server name of the last request, or null when none was sent. */
  public String lastSni() {
    return lastSni;
  }

  public String lastHeader(String name) {
    return lastHeaders.get(name.toLowerCase(Locale.ROOT));
  }

  private void handle(HttpServerRequest request) {
    synchronized (arrivals) {
      arrivals.add(System.nanoTime());
    }
    int number = requests.incrementAndGet();
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    AtomicBoolean done = new AtomicBoolean();
    Runnable finished =
        () -> {
          if (done.compareAndSet(false, true)) {
            inFlight.decrementAndGet();
          }
        };
    request.connection().closeHandler(v -> finished.run());
    request.response().endHandler(v -> finished.run());
    lastHost = request.authority() == null ? null : request.authority().toString();
    lastSni = request.connection().indicatedServerName();
    lastHeaders.clear();
    request
        .headers()
        .forEach(h -> lastHeaders.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
    switch (mode) {
      case OK -> request.response().end(body);
      case ERROR -> request.response().setStatusCode(500).end("boom");
      case HANG -> {}
      case SLOW -> vertx.setTimer(slowMillis, id -> request.response().end(body));
      case CLOSE -> request.connection().close();
      case FLAP -> request.response().setStatusCode(number % 2 == 1 ? 200 : 500).end(body);
    }
  }

  @Override
  public void close() {
    await(server.close());
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
