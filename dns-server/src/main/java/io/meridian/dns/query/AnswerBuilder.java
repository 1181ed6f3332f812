package io.meridian.dns.query;

import io.meridian.core.policy.Decision;
import io.meridian.core.health.HealthView;
import io.meridian.core.snapshot.Lookup;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.Zone;
import io.meridian.core.snapshot.ZoneSet;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Fills the answer and authority sections for a question in one of our zones, following CNAME
 * chains through our zones (RFC 1034 4.3.2 step 3a; RFC 6604 for the rcode at the chain's end).
 * Names bound to a policy are answered by it, for this query's client. One per query.
 */
final class AnswerBuilder {

  /** Chains this long were rejected when the zone was compiled; this only guards the loop. */
  private static final int MAX_ALIASES = 16;

  private final Snapshot snapshot;
  private final HealthView health;
  private final QueryStats stats;
  private final ClientSubnet client;
  private int scope;

  AnswerBuilder(Snapshot snapshot, HealthView health, ClientSubnet client, QueryStats stats) {
    this.snapshot = snapshot;
    this.health = health;
    this.stats = stats;
    this.client = client;
  }

  /** The ECS scope of the answer: the most client bits any policy on the way consulted. */
  int scope() {
    return scope;
  }

  /**
   * @return true when the reply is a referral (glue belongs in the additional section)
   */
  boolean answer(Message reply, Zone zone, Name qname, int qtype) {
    ZoneSet zones = snapshot.zones();
    reply.getHeader().setFlag(Flags.AA);
    Zone current = zone;
    Name name = qname;
    for (int hop = 0; hop <= MAX_ALIASES; hop++) {
      Lookup lookup = current.lookup(name, qtype);
      if (lookup instanceof Lookup.Answer answer) {
        add(reply, answer.rrset(), Section.ANSWER);
        return false;
      } else if (lookup instanceof Lookup.Alias alias) {
        add(reply, alias.cname(), Section.ANSWER);
        name = ((CNAMERecord) alias.cname().first()).getTarget();
        current = zones.find(name);
        if (current == null) {
          return false; // the resolver follows the alias out of our zones
        }
      } else if (lookup instanceof Lookup.NoData) {
        add(reply, current.negativeSoa(), Section.AUTHORITY);
        return false;
      } else if (lookup instanceof Lookup.NxDomain) {
        reply.getHeader().setRcode(Rcode.NXDOMAIN);
        add(reply, current.negativeSoa(), Section.AUTHORITY);
        return false;
      } else if (lookup instanceof Lookup.Dynamic dynamic) {
        PolicyAnswer.Result result = PolicyAnswer.answer(dynamic, qtype, client, snapshot, health);
        stats.policy(dynamic.binding().policy().name(), result.decision());
        scope = Math.max(scope, result.scope());
        if (result.kind() == Decision.Kind.SERVFAIL) {
          reply.getHeader().setRcode(Rcode.SERVFAIL); // the policy fails closed
          return false;
        }
        if (result.kind() == Decision.Kind.NODATA) {
          add(reply, current.negativeSoa(), Section.AUTHORITY);
          return false;
        }
        result.records().forEach(r -> reply.addRecord(r, Section.ANSWER));
        if (result.cnameTarget() == null || qtype == Type.CNAME) {
          return false;
        }
        name = result.cnameTarget();
        current = zones.find(name);
        if (current == null) {
          return false;
        }
      } else if (lookup instanceof Lookup.Referral referral) {
        if (hop == 0) {
          reply.getHeader().unsetFlag(Flags.AA); // the child zone is authoritative, not us
        }
        add(reply, referral.ns(), Section.AUTHORITY);
        return true;
      }
    }
    return false;
  }

  static void add(Message reply, RRset rrset, int section) {
    for (Record record : rrset.rrs(false)) {
      reply.addRecord(record, section);
    }
  }
}
