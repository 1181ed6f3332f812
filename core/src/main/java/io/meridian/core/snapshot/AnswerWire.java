package io.meridian.core.snapshot;

import java.io.ByteArrayOutputStream;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * An RRset pre-encoded for the answer section of a reply whose question name is the records'
 * owner: each record starts with the compression pointer {@code 0xC00C} to the question name
 * (which the reply copies from the query, so its case is the client's), then type, class, TTL and
 * uncompressed RDATA. Encoding once per snapshot spares the query path dnsjava's message encoder.
 * Valid for wildcard answers too: synthesis gives the records the query name as owner.
 */
final class AnswerWire {

  private AnswerWire() {}

  static byte[] encode(RRset rrset) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    for (Record record : rrset.rrs(false)) {
      byte[] wire = record.toWire(Section.ANSWER);
      int ownerLength = record.getName().length();
      out.write(0xC0);
      out.write(0x0C);
      out.write(wire, ownerLength, wire.length - ownerLength);
    }
    return out.toByteArray();
  }
}
