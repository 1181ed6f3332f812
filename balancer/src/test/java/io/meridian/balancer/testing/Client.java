package io.meridian.balancer.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;

/** A real HTTP client for tests, with blocking helpers that give up after ten seconds. */
public final class Client implements AutoCloseable {

  /** Status, headers and body of one response. */
  public record Reply(int status, MultiMap headers, String body) {}

  private final HttpClient client;
  private final io.vertx.core.Context context;
  private final int port;

  public Client(Vertx vertx, int port) {
    this(vertx, port, new HttpClientOptions().setKeepAlive(true));
  }

  /** One pooled connection, so sequential requests share a keep-alive connection. */
  public Client(Vertx vertx, int port, HttpClientOptions options) {
    this.client =
        vertx.createHttpClient(
            options.setDefaultHost("127.0.0.1").setDefaultPort(port),
            new io.vertx.core.http.PoolOptions().setHttp1MaxSize(1).setHttp2MaxSize(1));
    this.context = vertx.getOrCreateContext();
    this.port = port;
  }

  public Reply get(String uri) {
    return send(new RequestOptions().setURI(uri));
  }

  public Reply get(String uri, String... headerPairs) {
    RequestOptions options = new RequestOptions().setURI(uri);
    for (int i = 0; i < headerPairs.length; i += 2) {
      options.addHeader(headerPairs[i], headerPairs[i + 1]);
    }
    return send(options);
  }

  public Reply send(RequestOptions options) {
    try {
      return sendAsync(options).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("request " + options.getURI() + " failed: " + e, e);
    }
  }

  /**
   * Sends on the client's own event-loop context: chained from a test thread, a response could
   * end before {@code body()} is asked for, and its body would then never complete.
   */
  public Future<Reply> sendAsync(RequestOptions options) {
    if (options.getMethod() == null) {
      options.setMethod(HttpMethod.GET);
    }
    options.setPort(port).setHost("127.0.0.1");
    io.vertx.core.Promise<Reply> reply = io.vertx.core.Promise.promise();
    context.runOnContext(
        v ->
            client
                .request(options)
                .compose(request -> request.send())
                .compose(
                    response ->
                        response
                            .body()
                            .map(body -> new Reply(response.statusCode(), response.headers(), body.toString())))
                .onComplete(reply));
    return reply.future();
  }

  public HttpClient raw() {
    return client;
  }

  @Override
  public void close() throws Exception {
    client.close().await(10, TimeUnit.SECONDS);
  }
}
