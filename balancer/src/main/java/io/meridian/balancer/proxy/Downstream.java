package io.meridian.balancer.proxy;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpObject;

/**
 * The client side of one HTTP/1 request on the Netty path, as {@link NettyForward} sees it: where
 * the response goes. The connection keeps the HTTP semantics (status, keep-alive, pipelining,
 * metrics); the forward only produces the response.
 */
public interface Downstream {

  /** The client's channel: its event loop runs the exchange, its writability paces the target. */
  Channel channel();

  /** The client's IP address as text. */
  String clientAddress();

  /** {@code http} or {@code https}: what the client used ({@code X-Forwarded-Proto}). */
  String scheme();

  /**
   * Writes a part of the response in order: the head ({@code HttpResponse}), body parts, and the
   * {@code LastHttpContent} (or one {@code FullHttpResponse}) that ends it.
   */
  void respond(HttpObject part);

  /** The response cannot be completed (the target went away mid-body): the connection closes. */
  void abort();

  /**
   * The target switched protocols (a WebSocket): the 101 head was written through {@link
   * #respond}; from now on bytes flow unchanged between the client and {@code upstream}.
   */
  void tunnel(Channel upstream);
}
