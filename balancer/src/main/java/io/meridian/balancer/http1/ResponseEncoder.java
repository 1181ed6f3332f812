package io.meridian.balancer.http1;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * Netty's response encoder for a client connection, writing {@link RawHeaders} as their received
 * bytes, and told whether the response answers a {@code HEAD} (no body whatever its headers say),
 * as {@code HttpServerCodec} tracks it. The connection serves one request at a time, so one flag
 * is enough.
 */
public final class ResponseEncoder extends HttpResponseEncoder {

  private boolean head;

  public void answering(boolean headRequest) {
    this.head = headRequest;
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpResponse response) {
    return head || super.isContentAlwaysEmpty(response);
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
