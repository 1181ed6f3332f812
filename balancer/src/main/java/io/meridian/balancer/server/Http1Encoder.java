package io.meridian.balancer.server;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * Netty's HTTP/1 response encoder, told by the connection whether the response answers a {@code
 * HEAD} (no body whatever its headers say), as {@code HttpServerCodec} tracks it. The connection
 * serves one request at a time, so one flag is enough.
 */
final class Http1Encoder extends HttpResponseEncoder {

  private boolean head;

  void answering(boolean headRequest) {
    this.head = headRequest;
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpResponse response) {
    return head || super.isContentAlwaysEmpty(response);
  }
}
