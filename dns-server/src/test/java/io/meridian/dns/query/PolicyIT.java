package io.meridian.dns.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Traffic-policy answers over real UDP sockets: geolocation by client subnet, weights, failover and
 * its all-down modes, nested policies, address families, CNAME endpoints, multivalue and TTLs.
 * Geolocation uses the bundled country database (see {@code policy-zones.yaml}).
 */
class PolicyIT {

  private static final String GB = "81.2.69.0";
  private static final String US = "8.8.8.0";
  private static final String IN = "61.0.0.0";
  private static final String ZA = "41.0.0.0";

  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = RunningServer.start("policy-zones.yaml");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Message ask(String name, int type, String client) throws Exception {
    return Ecs.ask(server.address, name, type, client, 24);
  }

  /** Without ECS: the source address (127.0.0.1) is the client. */
  private static Message ask(String name, int type) throws Exception {
    return server.query(name, type);
  }

  private static String addressFor(String name, String client) throws Exception {
    Message reply = ask(name, Type.A, client);
    assertEquals(Rcode.NOERROR, reply.getRcode(), reply.toString());
    return Ecs.answer(reply);
  }

  @Test
  void geolocationFollowsTheClientSubnetAcrossCountriesAndContinents() throws Exception {
    assertEquals("192.0.2.10", addressFor("geo.gslb.test.", GB), "GB: continent:EU");
    assertEquals("198.51.100.10", addressFor("geo.gslb.test.", US), "US: country US");
    assertEquals("203.0.113.10", addressFor("geo.gslb.test.", IN), "IN: country IN");
    assertEquals("203.0.113.50", addressFor("geo.gslb.test.", ZA), "ZA: continent:AF");

    Message reply = ask("geo.gslb.test.", Type.A, GB);
    assertTrue(reply.getHeader().getFlag(Flags.AA));
    Record record = reply.getSection(Section.ANSWER).get(0);
    assertEquals(Name.fromString("geo.gslb.test."), record.getName());
    assertEquals(30, record.getTTL());
  }

  @Test
  void theMostSpecificGeoLevelWins() throws Exception {
    assertEquals("192.0.2.30", addressFor("geo-gb.gslb.test.", GB), "GB beats continent:EU");
    assertEquals("198.51.100.99", addressFor("geo-gb.gslb.test.", US), "US: default");
    assertEquals("198.51.100.99", addressFor("geo-gb.gslb.test.", ZA), "ZA: default");
  }

  @Test
  void withoutEcsTheSourceAddressDecides() throws Exception {
    // 127.0.0.1 is in no database network: the default target
    assertEquals("198.51.100.99", Ecs.answer(ask("geo.gslb.test.", Type.A)));
    assertEquals("198.51.100.99", Ecs.answer(ask("geo-gb.gslb.test.", Type.A)));
    Message plain =
        Message.newQuery(
            Record.newRecord(Name.fromString("geo.gslb.test."), Type.A, DClass.IN)); // no EDNS
    byte[] reply = RawDns.udp(server.address, plain.toWire(), 5000);
    assertNotNull(reply);
    assertEquals("198.51.100.99", Ecs.answer(new Message(reply)));
  }

