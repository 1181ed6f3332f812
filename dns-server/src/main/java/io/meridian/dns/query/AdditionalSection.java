package io.meridian.dns.query;

import io.meridian.core.snapshot.Zone;
import io.meridian.core.snapshot.ZoneSet;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;

/**
 * Adds the in-zone addresses of NS, MX and SRV targets (RFC 1034 3.7, RFC 2782), saving the
 * resolver a round trip. In a referral the addresses below the cut are given as glue.
 */
final class AdditionalSection {

  private AdditionalSection() {}

  static void add(Message reply, ZoneSet zones, boolean referral) {
    List<Name> targets = new ArrayList<>(4);
    collectTargets(reply.getSection(Section.ANSWER), targets);
    collectTargets(reply.getSection(Section.AUTHORITY), targets);
    for (Name target : targets) {
      Zone zone = zones.find(target);
      if (zone == null) {
        continue;
      }
      for (RRset rrset : zone.addresses(target, referral)) {
        if (reply.findRRset(target, rrset.getType(), Section.ADDITIONAL)
            || reply.findRRset(target, rrset.getType(), Section.ANSWER)) {
          continue;
        }
        AnswerBuilder.add(reply, rrset, Section.ADDITIONAL);
      }
    }
  }

  private static void collectTargets(List<Record> records, List<Name> targets) {
    for (Record record : records) {
      Name target = null;
      if (record instanceof NSRecord ns) {
        target = ns.getTarget();
      } else if (record instanceof MXRecord mx) {
        target = mx.getTarget();
      } else if (record instanceof SRVRecord srv) {
        target = srv.getTarget();
      }
      if (target != null && !targets.contains(target)) {
        targets.add(target);
      }
    }
  }
}
