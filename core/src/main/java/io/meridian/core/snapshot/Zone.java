package io.meridian.core.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * One authoritative zone, compiled and immutable. Answers (name, type) questions per RFC 1034
 * section 4.3.2 with wildcards per RFC 4592. Every name that exists is a key of the node map, empty
 * non-terminals included, which keeps the common lookup at one hash probe.
 */
public final class Zone {

  private static final Name WILDCARD = Name.fromConstantString("*");

  private final Name apex;
  private final RRset soa;
  private final RRset negativeSoa;
  private final Map<Name, NameNode> nodes;
  private final boolean hasCuts;
  private final String contentDigest;
  private final long configuredSerial;

  Zone(
      Name apex,
      SOARecord soa,
      Map<Name, NameNode> nodes,
      String contentDigest,
      long configuredSerial) {
    this.apex = apex;
    this.soa = new RRset(soa);
    // RFC 2308 section 3: negative answers are cached for min(SOA TTL, SOA MINIMUM)
    this.negativeSoa =
        new RRset(
            new SOARecord(
                apex,
                soa.getDClass(),
                Math.min(soa.getTTL(), soa.getMinimum()),
                soa.getHost(),
                soa.getAdmin(),
                soa.getSerial(),
                soa.getRefresh(),
                soa.getRetry(),
                soa.getExpire(),
                soa.getMinimum()));
    this.nodes = Map.copyOf(nodes);
    this.hasCuts = nodes.values().stream().anyMatch(NameNode::isCut);
    this.contentDigest = contentDigest;
    this.configuredSerial = configuredSerial;
  }

  public Name apex() {
    return apex;
  }

  public long serial() {
    return ((SOARecord) soa.first()).getSerial();
  }

  public RRset soa() {
    return soa;
  }

  /** The SOA to put in the authority section of NXDOMAIN and NODATA answers. */
  public RRset negativeSoa() {
    return negativeSoa;
  }

  String contentDigest() {
    return contentDigest;
  }

  long configuredSerial() {
    return configuredSerial;
  }

  /** Answers {@code qname} (which must be at or below the apex) for {@code qtype}. */
  public Lookup lookup(Name qname, int qtype) {
    if (hasCuts) {
      Lookup.Referral referral = referral(qname, qtype);
      if (referral != null) {
        return referral;
      }
    }
    NameNode node = nodes.get(qname);
    if (node != null) {
      return fromNode(node, qname, qtype, false);
    }
    NameNode wildcard = nodes.get(wildcardAt(closestEncloser(qname)));
    if (wildcard != null) {
      return fromNode(wildcard, qname, qtype, true);
    }
    return new Lookup.NxDomain(this);
  }

  /** The first delegation point on the way down from the apex to {@code qname}, if any. */
  private Lookup.Referral referral(Name qname, int qtype) {
    int labels = qname.labels();
    for (int depth = apex.labels() + 1; depth <= labels; depth++) {
      Name ancestor = depth == labels ? qname : new Name(qname, labels - depth);
      NameNode node = nodes.get(ancestor);
      if (node == null) {
        return null; // nothing exists below a name that does not exist
      }
      // the DS set of a delegation lives on the parent side (RFC 4035 section 3.1.4.1)
      if (node.isCut() && !(depth == labels && qtype == Type.DS)) {
        return new Lookup.Referral(this, node.get(Type.NS));
      }
    }
    return null;
  }

  private Name closestEncloser(Name qname) {
    for (int strip = 1; ; strip++) {
      Name ancestor = new Name(qname, strip);
      if (nodes.containsKey(ancestor) || ancestor.equals(apex)) {
        return ancestor;
      }
    }
  }

  /** {@code *.encloser}; never too long, as it replaces at least one label of a valid name. */
  private static Name wildcardAt(Name encloser) {
    try {
      return Name.concatenate(WILDCARD, encloser);
    } catch (NameTooLongException e) {
      throw new IllegalStateException("a wildcard is no longer than the name it stands for", e);
    }
  }

  private Lookup fromNode(NameNode node, Name qname, int qtype, boolean synthesize) {
    if (node.isEmpty()) {
      return new Lookup.NoData(this);
    }
    PolicyBinding binding = node.binding();
    if (binding != null
        && (qtype == Type.A || qtype == Type.AAAA || qtype == Type.ANY || qtype == Type.CNAME)) {
      return new Lookup.Dynamic(this, qname, binding);
    }
    RRset match = qtype == Type.ANY ? node.anyAnswer() : node.get(qtype);
    if (match != null) {
      return new Lookup.Answer(this, synthesize ? renamed(match, qname) : match, node.wire(match));
    }
    RRset cname = node.get(Type.CNAME);
    if (cname != null) {
      return new Lookup.Alias(this, synthesize ? renamed(cname, qname) : cname);
    }
    return new Lookup.NoData(this);
  }

  /** RFC 4592 section 3.4: synthesized records take the query name as owner. */
  private static RRset renamed(RRset rrset, Name owner) {
    RRset out = new RRset();
    for (Record record : rrset.rrs(false)) {
      out.addRR(record.withName(owner));
    }
    return out;
  }

  /**
   * The A and AAAA sets at {@code target}, for the additional section. Names at or below a
   * delegation are not ours to answer for, so their addresses are only given as glue in referrals.
   */
  public List<RRset> addresses(Name target, boolean includeGlue) {
    NameNode node = nodes.get(target);
    if (node == null || (!includeGlue && node.isOccluded())) {
      return List.of();
    }
    List<RRset> out = new ArrayList<>(2);
    RRset a = node.get(Type.A);
    if (a != null) {
      out.add(a);
    }
    RRset aaaa = node.get(Type.AAAA);
    if (aaaa != null) {
      out.add(aaaa);
    }
    return out;
  }

  /** The names a policy answers, sorted (for dry runs and tools, not for the query path). */
  public List<Name> policyNames() {
    List<Name> out = new ArrayList<>();
    nodes.forEach((name, node) -> {
      if (node.binding() != null) {
        out.add(name);
      }
    });
    out.sort(null);
    return out;
  }

  /** Every RRset of the zone, owner by owner (for tests and tools, not for the query path). */
  public List<RRset> allRRsets() {
    List<RRset> out = new ArrayList<>();
    nodes.values().forEach(node -> out.addAll(node.rrsets()));
    return out;
  }
}
