package io.meridian.balancer.server;

import io.meridian.balancer.config.LimitsConfig;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's HTTP/1 request decoder with the listener's limits, except that a request carrying both
 * {@code Transfer-Encoding: chunked} and {@code Content-Length} is marked ({@link
 * AmbiguousLengthDecoder#MARK}) instead of silently repaired, so the connection can refuse it
 * (the request-smuggling probe; see {@link AmbiguousLengthDecoder}).
 */
final class Http1Decoder extends HttpRequestDecoder {

  Http1Decoder(LimitsConfig limits) {
    super(
        new HttpDecoderConfig()
            .setMaxInitialLineLength(Math.min(limits.maxHeaderSize(), 16 * 1024))
            .setMaxHeaderSize(limits.maxHeaderSize()));
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    message.headers().set(AmbiguousLengthDecoder.MARK, "1");
    super.handleTransferEncodingChunkedWithContentLength(message);
  }
}
