package io.meridian.balancer.proxy;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Holds request bodies of unknown length (chunked, or HTTP/2 without {@code Content-Length}) to
 * {@code limits.max_body_size} while they stream to the target; a declared length is checked
 * before routing, by the request handler. The body is counted as it passes: the chunk that goes
 * over the limit is not forwarded, the client's request is paused (nothing more is read), the
 * target's request is reset (the pipe fails), and the client gets 413 with {@code Connection:
 * close} and its connection closed (on HTTP/2 only the stream ends, as other streams share the
 * connection). If the target had already begun its response, there is no status left to change:
 * the connection is closed (HTTP/2: the stream reset) at once.
 *
 * <p>Second in the chain, right after {@link FailureInterceptor}, which turns the 413 failure into
 * the answer. Requests with a declared length or no body keep the proxy's own body untouched.
 */
final class BodyLimitInterceptor implements ProxyInterceptor {

  private static final String EXCEEDED = "meridian.body-too-large";

  private final long maxBodySize;

  BodyLimitInterceptor(long maxBodySize) {
    this.maxBodySize = maxBodySize;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    HttpServerRequest request = context.request().proxiedRequest();
    if (!unknownLength(request)) {
      return context.sendRequest();
    }
    Counted counted =
        new Counted(context.request().getBody().stream(), maxBodySize, () -> exceeded(context, request));
    context.request().setBody(Body.body(counted, -1));
    return context
        .sendRequest()
        .transform(
            result -> {
              if (!counted.exceeded) {
                return result.succeeded()
                    ? Future.succeededFuture(result.result())
                    : Future.failedFuture(result.cause());
              }
              if (result.succeeded()) {
                result.result().release();
              }
              return Future.failedFuture(
                  new BalancerFailure(413, "request body larger than " + maxBodySize + " bytes"));
            });
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    if (context.get(EXCEEDED, Boolean.class) == null) {
      return context.sendResponse();
    }
    HttpServerRequest request = context.request().proxiedRequest();
    if (request.version() == HttpVersion.HTTP_2) {
      return context.sendResponse(); // ends this stream only; the connection carries others
    }
    context.response().putHeader(HttpHeaders.CONNECTION, "close");
    return context.sendResponse().andThen(v -> request.connection().close());
  }

  private static boolean unknownLength(HttpServerRequest request) {
    if (request.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
      return false;
    }
    // HTTP/1 without Content-Length has a body only when it is chunked
    return request.version() == HttpVersion.HTTP_2
        || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }

  private static void exceeded(ProxyContext context, HttpServerRequest request) {
    context.set(EXCEEDED, Boolean.TRUE);
    request.pause();
    if (request.response().headWritten()) {
      if (request.version() == HttpVersion.HTTP_2) {
        request.response().reset();
      } else {
        request.connection().close();
      }
    }
  }

  /** The client's body stream, counted; past the limit it stops and fails instead of ending. */
  private static final class Counted implements ReadStream<Buffer> {
    private final ReadStream<Buffer> source;
    private final long max;
    private final Runnable onExceeded;
    private Handler<Throwable> exceptionHandler;
    private long seen;
    boolean exceeded;

    Counted(ReadStream<Buffer> source, long max, Runnable onExceeded) {
      this.source = source;
      this.max = max;
      this.onExceeded = onExceeded;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
      source.handler(handler == null ? null : chunk -> chunk(chunk, handler));
      return this;
    }

    private void chunk(Buffer chunk, Handler<Buffer> handler) {
      if (exceeded) {
        return;
      }
      seen += chunk.length();
      if (seen <= max) {
        handler.handle(chunk);
        return;
      }
      exceeded = true;
      onExceeded.run();
      if (exceptionHandler != null) {
        exceptionHandler.handle(new BalancerFailure(413, "request body larger than " + max + " bytes"));
      }
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      exceptionHandler = handler;
      source.exceptionHandler(handler);
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
      source.endHandler(handler == null ? null : v -> {
        if (!exceeded) {
          handler.handle(v);
        }
      });
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      source.pause();
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      if (!exceeded) {
        source.resume();
      }
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      if (!exceeded) {
        source.fetch(amount);
      }
      return this;
    }
  }
}
