package io.meridian.balancer.select;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's (or WebSocket's) claim on a target: counted in the target's {@link
 * TargetState#active()} and the group's in-flight total from the pick until {@link #release},
 * which may be called any number of times from any path (response end, connection close, failure)
 * and counts once.
 */
public final class Lease {

  private final TargetState target;
  private final TargetGroup group;
  private final long startNanos;
  private final String setCookie;
  private final AtomicBoolean released = new AtomicBoolean();
  private volatile boolean connected;

  Lease(TargetState target, TargetGroup group, long startNanos, String setCookie) {
    this.target = target;
    this.group = group;
    this.startNanos = startNanos;
    this.setCookie = setCookie;
    target.acquire();
    group.leased();
  }

  public TargetState target() {
    return target;
  }

  public long startNanos() {
    return startNanos;
  }

  /** The {@code Set-Cookie} value to send with the response, or null (no sticky cookie to set). */
  public String setCookie() {
    return setCookie;
  }

  /** Marks that a connection to the target was obtained, so later failures are not connect errors. */
  public void connected() {
    connected = true;
  }

  public boolean isConnected() {
    return connected;
  }

  public void release() {
    if (released.compareAndSet(false, true)) {
      target.release();
      group.returned();
    }
  }
}
