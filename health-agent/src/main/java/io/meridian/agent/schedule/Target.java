package io.meridian.agent.schedule;

import static java.util.Objects.requireNonNull;

import io.meridian.core.health.CheckSpec;
import java.net.InetAddress;

/**
 * One thing the scheduler probes: an address of an endpoint, checked as its check type says. The
 * whole record is the identity, so changing an endpoint's check in the config removes the old
 * target (and its rise/fall history) and adds a new one that starts from unknown.
 *
 * @param endpoint the endpoint's {@code pool/name} key
 * @param address one of the endpoint's addresses
 * @param check how to probe it
 */
public record Target(String endpoint, InetAddress address, CheckSpec check) {

  public Target {
    requireNonNull(endpoint, "endpoint");
    requireNonNull(address, "address");
    requireNonNull(check, "check");
    if (endpoint.isBlank()) {
      throw new IllegalArgumentException("endpoint must not be blank");
    }
  }

  @Override
  public String toString() {
    return endpoint + "@" + address.getHostAddress() + " " + check.type() + ":" + check.port();
  }
}
