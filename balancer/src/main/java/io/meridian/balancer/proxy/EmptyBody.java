package io.meridian.balancer.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;

/**
 * The body of a retried request that had none. The client's request stream has already ended
 * into the first attempt and cannot be piped a second time, so the retry gets a fresh stream that
 * ends as soon as it is read. The length stays unknown ({@code -1}), so the retry carries exactly
 * the framing headers of the original (no {@code Content-Length: 0} is added to a GET).
 */
final class EmptyBody {

  private EmptyBody() {}

  static Body create() {
    return Body.body(new Stream(), -1);
  }

  /** Ends on the first demand, like vertx-http-proxy's buffered stream of an empty buffer. */
  private static final class Stream implements ReadStream<Buffer> {
    private Handler<Void> endHandler;
    private boolean ended;

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      return fetch(Long.MAX_VALUE);
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      if (!ended && amount > 0) {
        ended = true;
        if (endHandler != null) {
          endHandler.handle(null);
        }
      }
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
      endHandler = handler;
      return this;
    }
  }
}
