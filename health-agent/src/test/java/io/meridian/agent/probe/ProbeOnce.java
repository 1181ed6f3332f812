package io.meridian.agent.probe;

import static io.meridian.agent.testing.Backend.await;

import java.net.InetAddress;

/** The probe tests' one step: probe 127.0.0.1 once with a fresh probe, then close it. */
final class ProbeOnce {

  static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();

  private ProbeOnce() {}

  static ProbeResult run(Probe probe) {
    try {
      return await(probe.probe(LOCALHOST));
    } finally {
      await(probe.close());
    }
  }
}
