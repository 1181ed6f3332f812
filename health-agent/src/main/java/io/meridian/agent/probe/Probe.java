package io.meridian.agent.probe;

import io.meridian.core.health.CheckSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.util.function.LongSupplier;

/**
 * Checks one address the way a {@link CheckSpec} says, once. A probe keeps no state between calls
 * (it holds only a client with its connection settings), so one probe per check type serves every
 * endpoint that references it, and the L7 balancer reuses the same classes for its own checks.
 *
 * <p>The returned future always succeeds: refused connections, timeouts, TLS errors and unexpected
 * statuses are all a {@link ProbeResult} with {@code ok == false} and a reason, because for a
 * health check they are answers, not errors. Callbacks run on the Vert.x context that called {@link
 * #probe}, when there is one.
 */
public interface Probe {

  /** Probes {@code address} on the spec's port; never fails, see the class comment. */
  Future<ProbeResult> probe(InetAddress address);

  /** Releases the client; probes started before complete or fail as closed. */
  Future<Void> close();

  /**
   * The probe for {@code spec}'s type.
   *
   * @param nanoTime the clock RTTs are measured with ({@code System::nanoTime})
   */
  static Probe of(Vertx vertx, CheckSpec spec, LongSupplier nanoTime) {
    return switch (spec.type()) {
      case HTTP, HTTPS -> new HttpProbe(vertx, spec, nanoTime);
      case TCP -> new TcpProbe(vertx, spec, nanoTime);
    };
  }
}
