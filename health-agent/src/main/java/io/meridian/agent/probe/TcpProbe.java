package io.meridian.agent.probe;

import io.meridian.core.health.CheckSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.util.function.LongSupplier;

/**
 * Passes when a TCP connection to the address and port is established within the timeout, then
 * closes it at once without sending anything, with a reset ({@code SO_LINGER} 0) rather than a
 * FIN, so the agent keeps no TIME_WAIT per probe; the server sees the connection reset. RTT is the
 * connect time, about one network round trip, which makes it the better latency signal of the two
 * probe kinds.
 */
final class TcpProbe implements Probe {

  private final CheckSpec spec;
  private final LongSupplier nanoTime;
  private final NetClient client;

  TcpProbe(Vertx vertx, CheckSpec spec, LongSupplier nanoTime) {
    if (spec.type() != CheckSpec.Type.TCP) {
      throw new IllegalArgumentException("not a TCP check: " + spec.type());
    }
    this.spec = spec;
    this.nanoTime = nanoTime;
    long timeoutMillis = Math.max(1, spec.timeout().toMillis());
    // the connect timeout is the whole probe: nothing happens after the connection is made
    this.client =
        vertx.createNetClient(
            new NetClientOptions()
                .setConnectTimeout(Math.toIntExact(Math.min(timeoutMillis, Integer.MAX_VALUE)))
                .setTcpNoDelay(true)
                // close with a reset, as HAProxy's checks do: four segments instead of seven and
                // no TIME_WAIT on the agent, which at 10,000 probes a second overflowed the table
                .setSoLinger(0));
  }

  @Override
  public Future<ProbeResult> probe(InetAddress address) {
    long start = nanoTime.getAsLong();
    // the literal, not the InetSocketAddress: that may carry a host name Vert.x would resolve
    SocketAddress server = SocketAddress.inetSocketAddress(spec.port(), address.getHostAddress());
    return client
        .connect(server)
        .transform(
            outcome -> {
              long rtt = Math.max(0, nanoTime.getAsLong() - start);
              if (outcome.failed()) {
                return Future.succeededFuture(
                    ProbeResult.failed(rtt, Failures.describe(outcome.cause())));
              }
              outcome.result().close();
              return Future.succeededFuture(ProbeResult.passed(rtt, "connected"));
            });
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }

  @Override
  public String toString() {
    return "TcpProbe[:" + spec.port() + "]";
  }
}
