package io.meridian.core.snapshot;

import org.xbill.DNS.RRset;

/** What a zone holds for one (name, type) question: the RFC 1034 section 4.3.2 outcomes. */
public sealed interface Lookup {

  Zone zone();

  /**
   * The data asked for; owners are the query name, also when synthesized from a wildcard.
   *
   * @param wire the records encoded for an answer to this question (owner {@code 0xC00C}), see
   *     {@link AnswerWire}
   */
  record Answer(Zone zone, RRset rrset, byte[] wire) implements Lookup {}

  /** The name is an alias; the answer goes on at the target. */
  record Alias(Zone zone, RRset cname) implements Lookup {}

  /** The name exists but has no data of this type. */
  record NoData(Zone zone) implements Lookup {}

  /** The name does not exist. */
  record NxDomain(Zone zone) implements Lookup {}

  /**
   * A traffic policy chooses the answer per query; records take {@code owner} as their name (the
   * query name, also when the binding came from a wildcard).
   */
  record Dynamic(Zone zone, org.xbill.DNS.Name owner, PolicyBinding binding) implements Lookup {}

  /** The name is at or below a delegation: the child zone's name servers answer. */
  record Referral(Zone zone, RRset ns) implements Lookup {}
}
