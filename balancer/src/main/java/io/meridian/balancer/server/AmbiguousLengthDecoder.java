package io.meridian.balancer.server;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Vert.x's HTTP/1 request decoder, except that a request carrying both {@code Transfer-Encoding:
 * chunked} and {@code Content-Length} is marked instead of silently repaired. Netty drops the
 * {@code Content-Length} and reads the body as chunked, which RFC 9112 section 6.3 allows; but such
 * a request is the classic request-smuggling probe, and a balancer in front of servers that might
 * read it the other way should refuse it ({@link RequestHandler} answers 400 and closes). Other
 * ambiguities need no help: differing duplicate {@code Content-Length} values fail in Netty's
 * decoder (400), and a {@code Transfer-Encoding} other than exactly {@code chunked} is refused by
 * vertx-http-proxy (400).
 *
 * <p>The decoder is replaced from the connection handler, which Vert.x calls while it configures
 * the pipeline, before the first byte is read; that holds only with h2c (cleartext HTTP/2
 * upgrade) off, because h2c sniffing decodes the first request before the handler runs, so
 * listeners turn it off.
 *
 * <p>This is the only place that touches Vert.x internals (the decoder class and the pipeline name
 * {@code httpDecoder}); if either changes, {@link #install} leaves the pipeline alone and the
 * smuggling tests in {@code SafetyIT} fail, which is the signal to revisit it.
 */
final class AmbiguousLengthDecoder extends VertxHttpRequestDecoder {

  /** Header added to a marked request; only the balancer reads it, it is never forwarded. */
  static final String MARK = "x-meridian-ambiguous-length";

  private static final String DECODER = "httpDecoder";

  private AmbiguousLengthDecoder(HttpServerOptions options) {
    super(options);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    message.headers().set(MARK, "1");
    super.handleTransferEncodingChunkedWithContentLength(message);
  }

  /** Replaces the connection's decoder; a no-op for HTTP/2 or an unexpected pipeline. */
  static void install(HttpConnection connection, HttpServerOptions options) {
    if (connection instanceof ConnectionBase base) {
      ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
      if (pipeline.get(DECODER) instanceof VertxHttpRequestDecoder current
          && !(current instanceof AmbiguousLengthDecoder)) {
        pipeline.replace(DECODER, DECODER, new AmbiguousLengthDecoder(options));
      }
    }
  }
}
