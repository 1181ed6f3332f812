package io.meridian.balancer.server;

import io.meridian.balancer.config.LimitsConfig;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's HTTP/1 request decoder with the listener's limits (header bytes, request line), except
 * that a request carrying both {@code Transfer-Encoding: chunked} and {@code Content-Length} is
 * marked ({@link #AMBIGUOUS_LENGTH}) instead of silently repaired. Netty drops the {@code
 * Content-Length} and reads the body as chunked, which RFC 9112 section 6.3 allows; but such a
 * request is the classic request-smuggling probe, and a balancer in front of servers that might
 * read it the other way refuses it ({@link ClientChannel} answers 400 and closes). Differing
 * duplicate {@code Content-Length} values already fail in Netty's decoder (400).
 */
final class Http1Decoder extends HttpRequestDecoder {

  /** Header added to a marked request; only the balancer reads it, it is never forwarded. */
  static final String AMBIGUOUS_LENGTH = "x-meridian-ambiguous-length";

  Http1Decoder(LimitsConfig limits) {
    super(
        new HttpDecoderConfig()
            .setMaxInitialLineLength(Math.min(limits.maxHeaderSize(), 16 * 1024))
            .setMaxHeaderSize(limits.maxHeaderSize()));
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    message.headers().set(AMBIGUOUS_LENGTH, "1");
    super.handleTransferEncodingChunkedWithContentLength(message);
  }
}
