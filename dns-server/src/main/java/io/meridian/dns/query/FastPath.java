package io.meridian.dns.query;

import io.meridian.core.policy.Decision;
import io.meridian.core.policy.Endpoint;
import io.meridian.core.health.HealthView;
import io.meridian.core.snapshot.Lookup;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.Zone;
import io.meridian.dns.io.Query;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Answers the most common queries without dnsjava's message objects: a positive answer from a
 * zone (pre-encoded in the snapshot) or from a policy (A and AAAA written here), with the question
 * copied from the query and an OPT with the echoed Client Subnet. Everything else, and any answer
 * that would need truncation, additional records or a CNAME, returns null and takes the full
 * {@link Responder} path, which stays the reference: tests compare the two.
 */
final class FastPath {

  private static final int QR = 0x8000;
  private static final int AA = 0x0400;
  private static final int RD = 0x0100;
  private static final int CD = 0x0010;
  private static final int OPT_FIXED = 11;

  private FastPath() {}

  /** @return the reply, or null when the full path must answer */
  static byte[] answer(
      LeanQuery q, Query query, Snapshot snapshot, HealthView health, QueryStats stats) {
    int qtype = q.qtype;
    if (qtype == Type.ANY || qtype == Type.AXFR || qtype == Type.IXFR || qtype == Type.OPT
        || needsAdditional(qtype)) {
      return null;
    }
    Name qname = q.name();
    Zone zone = snapshot.zones().find(qname);
    if (zone == null) {
      return null;
    }
    Lookup lookup = zone.lookup(qname, qtype);
    if (lookup instanceof Lookup.Answer answer) {
      return counted(zone, stats,
          reply(q, query, snapshot, answer.wire(), answer.rrset().size(), 0));
    }
    if (lookup instanceof Lookup.Dynamic dynamic && (qtype == Type.A || qtype == Type.AAAA)) {
      return counted(zone, stats, policyReply(q, query, snapshot, health, dynamic, stats));
    }
    return null;
  }

  /** Only replies the fast path gives count here; the full path counts what it answers. */
  private static byte[] counted(Zone zone, QueryStats stats, byte[] reply) {
    if (reply != null) {
      stats.zone(zone.apex());
    }
    return reply;
  }

  /** NS, MX and SRV answers carry target addresses in the additional section: full path. */
  private static boolean needsAdditional(int qtype) {
    return qtype == Type.NS || qtype == Type.MX || qtype == Type.SRV;
  }

  private static byte[] policyReply(LeanQuery q, Query query, Snapshot snapshot, HealthView health,
      Lookup.Dynamic dynamic, QueryStats stats) {
    byte[] client;
    int prefix;
    if (q.hasEcs()) {
      prefix = Math.min(q.ecsSourcePrefix(),
          q.ecsFamily() == 1 ? ClientSubnet.MAX_IPV4_PREFIX : ClientSubnet.MAX_IPV6_PREFIX);
      client = truncate(q.ecsAddress(), prefix);
    } else {
      client = query.client().getAddress().getAddress();
      prefix = client.length * 8;
    }
    PolicyAnswer.Choice choice = PolicyAnswer.decide(dynamic, q.qtype, client, prefix, snapshot, health);
    Decision decision = choice.decision();
    if (decision.kind() != Decision.Kind.ANSWER) {
      return null;
    }
    boolean v4 = choice.family() == Endpoint.AddressFamily.IPV4;
    List<InetAddress> addresses = new ArrayList<>(4);
    for (Endpoint endpoint : decision.endpoints()) {
      if (endpoint.cname() != null) {
        return null;
      }
      for (InetAddress address : endpoint.addresses()) {
        if ((address instanceof Inet4Address) == v4 && !addresses.contains(address)) {
          addresses.add(address);
        }
      }
    }
    if (addresses.isEmpty()) {
      return null;
    }
    int ttl = (int) dynamic.binding().ttl();
    int rdlength = v4 ? 4 : 16;
    byte[] records = new byte[addresses.size() * (12 + rdlength)];
    int at = 0;
    for (InetAddress address : addresses) {
      records[at] = (byte) 0xC0;
      records[at + 1] = 0x0C;
      put16(records, at + 2, v4 ? Type.A : Type.AAAA);
      put16(records, at + 4, 1);
      put16(records, at + 6, ttl >>> 16);
      put16(records, at + 8, ttl);
      put16(records, at + 10, rdlength);
      System.arraycopy(address.getAddress(), 0, records, at + 12, rdlength);
      at += 12 + rdlength;
    }
    stats.policy(dynamic.binding().policy().name(), decision);
    return reply(q, query, snapshot, records, addresses.size(), choice.scope());
  }

  private static byte[] truncate(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int bit = prefix; bit < out.length * 8; bit++) {
      out[bit >>> 3] &= (byte) ~(0x80 >>> (bit & 7));
    }
    return out;
  }

  /** Header, the question as sent, the answer records, and our OPT when the query had one. */
  private static byte[] reply(LeanQuery q, Query query, Snapshot snapshot, byte[] answers,
      int count, int scope) {
    int ourPayload = snapshot.server().udpPayloadSize();
    int optLength = q.edns ? OPT_FIXED + (q.hasEcs() ? 4 + q.ecsLength : 0) : 0;
    int size = q.questionEnd + answers.length + optLength;
    int max = query.transport() == Query.Transport.TCP
        ? ReplySizes.TCP
        : q.edns ? Math.max(ReplySizes.CLASSIC_UDP, Math.min(q.udpPayload, ourPayload))
            : ReplySizes.CLASSIC_UDP;
    if (size > max) {
      return null; // the full path truncates
    }
    byte[] out = new byte[size];
    System.arraycopy(q.buffer, 0, out, 0, q.questionEnd); // id, counts, question as sent
    put16(out, 2, QR | AA | (q.flags & (RD | CD)));
    put16(out, 6, count);
    put16(out, 10, q.edns ? 1 : 0);
    System.arraycopy(answers, 0, out, q.questionEnd, answers.length);
    if (q.edns) {
      int at = q.questionEnd + answers.length;
      out[at] = 0; // root owner
      put16(out, at + 1, Type.OPT);
      put16(out, at + 3, ourPayload);
      // extended rcode 0, version 0, DO echoed (RFC 3225)
      out[at + 7] = (byte) (q.dnssecOk ? 0x80 : 0);
      put16(out, at + 9, optLength - OPT_FIXED);
      if (q.hasEcs()) {
        int option = at + OPT_FIXED;
        put16(out, option, 8);
        put16(out, option + 2, q.ecsLength);
        // family, source prefix and address copied from the query (RFC 7871 7.2.1); our scope
        System.arraycopy(q.buffer, q.ecsOffset, out, option + 4, q.ecsLength);
        out[option + 7] = (byte) ClientSubnet.cappedScope(q.ecsFamily(), scope);
      }
    }
    return out;
  }

  private static void put16(byte[] b, int offset, int value) {
    b[offset] = (byte) (value >>> 8);
    b[offset + 1] = (byte) value;
  }

}
