package io.meridian.balancer.http1;

import io.netty.channel.CombinedChannelDuplexHandler;

/**
 * HTTP/1 to a target, in place both ways: requests out through {@link RequestEncoder}, responses in
 * through {@link ResponseDecoder}, which the encoder tells about {@code HEAD}s. Removing it from a
 * pipeline passes on the bytes it still holds (a tunnel after 101).
 */
public final class TargetCodec extends CombinedChannelDuplexHandler<ResponseDecoder, RequestEncoder> {

  public TargetCodec(int maxLineLength, int maxHeaderSize) {
    ResponseDecoder responses = new ResponseDecoder(maxLineLength, maxHeaderSize);
    init(responses, new RequestEncoder(responses));
  }
}
