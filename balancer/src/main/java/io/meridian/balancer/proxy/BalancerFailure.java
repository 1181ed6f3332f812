package io.meridian.balancer.proxy;

/**
 * A request the balancer itself refuses or cannot place, with the status the client gets. No stack
 * trace: these are expected outcomes on the request path, not bugs.
 */
public final class BalancerFailure extends RuntimeException {

  private final int status;

  public BalancerFailure(int status, String reason) {
    super(reason, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
