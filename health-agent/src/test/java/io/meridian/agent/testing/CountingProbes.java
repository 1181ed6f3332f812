package io.meridian.agent.testing;

import io.meridian.agent.probe.Probe;
import io.meridian.agent.probe.ProbeResult;
import io.meridian.core.health.CheckSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Makes real probes and counts around them: how many were made and closed, and the most probes in
 * flight at once. Instrumentation, not a stand-in: every probe still goes over the network.
 */
public final class CountingProbes implements Function<CheckSpec, Probe> {

  private final Vertx vertx;
  private final AtomicInteger created = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  public CountingProbes(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Probe apply(CheckSpec spec) {
    Probe real = Probe.of(vertx, spec, System::nanoTime);
    created.incrementAndGet();
    return new Probe() {
      @Override
      public Future<ProbeResult> probe(InetAddress address) {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        return real.probe(address).onComplete(done -> inFlight.decrementAndGet());
      }

      @Override
      public Future<Void> close() {
        closed.incrementAndGet();
        return real.close();
      }
    };
  }

  public int created() {
    return created.get();
  }

  public int closed() {
    return closed.get();
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }
}