  @Test
  void weightsHoldOverTwentyThousandQueries() throws Exception {
    int threads = 4;
    int perThread = 5_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Map<String, Integer>>> results = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> countAnswers("api.gslb.test.", perThread)));
      }
      Map<String, Integer> counts = new HashMap<>();
      for (Future<Map<String, Integer>> f : results) {
        f.get(60, TimeUnit.SECONDS).forEach((k, v) -> counts.merge(k, v, Integer::sum));
      }
      double total = threads * perThread;
      assertEquals(Set.of("192.0.2.70", "192.0.2.20", "192.0.2.1"), counts.keySet());
      assertEquals(0.70, counts.get("192.0.2.70") / total, 0.015, counts.toString());
      assertEquals(0.20, counts.get("192.0.2.20") / total, 0.015, counts.toString());
      assertEquals(0.10, counts.get("192.0.2.1") / total, 0.015, counts.toString());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Asks {@code name} {@code n} times, one query in flight, and counts the single answers. */
  private static Map<String, Integer> countAnswers(String name, int n) throws Exception {
    Map<String, Integer> counts = new HashMap<>();
    Message query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    byte[] wire = query.toWire();
    byte[] buffer = new byte[1232];
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(server.address);
      socket.setSoTimeout(2000);
      for (int i = 0; i < n; i++) {
        wire[0] = (byte) (i >>> 8);
        wire[1] = (byte) i;
        Message reply = null;
        for (int attempt = 0; attempt < 3 && reply == null; attempt++) {
          socket.send(new DatagramPacket(wire, wire.length));
          DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
          try {
            do {
              socket.receive(packet);
            } while (((buffer[0] & 0xFF) << 8 | (buffer[1] & 0xFF)) != (i & 0xFFFF));
            reply = new Message(java.util.Arrays.copyOf(buffer, packet.getLength()));
          } catch (SocketTimeoutException e) {
            // lost on the way: ask again
          }
        }
        assertNotNull(reply, "no reply to query " + i);
        List<Record> answer = reply.getSection(Section.ANSWER);
        assertEquals(1, answer.size(), reply.toString());
        counts.merge(answer.get(0).rdataToString(), 1, Integer::sum);
      }
    }
    return counts;
  }

  @Test
  void failoverAnswersThePrimaryWhileItIsUp() throws Exception {
    assertEquals("192.0.2.101", Ecs.answer(ask("fo-primary.gslb.test.", Type.A)));
    assertEquals("2001:db8:0:0:0:0:0:101", Ecs.answer(ask("fo-primary.gslb.test.", Type.AAAA)));
  }

  @Test
  void failoverMovesToTheSecondaryWhenThePrimaryIsDown() throws Exception {
    assertEquals("192.0.2.102", Ecs.answer(ask("fo-secondary.gslb.test.", Type.A)));
    assertEquals("2001:db8:0:0:0:0:0:102", Ecs.answer(ask("fo-secondary.gslb.test.", Type.AAAA)));
  }

  @Test
  void allDownFailsOpenByDefault() throws Exception {
    // as if all were healthy: the chain goes on, so failover gives its first group
    Message failover = ask("fo-open.gslb.test.", Type.A);
    assertEquals(Rcode.NOERROR, failover.getRcode());
    assertEquals(List.of("192.0.2.111", "192.0.2.112"), Ecs.answers(failover));
    Message multivalue = ask("mv-open.gslb.test.", Type.A);
    assertEquals(List.of("192.0.2.111", "192.0.2.112", "192.0.2.113"), Ecs.answers(multivalue));
  }

  @Test
  void allDownClosedIsServfail() throws Exception {
    for (int type : List.of(Type.A, Type.AAAA)) {
      Message reply = ask("fo-closed.gslb.test.", type);
      assertEquals(Rcode.SERVFAIL, reply.getRcode());
      assertTrue(reply.getSection(Section.ANSWER).isEmpty());
    }
  }

  @Test
  void allDownNodataIsAnEmptyAnswerWithTheSoa() throws Exception {
    Message reply = ask("fo-nodata.gslb.test.", Type.A);
    assertEquals(Rcode.NOERROR, reply.getRcode());
    assertTrue(reply.getHeader().getFlag(Flags.AA));
    assertTrue(reply.getSection(Section.ANSWER).isEmpty());
    List<Record> authority = reply.getSection(Section.AUTHORITY);
    assertEquals(1, authority.size());
    assertTrue(authority.get(0) instanceof SOARecord);
    assertEquals(120, authority.get(0).getTTL(), "min(SOA TTL 600, minimum 120)");
  }

  @Test
  void allDownFallbackAnswersTheFallbackAddress() throws Exception {
    Message a = ask("fo-fallback.gslb.test.", Type.A);
    assertEquals("192.0.2.250", Ecs.answer(a));
    assertEquals(60, a.getSection(Section.ANSWER).get(0).getTTL());
    assertEquals("2001:db8:0:0:0:0:0:250", Ecs.answer(ask("fo-fallback.gslb.test.", Type.AAAA)));
  }

  @Test
  void nestedGeoFailoverWeighted() throws Exception {
    Set<String> eu = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      eu.add(addressFor("nested.gslb.test.", GB));
    }
    assertEquals(Set.of("192.0.2.10", "192.0.2.11"), eu, "EU: the weighted EU pool");
    assertEquals("198.51.100.10", addressFor("nested.gslb.test.", US), "others: the US pool");
    assertEquals(
        45, ask("nested.gslb.test.", Type.A, GB).getSection(Section.ANSWER).get(0).getTTL());
  }

  @Test
  void nestedWithTheEuWeightedGroupAllDownFailsOverToPriorityTwo() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertEquals(
          "203.0.113.10",
          addressFor("nested-down.gslb.test.", GB),
          "the weighted group failed open, so the failover parent sees it down");
    }
    assertEquals("198.51.100.10", addressFor("nested-down.gslb.test.", US));
    assertEquals("198.51.100.10", addressFor("nested-down.gslb.test.", IN));
  }

  @Test
  void dualStackEndpointsAnswerAAndAaaa() throws Exception {
    assertEquals(List.of("192.0.2.40", "192.0.2.41"), Ecs.answers(ask("dual.gslb.test.", Type.A)));
    Message aaaa = ask("dual.gslb.test.", Type.AAAA);
    assertEquals(List.of("2001:db8:0:0:0:0:0:41", "2001:db8:0:0:0:0:0:42"), Ecs.answers(aaaa));
    assertTrue(
        aaaa.getSection(Section.ANSWER).stream().allMatch(r -> r.getType() == Type.AAAA),
        aaaa.toString());
  }

  @Test
  void aaaaConsidersOnlyIpv6CapableTargets() throws Exception {
    assertEquals("192.0.2.40", Ecs.answer(ask("v6-failover.gslb.test.", Type.A)));
    assertEquals(
        "2001:db8:0:0:0:0:0:41",
        Ecs.answer(ask("v6-failover.gslb.test.", Type.AAAA)),
        "the IPv4-only primary is skipped, not answered empty");
    Message none = ask("v4-only.gslb.test.", Type.AAAA);
    assertEquals(Rcode.NOERROR, none.getRcode());
    assertTrue(none.getSection(Section.ANSWER).isEmpty());
    assertTrue(none.getSection(Section.AUTHORITY).get(0) instanceof SOARecord);
  }

  @Test
  void cnameEndpointsAnswerWithACname() throws Exception {
    for (int type : List.of(Type.A, Type.AAAA)) {
      Message reply = ask("cdn.gslb.test.", type);
      assertEquals(Rcode.NOERROR, reply.getRcode());
      List<Record> answer = reply.getSection(Section.ANSWER);
      assertEquals(1, answer.size(), reply.toString());
      CNAMERecord cname = (CNAMERecord) answer.get(0);
      assertEquals(Name.fromString("cdn.gslb.test."), cname.getName());
      assertEquals(Name.fromString("edge.cdn.example.net."), cname.getTarget());
      assertEquals(120, cname.getTTL());
    }
    Message local = ask("cdn-local.gslb.test.", Type.A);
    List<Record> answer = local.getSection(Section.ANSWER);
    assertEquals(2, answer.size(), local.toString());
    assertEquals(Name.fromString("static.gslb.test."), ((CNAMERecord) answer.get(0)).getTarget());
    assertEquals("192.0.2.80", ((ARecord) answer.get(1)).getAddress().getHostAddress());
    assertEquals(300, answer.get(1).getTTL(), "the target's own TTL");
  }

  @Test
  void multivalueGivesUpToMaxAnswersDistinctHealthyAddresses() throws Exception {
    Set<String> seen = new HashSet<>();
    Set<List<String>> sets = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      List<String> answers = Ecs.answers(ask("all.gslb.test.", Type.A));
      assertEquals(3, answers.size(), answers.toString());
      assertEquals(3, new HashSet<>(answers).size(), "distinct: " + answers);
      seen.addAll(answers);
      sets.add(answers);
    }
    assertEquals(
        Set.of("192.0.2.201", "192.0.2.202", "192.0.2.203", "192.0.2.204", "192.0.2.205"),
        seen,
        "every healthy endpoint takes turns, the down one never");
    assertTrue(sets.size() > 1, "shuffled: " + sets);
    assertEquals(
        List.of("192.0.2.201", "192.0.2.202"),
        Ecs.answers(ask("few.gslb.test.", Type.A)),
        "fewer healthy than max_answers: all of them");
  }

  /**
   * max_answers counts endpoints (the chain's first-n picks targets), and a chosen endpoint gives
   * all its addresses of the family: with endpoints of two addresses, up to twice max_answers
   * records. This pins today's behaviour; whether max_answers should cap addresses instead is an
   * open question for core's first-n filter.
   */
  @Test
  void multivalueMaxAnswersCountsEndpoints() throws Exception {
    Set<Set<String>> endpoints =
        Set.of(
            Set.of("192.0.2.151", "192.0.2.152"),
            Set.of("192.0.2.153", "192.0.2.154"),
            Set.of("192.0.2.155"));
    for (int i = 0; i < 20; i++) {
      Set<String> answers = new HashSet<>(Ecs.answers(ask("multi.gslb.test.", Type.A)));
      long chosen = endpoints.stream().filter(e -> answers.stream().anyMatch(e::contains)).count();
      assertEquals(2, chosen, "two endpoints: " + answers);
      for (Set<String> e : endpoints) {
        if (answers.stream().anyMatch(e::contains)) {
          assertTrue(answers.containsAll(e), "an endpoint comes whole: " + answers);
        }
      }
    }
  }

  @Test
  void aCnameToAPolicyNameIsFollowed() throws Exception {
    Message reply = ask("geo-alias.gslb.test.", Type.A, ZA);
    List<Record> answer = reply.getSection(Section.ANSWER);
    assertEquals(2, answer.size(), reply.toString());
    assertEquals(Name.fromString("geo.gslb.test."), ((CNAMERecord) answer.get(0)).getTarget());
    assertEquals(Name.fromString("geo.gslb.test."), answer.get(1).getName());
    assertEquals("203.0.113.50", answer.get(1).rdataToString());
    assertTrue(Ecs.echo(reply).getScopePrefixLength() > 0, "the policy's scope");
  }

  @Test
  void policyAnswersTakeTheBindingsTtl() throws Exception {
    Map<String, Long> expected =
        Map.of(
            "geo.gslb.test.", 30L,
            "api.gslb.test.", 20L,
            "fo-primary.gslb.test.", 60L, // no ttl: 60, not the zone's 3600
            "dual.gslb.test.", 60L);
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      Message reply = ask(e.getKey(), Type.A);
      for (Record r : reply.getSection(Section.ANSWER)) {
        assertEquals(e.getValue(), r.getTTL(), e.getKey());
      }
    }
    Message aaaa = ask("dual.gslb.test.", Type.AAAA);
    assertEquals(60, aaaa.getSection(Section.ANSWER).get(0).getTTL());
  }
}
