package io.meridian.core.snapshot;

import static io.meridian.core.snapshot.Fixtures.compile;
import static io.meridian.core.snapshot.Fixtures.lookup;
import static io.meridian.core.snapshot.Fixtures.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Type;

/** {@link ZoneSet#find} picks the deepest zone that holds a name. */
class ZoneSetTest {

  static final String YAML =
      """
      zones:
        - name: test.
          soa: { mname: ns1, rname: hostmaster }
          records:
            - { name: "@", type: NS, value: ns1 }
            - { name: ns1, type: A, value: 192.0.2.1 }
            - { name: sub, type: NS, value: ns.sub }
            - { name: ns.sub, type: A, value: 192.0.2.2 }
        - name: sub.test.
          soa: { mname: ns, rname: hostmaster }
          records:
            - { name: "@", type: NS, value: ns }
            - { name: ns, type: A, value: 192.0.2.2 }
            - { name: www, type: A, value: 192.0.2.3 }
        - name: deep.a.b.example.
          soa: { mname: ns.example.net., rname: hostmaster }
          records:
            - { name: "@", type: NS, value: ns.example.net. }
      """;

  private static ZoneSet zones;

  @BeforeAll
  static void compileZones() throws Exception {
    zones = compile(YAML).zones();
  }

  static Stream<Arguments> names() {
    return Stream.of(
        Arguments.of("test.", "test."),
        Arguments.of("www.test.", "test."),
        Arguments.of("a.b.c.test.", "test."),
        Arguments.of("sub.test.", "sub.test."),
        Arguments.of("www.sub.test.", "sub.test."),
        Arguments.of("x.y.ns.sub.test.", "sub.test."),
        Arguments.of("SUB.Test.", "sub.test."),
        Arguments.of("deep.a.b.example.", "deep.a.b.example."),
        Arguments.of("x.deep.a.b.example.", "deep.a.b.example."),
        Arguments.of("a.b.example.", null),
        Arguments.of("example.", null),
        Arguments.of("xtest.", null),
        Arguments.of("subtest.", null),
        Arguments.of("com.", null),
        Arguments.of(".", null));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("names")
  void findsTheDeepestZone(String qname, String apex) {
    Zone zone = zones.find(name(qname));
    if (apex == null) {
      assertNull(zone, () -> qname + " -> " + zone.apex());
    } else {
      assertEquals(name(apex), zone.apex());
    }
  }

  @Test
  void getAndAll() {
    assertEquals(name("sub.test."), zones.get(name("sub.test.")).apex());
    assertNull(zones.get(name("www.test.")));
    assertEquals(3, zones.all().size());
  }

  @Test
  void parentRefersWhileChildAnswers() {
    Zone parent = zones.get(name("test."));
    lookup(parent, "www.sub.test.", Type.A, Lookup.Referral.class);
    lookup(zones.find(name("www.sub.test.")), "www.sub.test.", Type.A, Lookup.Answer.class);
  }

  @Test
  void singleZone() throws Exception {
    ZoneSet one = compile(Fixtures.BASE).zones();
    assertEquals(name("example.test."), one.find(name("a.b.example.test.")).apex());
    assertEquals(name("example.test."), one.find(name("example.test.")).apex());
    assertNull(one.find(name("test.")));
    assertNull(one.find(name("example.test.org.")));
    assertNull(one.find(name("other.")));
  }

  @Test
  void rootZoneHoldsEverything() throws Exception {
    ZoneSet root =
        compile(
                """
                zones:
                  - name: .
                    soa: { mname: a.root-servers.example., rname: hm.example. }
                    records:
                      - { name: "@", type: NS, value: a.root-servers.example. }
                      - { name: a.root-servers.example., type: A, value: 192.0.2.1 }
                  - name: test.
                    soa: { mname: ns.example., rname: hm.example. }
                    records: [ { name: "@", type: NS, value: ns.example. } ]
                """)
            .zones();
    assertEquals(name("."), root.find(name("com.")).apex());
    assertEquals(name("."), root.find(name(".")).apex());
    assertEquals(name("test."), root.find(name("a.test.")).apex());
  }
}
