package io.meridian.balancer.proxy;

import io.meridian.balancer.config.GroupConfig;
import io.meridian.balancer.config.GroupConfig.StickyMode;
import io.meridian.balancer.lb.Hashing;
import io.meridian.balancer.select.PickContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * What a group's pick reads from a request: the sticky cookie, and the key a hashing algorithm
 * hashes (the configured header or cookie, else the client's address). HTTP/2's cookie crumbs
 * arrive joined into one {@code Cookie} header (Netty's HTTP/2 to HTTP/1 conversion).
 */
final class PickInputs {

  private PickInputs() {}

  /** The sticky cookie's value, or null (none sent, or the group is not sticky). */
  static String stickyCookie(GroupConfig config, HttpHeaders headers) {
    return config.sticky().mode() == StickyMode.NONE
        ? null
        : Cookies.value(headers.get(HttpHeaderNames.COOKIE), config.sticky().cookie());
  }

  /** The hash key of a hashing algorithm; {@link PickContext#NONE} for the others. */
  static PickContext pickContext(GroupConfig config, HttpHeaders headers, String clientAddress) {
    if (!config.algorithm().hashesKey()) {
      return PickContext.NONE;
    }
    String key =
        switch (config.hashOn().source()) {
          case HEADER -> headers.get(config.hashOn().name());
          case COOKIE -> Cookies.value(headers.get(HttpHeaderNames.COOKIE), config.hashOn().name());
          case CLIENT_IP -> null;
        };
    return new PickContext(Hashing.hash64(key != null ? key : clientAddress));
  }
}
