package io.meridian.balancer.proxy;

import io.meridian.balancer.outlier.OutlierDetector;
import io.meridian.balancer.outlier.Outcome;
import io.meridian.balancer.select.Lease;
import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.util.function.LongSupplier;

/**
 * Closest to the target, run by {@link RetryInterceptor} once per attempt (so a retried attempt is
 * reported too): when the target's response starts (or the exchange fails after a connection was
 * made) it records the response time for least-response-time and
 * reports the outcome to outlier detection. Reporting is all it does; ejecting is the detector's
 * job, on its own timer. Connect failures are reported by {@link GroupOrigin}, which sees them.
 */
final class OutcomeInterceptor implements ProxyInterceptor {

  private final OutlierDetector outliers;
  private final LongSupplier nanoTime;

  OutcomeInterceptor(OutlierDetector outliers, LongSupplier nanoTime) {
    this.outliers = outliers;
    this.nanoTime = nanoTime;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    return context
        .sendRequest()
        .andThen(
            result -> {
              Lease lease = context.get(GroupOrigin.LEASE, Lease.class);
              if (lease == null) {
                return;
              }
              if (result.succeeded()) {
                lease.target().recordLatency((nanoTime.getAsLong() - lease.startNanos()) / 1e6);
                boolean error = result.result().getStatusCode() >= 500;
                outliers.report(lease.target(), error ? Outcome.HTTP_5XX : Outcome.SUCCESS);
              } else if (lease.isConnected()) {
                outliers.report(lease.target(), Outcome.CONNECT_FAILURE);
              }
            });
  }
}
