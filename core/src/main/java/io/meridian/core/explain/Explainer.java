package io.meridian.core.explain;

import io.meridian.core.health.FailoverEstimate;
import io.meridian.core.health.HealthView;
import io.meridian.core.policy.Decision;
import io.meridian.core.policy.Endpoint;
import io.meridian.core.policy.QueryContext;
import io.meridian.core.policy.Trace;
import io.meridian.core.snapshot.Lookup;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.Zone;
import io.meridian.geo.DatabaseInfo;
import io.meridian.geo.GeoMatch;
import io.meridian.geo.Location;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Explains one query against a snapshot by running the very code the query path runs (zone lookup,
 * the policy chain) with a {@link Trace} attached: gdnsd's {@code gdnsd_geoip_test}, for every
 * policy. Weighted and shuffled steps use the given random source, so one run shows one of the
 * possible answers.
 */
public final class Explainer {

  private final Snapshot snapshot;
  private final HealthView health;
  private final RandomGenerator random;

  public Explainer(Snapshot snapshot, HealthView health, RandomGenerator random) {
    this.snapshot = snapshot;
    this.health = health;
    this.random = random;
  }

  /**
   * @param address the client address (the source, or the ECS address)
   * @param sourcePrefix the ECS source prefix, or the address length in bits for a source address
   * @param ecs whether the client came from an ECS option (for the description only)
   */
  public Explanation explain(Name qname, int qtype, InetAddress address, int sourcePrefix, boolean ecs) {
    int bits = address.getAddress().length * 8;
    int limit = address instanceof Inet4Address ? 24 : 56;
    int prefix = ecs ? Math.min(sourcePrefix, limit) : bits;
    InetAddress client = Address.truncate(address, prefix);
    String clientText = ecs
        ? client.getHostAddress() + "/" + prefix + " (ECS" + (prefix < sourcePrefix
            ? ", cut from /" + sourcePrefix : "") + ")"
        : client.getHostAddress() + " (source address)";
    String query = qname + " " + Type.string(qtype);
    String geo = geo(client);
    Zone zone = snapshot.zones().find(qname);
    if (zone == null) {
      return new Explanation(query, clientText, geo, "-", "not in any zone: REFUSED", List.of(),
          "REFUSED", List.of(), 0);
    }
    Lookup lookup = zone.lookup(qname, qtype);
    String zoneText = zone.apex() + " (serial " + zone.serial() + ")";
    if (!(lookup instanceof Lookup.Dynamic dynamic)) {
      return staticExplanation(query, clientText, geo, zoneText, lookup);
    }
    Endpoint.AddressFamily family =
        qtype == Type.AAAA ? Endpoint.AddressFamily.IPV6 : Endpoint.AddressFamily.IPV4;
    Trace trace = new Trace();
    QueryContext context = new QueryContext(client.getAddress(), prefix, family, health, random,
        trace, snapshot.policies().count());
    Decision decision = context.decide(dynamic.binding().policy());
    List<String> answers = new ArrayList<>();
    for (Endpoint endpoint : decision.endpoints()) {
      if (endpoint.cname() != null) {
        answers.add(qname + " " + dynamic.binding().ttl() + " IN CNAME " + endpoint.cname());
        break;
      }
      for (InetAddress a : endpoint.addresses()) {
        if ((a instanceof Inet4Address) == (family == Endpoint.AddressFamily.IPV4)) {
          answers.add(qname + " " + dynamic.binding().ttl() + " IN "
              + (a instanceof Inet4Address ? "A " : "AAAA ") + a.getHostAddress()
              + "   (" + endpoint.key() + ")");
        }
      }
    }
    String rcode = switch (decision.kind()) {
      case ANSWER -> answers.isEmpty() ? "NOERROR (no data)" : "NOERROR";
      case NODATA -> "NOERROR (no data)";
      case SERVFAIL -> "SERVFAIL";
    };
    String outcome = "policy " + dynamic.binding().policy().name() + " (ttl "
        + dynamic.binding().ttl() + ")" + (decision.healthy() ? "" : ", answer NOT healthy");
    FailoverEstimate estimate = FailoverEstimate.of(dynamic.binding().policy(),
        dynamic.binding().ttl(), snapshot.policies().healthPlan(), snapshot.health());
    List<String> healthLines = new ArrayList<>();
    for (Endpoint e : estimate.endpoints()) {
      healthLines.add(e.key() + ": " + health.describe(e.id()));
    }
    return new Explanation(query, clientText, geo, zoneText, outcome, trace.steps(), rcode,
        answers, context.scope(), healthLines, estimate.toString());
  }

  private String geo(InetAddress client) {
    DatabaseInfo info = snapshot.geo().info();
    GeoMatch match = snapshot.geo().lookup(client);
    Location l = match.location();
    String where = l.country() == null && l.continent() == null
        ? "no record"
        : (l.country() == null ? "" : l.country())
            + (l.subdivision() == null ? "" : "-" + l.subdivision())
            + (l.continent() == null ? "" : " / " + l.continent())
            + (l.hasCoordinates() ? String.format(" (%.2f, %.2f)", l.latitude(), l.longitude()) : "")
            + " from network /" + match.prefixLength();
    return where + "   [" + info.databaseType() + ", " + info.source() + ", built "
        + info.buildEpoch() + "]";
  }

  private static Explanation staticExplanation(
      String query, String client, String geo, String zone, Lookup lookup) {
    List<String> answers = new ArrayList<>();
    String outcome;
    String rcode = "NOERROR";
    if (lookup instanceof Lookup.Answer a) {
      outcome = "static records (the answer does not depend on the client)";
      answers.addAll(lines(a.rrset()));
    } else if (lookup instanceof Lookup.Alias a) {
      outcome = "static CNAME, followed by resolvers or within our zones";
      answers.addAll(lines(a.cname()));
    } else if (lookup instanceof Lookup.Referral r) {
      outcome = "referral to the delegated zone";
      answers.addAll(lines(r.ns()));
    } else if (lookup instanceof Lookup.NxDomain) {
      outcome = "name does not exist";
      rcode = "NXDOMAIN";
    } else {
      outcome = "name exists without data of this type";
      rcode = "NOERROR (no data)";
    }
    return new Explanation(query, client, geo, zone, outcome, List.of(), rcode, answers, 0);
  }

  private static List<String> lines(RRset rrset) {
    List<String> out = new ArrayList<>();
    for (Record r : rrset.rrs(false)) {
      out.add(r.toString());
    }
    return out;
  }
}
