package io.meridian.balancer;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.transport.Transport;

/**
 * The Vert.x the balancers' data plane runs on: Linux's io_uring where the kernel allows it, else
 * epoll, else NIO. io_uring queues a connection's accept, reads, writes and close on a ring the
 * event loop submits once per turn; on epoll, Netty adds, modifies (twice) and deletes every
 * connection's registration in calls of their own. With a new connection per request that cost
 * about 15 µs of CPU per request on our 2-core machine (bench/RESULTS.md); with keep-alive the
 * two are even.
 */
public final class DataPlaneVertx {

  private DataPlaneVertx() {}

  public static Vertx create(VertxOptions options) {
    if (Transport.IO_URING.available()) {
      return Vertx.builder().with(options).withTransport(Transport.IO_URING).build();
    }
    return Vertx.vertx(new VertxOptions(options).setPreferNativeTransport(true));
  }

  /** Which transport {@code vertx} uses, and why not a better one, for the start-up log. */
  public static String describe(Vertx vertx) {
    String name = ((VertxInternal) vertx).transport().getClass().getSimpleName();
    if (Transport.IO_URING.available()) {
      return "transport: " + name;
    }
    return "transport: " + name + " (io_uring unavailable: " + Transport.IO_URING.unavailabilityCause()
        + ")";
  }
}
