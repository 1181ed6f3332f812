package io.meridian.balancer.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP backend on 127.0.0.1 and an ephemeral port. It answers with its name as the body
 * (like the benchmark's C backends), remembers the headers of every request, and can be told to
 * answer with another status, to hang (never answer), or to hold responses until released.
 */
public final class Backend implements AutoCloseable {

  private final String name;
  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ConcurrentLinkedQueue<MultiMap> headers = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<HttpServerRequest> held = new ConcurrentLinkedQueue<>();
  private volatile int status = 200;
  private volatile boolean hang;
  private volatile boolean hold;

  private Backend(Vertx vertx, String name) {
    this.name = name;
    this.server =
        vertx
            .createHttpServer()
            .webSocketHandler(ws -> ws.textMessageHandler(text -> ws.writeTextMessage(text + "@" + name)))
            .requestHandler(this::handle);
  }

  public static Backend start(Vertx vertx, String name) throws Exception {
    Backend backend = new Backend(vertx, name);
    backend.server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    return backend;
  }

  private void handle(HttpServerRequest request) {
    requests.incrementAndGet();
    headers.add(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
    if (hang) {
      return;
    }
    inFlight.incrementAndGet();
    if ("100-continue".equalsIgnoreCase(request.getHeader("expect"))) {
      request.response().writeContinue();
    }
    request.body().onComplete(body -> {
      if (hold) {
        held.add(request);
      } else {
        answer(request, body.result());
      }
    });
  }

  /**
   * The answer: its name, or for {@code /echo-path...} its name and the path, {@code /echo-body}
   * the request's body, {@code /bytes/N} N bytes of {@code x}, {@code /chunked} three parts
   * without a length.
   */
  private void answer(HttpServerRequest request, Buffer body) {
    inFlight.decrementAndGet();
    String path = request.path();
    var response = request.response().setStatusCode(status);
    if (path.equals("/echo-body")) {
      response.end(body);
    } else if (path.startsWith("/bytes/")) {
      response.end(Buffer.buffer("x".repeat(Integer.parseInt(path.substring(7)))));
    } else if (path.equals("/chunked")) {
      response.setChunked(true).write(name + "-1,");
      response.write(name + "-2,");
      response.end(name + "-3");
    } else {
      response.end(path.startsWith("/echo-path") ? name + " " + path : name);
    }
  }

  /** Answers every held request and stops holding. */
  public void release() {
    hold = false;
    HttpServerRequest r;
    while ((r = held.poll()) != null) {
      HttpServerRequest request = r;
      request.response().setStatusCode(status).end(name);
      inFlight.decrementAndGet();
    }
  }

  public Backend status(int status) {
    this.status = status;
    return this;
  }

  public Backend hang(boolean hang) {
    this.hang = hang;
    return this;
  }

  public Backend hold(boolean hold) {
    this.hold = hold;
    return this;
  }

  public int heldCount() {
    return held.size();
  }

  public String name() {
    return name;
  }

  public int port() {
    return server.actualPort();
  }

  public String address() {
    return "127.0.0.1:" + port();
  }

  public int requests() {
    return requests.get();
  }

  public MultiMap lastHeaders() {
    MultiMap last = null;
    for (MultiMap h : headers) {
      last = h;
    }
    return last;
  }

  @Override
  public void close() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
  }
}
