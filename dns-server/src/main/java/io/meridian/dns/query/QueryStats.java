package io.meridian.dns.query;

import io.meridian.core.policy.Decision;
import io.meridian.core.policy.Endpoint;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Name;

/**
 * What the query path counts, with no metrics library on it: replies by rcode, answers by zone,
 * and policy answers by policy and the region of the endpoint chosen first. {@link LongAdder}s, so
 * UDP workers on several cores never contend on one counter; whoever exports metrics reads them.
 */
public final class QueryStats {

  /** A policy and the region its answer came from ({@code none} for no endpoint or no region). */
  public record PolicyRegion(String policy, String region) {}

  private final LongAdder[] byRcode = new LongAdder[16];
  private final LongAdder dropped = new LongAdder();
  private final Map<Name, LongAdder> byZone = new ConcurrentHashMap<>();
  // nested by name rather than keyed by a PolicyRegion: the query path allocates no key
  private final Map<String, Map<String, LongAdder>> byPolicy = new ConcurrentHashMap<>();

  public QueryStats() {
    for (int i = 0; i < byRcode.length; i++) {
      byRcode[i] = new LongAdder();
    }
  }

  /** Counts a reply by the rcode in its header, or a dropped query. */
  void reply(byte[] reply) {
    if (reply == null || reply.length < 4) {
      dropped.increment();
    } else {
      byRcode[reply[3] & 0x0F].increment();
    }
  }

  void zone(Name apex) {
    byZone.computeIfAbsent(apex, z -> new LongAdder()).increment();
  }

  void policy(String policy, Decision decision) {
    String region = "none";
    for (Endpoint e : decision.endpoints()) {
      region = e.region() == null ? "none" : e.region().name();
      break;
    }
    byPolicy.computeIfAbsent(policy, p -> new ConcurrentHashMap<>())
        .computeIfAbsent(region, r -> new LongAdder())
        .increment();
  }

  public long rcode(int rcode) {
    return byRcode[rcode].sum();
  }

  public long dropped() {
    return dropped.sum();
  }

  public Map<Name, LongAdder> byZone() {
    return byZone;
  }

  /** Policy answers so far, by policy and region. */
  public Map<PolicyRegion, LongAdder> byPolicy() {
    Map<PolicyRegion, LongAdder> out = new java.util.HashMap<>();
    byPolicy.forEach((policy, regions) ->
        regions.forEach((region, count) -> out.put(new PolicyRegion(policy, region), count)));
    return out;
  }
}
