package io.meridian.core.snapshot;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/**
 * Everything a zone holds at one owner name. A node with no RRsets is an empty non-terminal: it
 * exists (NODATA, not NXDOMAIN) because names below it do. Immutable.
 */
final class NameNode {

  private final Name owner;
  private final RRset[] rrsets;
  private final byte[][] wire;
  private final boolean cut;
  private final boolean occluded;
  private final PolicyBinding binding;

  /**
   * @param cut a delegation point: NS records below the zone apex
   * @param occluded at or below a delegation point: only glue, never an authoritative answer
   */
  NameNode(Name owner, List<RRset> rrsets, boolean cut, boolean occluded) {
    this(owner, rrsets, cut, occluded, null);
  }

  /**
   * @param binding the policy answering A and AAAA here, or null
   */
  NameNode(Name owner, List<RRset> rrsets, boolean cut, boolean occluded, PolicyBinding binding) {
    this.owner = owner;
    this.rrsets = sortedByType(rrsets);
    this.wire = new byte[this.rrsets.length][];
    for (int i = 0; i < this.rrsets.length; i++) {
      this.wire[i] = AnswerWire.encode(this.rrsets[i]);
    }
    this.cut = cut;
    this.occluded = occluded;
    this.binding = binding;
  }

  /** The pre-encoded answer records of one of this node's RRsets (see {@link AnswerWire}). */
  byte[] wire(RRset rrset) {
    for (int i = 0; i < rrsets.length; i++) {
      if (rrsets[i] == rrset) {
        return wire[i];
      }
    }
    throw new IllegalArgumentException("not an RRset of " + owner);
  }

  PolicyBinding binding() {
    return binding;
  }

  private static RRset[] sortedByType(List<RRset> rrsets) {
    List<RRset> sorted = new ArrayList<>(rrsets);
    sorted.sort((a, b) -> Integer.compare(a.getType(), b.getType()));
    return sorted.toArray(new RRset[0]);
  }

  Name owner() {
    return owner;
  }

  /** The RRset of {@code type}, or null. A node holds a handful of types, so a scan is fastest. */
  RRset get(int type) {
    for (RRset rrset : rrsets) {
      if (rrset.getType() == type) {
        return rrset;
      }
    }
    return null;
  }

  boolean isEmpty() {
    return rrsets.length == 0 && binding == null;
  }

  boolean isCut() {
    return cut;
  }

  boolean isOccluded() {
    return occluded;
  }

  /**
   * The one RRset given for a query of type ANY (RFC 8482 section 4.1: a subset is enough): an
   * address set when there is one, else the lowest type.
   */
  RRset anyAnswer() {
    if (rrsets.length == 0) {
      return null;
    }
    RRset a = get(Type.A);
    if (a != null) {
      return a;
    }
    RRset aaaa = get(Type.AAAA);
    return aaaa != null ? aaaa : rrsets[0];
  }

  List<RRset> rrsets() {
    return List.of(rrsets);
  }
}
