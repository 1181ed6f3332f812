package io.meridian.balancer.http1;

import io.netty.handler.codec.DecoderException;

/**
 * A message that breaks HTTP/1's syntax or framing rules; its message says which, in words a
 * client can be shown. Without a stack trace: hostile input makes many.
 */
public final class MalformedHttpException extends DecoderException {

  MalformedHttpException(String reason) {
    super(reason);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
