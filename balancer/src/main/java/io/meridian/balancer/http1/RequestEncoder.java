package io.meridian.balancer.http1;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;

/**
 * Netty's request encoder, writing {@link RawHeaders} as their received bytes, and telling the
 * connection's {@link ResponseDecoder} when a {@code HEAD} goes out (its response has no body).
 */
final class RequestEncoder extends HttpRequestEncoder {

  private final ResponseDecoder responses;

  RequestEncoder(ResponseDecoder responses) {
    this.responses = responses;
  }

  @Override
  protected void encodeInitialLine(ByteBuf buf, HttpRequest request) throws Exception {
    responses.answering(request.method() == HttpMethod.HEAD);
    super.encodeInitialLine(buf, request);
  }

  @Override
  protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
    if (headers instanceof RawHeaders raw) {
      raw.writeTo(buf);
    } else {
      super.encodeHeaders(headers, buf);
    }
  }
}
