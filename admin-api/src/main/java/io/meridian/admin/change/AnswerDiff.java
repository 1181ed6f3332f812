package io.meridian.admin.change;

import io.meridian.core.health.HealthView;
import io.meridian.core.policy.Decision;
import io.meridian.core.policy.Endpoint;
import io.meridian.core.policy.QueryContext;
import io.meridian.core.snapshot.Lookup;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.Zone;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Which answers a change moves: every policy-answered name of either snapshot, asked for A and
 * AAAA by one client per country (and the configured test clients), before and after, with the
 * same health and the same random seed on both sides (so weighted picks only differ when the
 * weights do). Grouped into movements: "www.example.test. A: DE, FR, NL from eu-west to us-east".
 */
public final class AnswerDiff {

  /** One client whose answer for one name and type changed. */
  public record Change(
      String name, String type, String client, List<String> before, List<String> after) {}

  /** Clients of one name and type that move the same way. */
  public record Movement(
      String name, String type, List<String> from, List<String> to, List<String> clients) {
    @Override
    public String toString() {
      return name + " " + type + ": " + String.join(", ", clients) + " from "
          + (from.isEmpty() ? "no answer" : String.join("+", from)) + " to "
          + (to.isEmpty() ? "no answer" : String.join("+", to));
    }
  }

  public record Summary(int clients, int names, List<Movement> movements, List<Change> changes) {}

  private AnswerDiff() {}

  /**
   * @param testClients extra clients as {@code name=address}
   */
  public static Summary between(
      Snapshot before, HealthView beforeHealth, Snapshot after, HealthView afterHealth,
      Map<String, InetAddress> testClients) {
    Map<String, InetAddress> clients = new LinkedHashMap<>(CountrySamples.of(after.geo()));
    clients.putAll(testClients);
    TreeSet<Name> names = new TreeSet<>();
    after.zones().all().forEach(z -> names.addAll(z.policyNames()));
    before.zones().all().forEach(z -> names.addAll(z.policyNames()));
    List<Change> changes = new ArrayList<>();
    Map<String, Movement> movements = new LinkedHashMap<>();
    for (Name name : names) {
      for (int qtype : new int[] {Type.A, Type.AAAA}) {
        for (Map.Entry<String, InetAddress> client : clients.entrySet()) {
          Answer was = answer(before, beforeHealth, name, qtype, client.getValue());
          Answer now = answer(after, afterHealth, name, qtype, client.getValue());
          if (!was.keys().equals(now.keys())) {
            changes.add(new Change(name.toString(), Type.string(qtype), client.getKey(),
                was.keys(), now.keys()));
            String key = name + " " + qtype + " " + was.regions() + " " + now.regions();
            movements.computeIfAbsent(key, k -> new Movement(name.toString(), Type.string(qtype),
                    was.regions(), now.regions(), new ArrayList<>()))
                .clients().add(client.getKey());
          }
        }
      }
    }
    return new Summary(clients.size(), names.size(), List.copyOf(movements.values()), changes);
  }

  /** The endpoints (and their regions) a client gets, empty when the name has no policy there. */
  private record Answer(List<String> keys, List<String> regions) {}

  private static Answer answer(
      Snapshot snapshot, HealthView health, Name name, int qtype, InetAddress client) {
    Zone zone = snapshot.zones().find(name);
    if (zone == null || !(zone.lookup(name, qtype) instanceof Lookup.Dynamic dynamic)) {
      return new Answer(List.of(), List.of());
    }
    byte[] bytes = client.getAddress();
    Endpoint.AddressFamily family =
        qtype == Type.AAAA ? Endpoint.AddressFamily.IPV6 : Endpoint.AddressFamily.IPV4;
    QueryContext context = new QueryContext(bytes, bytes.length * 8, family, health,
        new SplittableRandom(7), null, snapshot.policies().count());
    Decision decision = context.decide(dynamic.binding().policy());
    List<String> keys = new ArrayList<>();
    TreeSet<String> regions = new TreeSet<>();
    for (Endpoint e : decision.endpoints()) {
      keys.add(e.key());
      regions.add(e.region() == null ? e.key() : e.region().name());
    }
    return new Answer(keys, List.copyOf(regions));
  }
}
