package io.meridian.balancer.proxy;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * The one place a failure becomes a status code :
 *
 * <ul>
 *   <li>{@link BalancerFailure}: its own status (a target's pending queue full: 503, circuit
 *       breaking; no response within the request timeout: 504);
 *   <li>a timeout waiting for the target (connect or response): 504;
 *   <li>could not connect, connection reset, anything else: 502.
 * </ul>
 */
public final class FailureStatus {

  private FailureStatus() {}

  public static int of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BalancerFailure b) {
        return b.status();
      }
      if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
        return 504;
      }
      if (t instanceof ConnectException) {
        return 502;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return 502;
  }
}
