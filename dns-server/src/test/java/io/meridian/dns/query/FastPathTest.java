package io.meridian.dns.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.core.config.ConfigReader;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.SnapshotCompiler;
import io.meridian.dns.io.Query;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The fast path must answer exactly as the full path does: every query of a corpus (names of every
 * kind, types, with and without EDNS, DO, ECS, mixed case, UDP and TCP) goes through both, and the
 * parsed replies must match section by section; and the common shapes must really take the fast
 * path.
 */
class FastPathTest {

  private static final String POLICIES = """
      regions:
        eu-west: { latitude: 53.35, longitude: -6.26 }
        us-east: { latitude: 38.90, longitude: -77.04 }
      pools:
        eu:
          endpoints:
            - { name: dub-1, addresses: [192.0.2.10, "2001:db8::10"], region: eu-west }
            - { name: dub-2, address: 192.0.2.11, region: eu-west, health: down }
        us:
          endpoints:
            - { name: iad-1, address: 198.51.100.10, region: us-east }
        alias:
          endpoints:
            - { name: cdn, cname: cdn.example.net. }
      policies:
        geo:
          routing: geolocation
          targets:
            - { pool: eu, geo: [continent:EU] }
            - { pool: us, geo: [default] }
        failover:
          routing: failover
          targets:
            - { pool: eu, priority: 1 }
            - { pool: us, priority: 2 }
        cdn:
          routing: simple
          targets: [ { pool: alias } ]
      """;

  private static Snapshot snapshot;
  private static Responder full;
  private static Responder fast;

  @BeforeAll
  static void compile() throws Exception {
    String zones;
    try (var in = FastPathTest.class.getResourceAsStream("/test-zones.yaml")) {
      zones = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String yaml = POLICIES + zones.replace("      - { name: mail, type: A, value: 192.0.2.25 }",
        "      - { name: mail, type: A, value: 192.0.2.25 }\n"
            + "      - { name: gslb, policy: geo, ttl: 30 }\n"
            + "      - { name: fo, policy: failover }\n"
            + "      - { name: cdn, policy: cdn }\n"
            + "      - { name: \"*.dyn\", policy: geo }");
    snapshot = new SnapshotCompiler(Clock.systemUTC())
        .compile(ConfigReader.read(yaml, "fast-path-test", Path.of(".")), null);
    full = new Responder(new Current<>(snapshot), io.meridian.core.health.HealthSource.CONFIGURED, new QueryStats(), false);
    fast = new Responder(new Current<>(snapshot), io.meridian.core.health.HealthSource.CONFIGURED, new QueryStats(), true);
  }

  static Stream<Object[]> corpus() throws Exception {
    List<String> names = List.of("www.example.test.", "WwW.ExAmPlE.tEsT.", "example.test.",
        "alias.example.test.", "nope.example.test.", "foo.wild.example.test.", "ent.example.test.",
        "host.sub.example.test.", "txt.example.test.", "medium.example.test.", "big.example.test.",
        "gslb.example.test.", "GSLB.example.test.", "fo.example.test.", "cdn.example.test.",
        "x.dyn.example.test.", "www.other.test.", "www.example.com.");
    List<Integer> types = List.of(Type.A, Type.AAAA, Type.TXT, Type.MX, Type.NS, Type.SOA,
        Type.CNAME, Type.ANY, Type.SRV, Type.CAA);
    List<String> ecs = List.of("", "81.2.69.0/24", "8.8.8.0/24", "81.2.69.7/32", "2001:db8::/48",
        "0.0.0.0/0");
    List<Object[]> out = new ArrayList<>();
    for (String name : names) {
      for (int type : types) {
        for (int edns = 0; edns < 3; edns++) {
          for (String subnet : edns == 0 ? List.of("") : ecs) {
            for (Query.Transport transport : Query.Transport.values()) {
              out.add(new Object[] {name, type, edns, subnet, transport});
            }
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} edns={2} ecs={3} {4}")
  @MethodSource("corpus")
  void fastAndFullPathsAgree(String name, int type, int edns, String subnet,
      Query.Transport transport) throws Exception {
    Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    query.getHeader().setID(0x1234);
    if (edns > 0) {
      List<EDNSOption> options = subnet.isEmpty() ? List.of() : List.of(ecs(subnet));
      query.addRecord(new OPTRecord(edns == 1 ? 1232 : 4096, 0, 0, edns == 2 ? ExtendedFlags.DO : 0,
          options), Section.ADDITIONAL);
    }
    byte[] wire = query.toWire();
    Query q = new Query(wire, wire.length, transport,
        new InetSocketAddress(InetAddress.getByName("81.2.69.142"), 5300),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 53));
    byte[] slow = full.handle(q);
    byte[] quick = fast.handle(q);
    Message a = new Message(slow);
    Message b = new Message(quick);
    assertEquals(a.getHeader().toString().replaceAll("id: \\d+", ""),
        b.getHeader().toString().replaceAll("id: \\d+", ""));
    assertEquals(a.getHeader().getID(), b.getHeader().getID());
    assertArrayEquals(questionBytes(slow), questionBytes(quick), "question echoed as sent");
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
      assertEquals(a.getSection(section).toString(), b.getSection(section).toString());
    }
    assertEquals(String.valueOf(a.getOPT()), String.valueOf(b.getOPT()));
    assertEquals(a.getSection(Section.ADDITIONAL).toString(), b.getSection(Section.ADDITIONAL).toString());
  }

  /** The shapes that make up most real traffic must not fall back to the full path. */
  @ParameterizedTest(name = "{0} {1} edns={2} ecs={3}")
  @org.junit.jupiter.params.provider.CsvSource({
    "www.example.test., 1, 0, ''",
    "WwW.ExAmPlE.tEsT., 28, 1, ''",
    "txt.example.test., 16, 2, ''",
    "foo.wild.example.test., 1, 1, 81.2.69.0/24",
    "gslb.example.test., 1, 1, 81.2.69.0/24",
    "gslb.example.test., 1, 0, ''",
    "gslb.example.test., 28, 2, 81.2.69.0/24",
    "fo.example.test., 1, 1, ''",
    "x.dyn.example.test., 1, 1, 8.8.8.0/24"
  })
  void commonShapesTakeTheFastPath(String name, int type, int edns, String subnet)
      throws Exception {
    Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    if (edns > 0) {
      List<EDNSOption> options = subnet.isEmpty() ? List.of() : List.of(ecs(subnet));
      query.addRecord(new OPTRecord(1232, 0, 0, edns == 2 ? ExtendedFlags.DO : 0, options),
          Section.ADDITIONAL);
    }
    byte[] wire = query.toWire();
    Query q = new Query(wire, wire.length, Query.Transport.UDP,
        new InetSocketAddress(InetAddress.getByName("81.2.69.142"), 5300),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 53));
    LeanQuery lean = LeanQuery.parse(wire, wire.length);
    assertTrue(lean != null && FastPath.answer(lean, q, snapshot, snapshot.policies().configuredHealth(), new QueryStats()) != null, "declined: " + name);
  }

  private static byte[] questionBytes(byte[] message) {
    int end = 12;
    while (message[end] != 0) {
      end += (message[end] & 0xFF) + 1;
    }
    return java.util.Arrays.copyOfRange(message, 12, end + 5);
  }

  private static ClientSubnetOption ecs(String subnet) throws Exception {
    String[] parts = subnet.split("/");
    return new ClientSubnetOption(Integer.parseInt(parts[1]), InetAddress.getByName(parts[0]));
  }
}
