package io.meridian.core.policy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * One thing a policy can answer with: addresses, or a CNAME target. {@code id} indexes the {@link
 * io.meridian.core.health.HealthView}.
 *
 * @param key {@code pool/name}, unique in a snapshot
 * @param cname null for an address endpoint
 */
public record Endpoint(
    int id,
    String key,
    Region region,
    List<InetAddress> addresses,
    Name cname,
    int weight,
    int priority,
    boolean enabled) {

  public Endpoint {
    addresses = List.copyOf(addresses);
  }

  /** Whether this endpoint can answer a query for {@code family} (A or AAAA). */
  boolean serves(AddressFamily family) {
    if (cname != null) {
      return true;
    }
    for (InetAddress address : addresses) {
      if (family.matches(address)) {
        return true;
      }
    }
    return false;
  }

  /** The kinds of address a query asks for. */
  public enum AddressFamily {
    IPV4,
    IPV6;

    boolean matches(InetAddress address) {
      return this == IPV4 ? address instanceof Inet4Address : address instanceof Inet6Address;
    }
  }
}
