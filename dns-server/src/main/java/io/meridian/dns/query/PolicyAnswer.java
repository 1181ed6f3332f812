package io.meridian.dns.query;

import io.meridian.core.health.HealthView;
import io.meridian.core.policy.Decision;
import io.meridian.core.policy.Endpoint;
import io.meridian.core.policy.QueryContext;
import io.meridian.core.snapshot.Lookup;
import io.meridian.core.snapshot.Snapshot;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Asks a name's policy for this query's answer and turns the decision into records: the chosen
 * endpoints' addresses of the asked family, or the CNAME of a CNAME endpoint (the first one, when
 * several were chosen: a name holds one CNAME).
 */
final class PolicyAnswer {

  /** What the policy decided, as records, and how much of the client address decided it. */
  record Result(
      Decision.Kind kind, List<Record> records, Name cnameTarget, int scope, Decision decision) {}

  private PolicyAnswer() {}

  /** What a policy decided for a client, the family it was asked for, and the consulted scope. */
  record Choice(Decision decision, Endpoint.AddressFamily family, int scope) {}

  /** Runs the name's policy for this client; shared by the full and the fast path. */
  static Choice decide(
      Lookup.Dynamic dynamic,
      int qtype,
      byte[] client,
      int sourcePrefix,
      Snapshot snapshot,
      HealthView health) {
    Endpoint.AddressFamily family =
        qtype == Type.AAAA ? Endpoint.AddressFamily.IPV6 : Endpoint.AddressFamily.IPV4;
    QueryContext context =
        new QueryContext(
            client,
            sourcePrefix,
            family,
            health,
            ThreadLocalRandom.current(),
            null,
            snapshot.policies().count());
    Decision decision = context.decide(dynamic.binding().policy());
    return new Choice(decision, family, context.scope());
  }

  static Result answer(
      Lookup.Dynamic dynamic, int qtype, ClientSubnet client, Snapshot snapshot, HealthView health) {
    Choice choice =
        decide(dynamic, qtype, client.address(), client.sourcePrefix(), snapshot, health);
    Decision decision = choice.decision();
    Endpoint.AddressFamily family = choice.family();
    Name owner = dynamic.owner();
    long ttl = dynamic.binding().ttl();
    if (decision.kind() != Decision.Kind.ANSWER) {
      return new Result(decision.kind(), List.of(), null, choice.scope(), decision);
    }
    List<Record> records = new ArrayList<>();
    for (Endpoint endpoint : decision.endpoints()) {
      if (endpoint.cname() != null) {
        Record cname = new CNAMERecord(owner, DClass.IN, ttl, endpoint.cname());
        return new Result(
            Decision.Kind.ANSWER, List.of(cname), endpoint.cname(), choice.scope(), decision);
      }
    }
    if (qtype == Type.CNAME) {
      return new Result(Decision.Kind.NODATA, List.of(), null, choice.scope(), decision);
    }
    for (Endpoint endpoint : decision.endpoints()) {
      for (InetAddress address : endpoint.addresses()) {
        boolean v4 = address instanceof Inet4Address;
        if (v4 == (family == Endpoint.AddressFamily.IPV4)) {
          Record record =
              v4
                  ? new ARecord(owner, DClass.IN, ttl, address)
                  : new AAAARecord(owner, DClass.IN, ttl, address);
          if (!records.contains(record)) {
            records.add(record);
          }
        }
      }
    }
    return new Result(
        records.isEmpty() ? Decision.Kind.NODATA : Decision.Kind.ANSWER,
        records,
        null,
        choice.scope(),
        decision);
  }
}
