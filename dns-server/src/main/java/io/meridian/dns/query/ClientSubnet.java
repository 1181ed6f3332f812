package io.meridian.dns.query;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.xbill.DNS.Address;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.OPTRecord;

/**
 * Who the client is (RFC 7871): the EDNS Client Subnet when the query carries one, else the source
 * address. Source prefixes longer than /24 (IPv4) and /56 (IPv6) are cut to those, as the RFC
 * recommends for privacy: finer detail is not used, so it is not kept either.
 *
 * @param address 4 or 16 bytes, bits beyond {@code sourcePrefix} zero
 * @param sourcePrefix how many leading bits of {@code address} the client disclosed
 * @param option the query's ECS option to echo, or null when it had none
 */
record ClientSubnet(byte[] address, int sourcePrefix, ClientSubnetOption option) {

  static final int MAX_IPV4_PREFIX = 24;
  static final int MAX_IPV6_PREFIX = 56;

  /** A query whose ECS option breaks RFC 7871's rules: the answer is FORMERR. */
  static final class Malformed extends Exception {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  static ClientSubnet of(OPTRecord opt, InetSocketAddress source) throws Malformed {
    List<EDNSOption> options =
        opt == null ? List.of() : opt.getOptions(EDNSOption.Code.CLIENT_SUBNET);
    if (options.isEmpty()) {
      InetAddress address = source.getAddress();
      byte[] bytes = address.getAddress();
      return new ClientSubnet(bytes, bytes.length * 8, null);
    }
    if (options.size() > 1) {
      throw new Malformed("more than one client subnet option");
    }
    ClientSubnetOption ecs = (ClientSubnetOption) options.get(0);
    if (ecs.getScopePrefixLength() != 0) {
      throw new Malformed("a query's ECS scope prefix must be 0"); // RFC 7871 section 6
    }
    int limit = ecs.getFamily() == Address.IPv4 ? MAX_IPV4_PREFIX : MAX_IPV6_PREFIX;
    int prefix = Math.min(ecs.getSourcePrefixLength(), limit);
    byte[] bytes = Address.truncate(ecs.getAddress(), prefix).getAddress();
    return new ClientSubnet(bytes, prefix, ecs);
  }

  /**
   * The option for the reply: the query's family, source prefix and address (RFC 7871 7.2.1: copied
   * from the query), and our scope. The scope is at most /24 (IPv4) or /56 (IPv6): bits past those
   * are never read, so every client of such a network gets the same answer. A longer scope would
   * claim the answer for a narrower network than the one it was chosen for (10.2.0.200/32 answered
   * as 10.2.0.0/24, echoed with scope 25, would tie that answer to 10.2.0.128/25), and would ask
   * resolvers for bits that are then ignored.
   */
  ClientSubnetOption echo(int scope) {
    return new ClientSubnetOption(
        option.getSourcePrefixLength(), cappedScope(option.getFamily(), scope), option.getAddress());
  }

  /**
   * The scope to echo: never more bits than we read (/24, /56), since the answer was chosen for the
   * truncated subnet and holds for all of it.
   */
  static int cappedScope(int family, int scope) {
    return Math.min(scope, family == Address.IPv4 ? MAX_IPV4_PREFIX : MAX_IPV6_PREFIX);
  }
}
