package io.meridian.dns.query;

import io.meridian.dns.io.Query;
import org.xbill.DNS.OPTRecord;

/** How large a reply may be (RFC 1035 4.2.1, RFC 6891 6.2.3 and 6.2.5, RFC 7766). */
final class ReplySizes {

  static final int CLASSIC_UDP = 512;
  static final int TCP = 65535;

  private ReplySizes() {}

  /**
   * @param ourPayload the most we send over UDP (and advertise)
   * @return the largest reply for this query; larger ones are truncated with TC set
   */
  static int maxReply(Query.Transport transport, OPTRecord queryOpt, int ourPayload) {
    if (transport == Query.Transport.TCP) {
      return TCP;
    }
    if (queryOpt == null) {
      return CLASSIC_UDP;
    }
    // a payload below 512 is treated as 512 (RFC 6891 6.2.5)
    return Math.max(CLASSIC_UDP, Math.min(queryOpt.getPayloadSize(), ourPayload));
  }
}
