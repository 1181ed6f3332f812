package io.meridian.balancer.proxy;

import io.netty.handler.codec.http.HttpContent;

/** Where the client connection hands a forwarded request's body, and what else it tells it. */
public interface RequestBody {

  /** A part of the body; the {@code LastHttpContent} ends it. Ownership passes to the callee. */
  void content(HttpContent part);

  /** The client's channel can take more (true) or is full (false): pace the target accordingly. */
  void clientWritable(boolean writable);

  /** The client went away: whatever is still in progress is abandoned. */
  void clientClosed();
}
