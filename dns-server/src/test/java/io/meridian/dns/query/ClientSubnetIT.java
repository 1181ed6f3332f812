package io.meridian.dns.query;

import static io.meridian.geo.MmdbWriter.city;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.geo.MmdbWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Address;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * EDNS Client Subnet (RFC 7871) over real sockets: which subnet decides, what the reply echoes
 * (family, source prefix and address copied, the scope that decided the answer), truncation of long
 * source prefixes, FORMERR for malformed options, IPv6 clients. Two servers: one on the bundled
 * country database ({@code policy-zones.yaml}), one on a City-schema database written by the test,
 * where:
 *
 * <pre>
 * 10.1.0.0/25, 10.1.0.128/25   US-CA (two records, one outcome: merged into the /24)
 * 10.2.0.0/25                  US-CA
 * 10.2.0.128/25                US-NY
 * 10.8.0.0/21 US-CA            10.8.8.0/21 US-NY
 * 10.3.0.0/16 US-CA   10.4.0.0/16 US-NY   10.5.0.0/16 US   10.6.0.0/16 US-TX   10.7.0.0/16 GB-ENG
 * 2001:db8:1::/48 US-CA   2001:db8:2::/48 US-NY   2001:db8:3::/48 US
 * 2001:db8:4::/48 US-CA, except 2001:db8:4:0:8000::/65 US-NY
 * </pre>
 */
class ClientSubnetIT {

  private static final String CA = "192.0.2.1";
  private static final String NY = "192.0.2.2";
  private static final String US = "192.0.2.3";
  private static final String ELSEWHERE = "192.0.2.9";

  static final String CITY_CONFIG =
      """
      server:
        listen: 127.0.0.1:0
        udp_threads: 2
        tcp_idle_timeout: 2s
      geoip: { database: city.mmdb }
      pools:
        us:
          endpoints:
            - { name: ca, addresses: [192.0.2.1, "2001:db8:ca::1"] }
            - { name: ny, addresses: [192.0.2.2, "2001:db8:ff::1"] }
            - { name: us, addresses: [192.0.2.3, "2001:db8:5a::1"] }
            - { name: other, addresses: [192.0.2.9, "2001:db8:99::1"] }
      policies:
        sub:
          routing: geolocation
          targets:
            - { endpoint: us/ca, geo: [US-CA] }
            - { endpoint: us/ny, geo: [US-NY] }
            - { endpoint: us/us, geo: [US] }
            - { endpoint: us/other, geo: [default] }
      zones:
        - name: city.test.
          soa: { mname: ns1, rname: hostmaster, serial: 1, minimum: 60 }
          records:
            - { name: "@", type: NS, value: ns1 }
            - { name: ns1, type: A, value: 192.0.2.53 }
            - { name: www, policy: sub }
      """;

  @TempDir static Path dir;

  private static RunningServer bundled;
  private static RunningServer city;

  @BeforeAll
  static void start() throws Exception {
    writeCityDatabase(dir.resolve("city.mmdb"));
    bundled = RunningServer.start("policy-zones.yaml");
    city = RunningServer.fromYaml(CITY_CONFIG, dir, null);
  }

  @AfterAll
  static void stop() {
    if (bundled != null) {
      bundled.close();
    }
    if (city != null) {
      city.close();
    }
  }

  static void writeCityDatabase(Path file) throws Exception {
    new MmdbWriter("GeoIP2-City", 6)
        .insert("10.1.0.0/25", city("NA", "US", "CA", 37.77, -122.42))
        .insert("10.1.0.128/25", city("NA", "US", "CA", 34.05, -118.24))
        .insert("10.2.0.0/25", city("NA", "US", "CA", 37.77, -122.42))
        .insert("10.2.0.128/25", city("NA", "US", "NY", 40.71, -74.01))
        .insert("10.3.0.0/16", city("NA", "US", "CA", 37.77, -122.42))
        .insert("10.4.0.0/16", city("NA", "US", "NY", 40.71, -74.01))
        .insert("10.5.0.0/16", city("NA", "US", null, 39.8, -98.6))
        .insert("10.6.0.0/16", city("NA", "US", "TX", 29.76, -95.37))
        .insert("10.7.0.0/16", city("EU", "GB", "ENG", 51.51, -0.13))
        .insert("10.8.0.0/21", city("NA", "US", "CA", 37.77, -122.42))
        .insert("10.8.8.0/21", city("NA", "US", "NY", 40.71, -74.01))
        .insert("2001:db8:1::/48", city("NA", "US", "CA", 37.77, -122.42))
        .insert("2001:db8:2::/48", city("NA", "US", "NY", 40.71, -74.01))
        .insert("2001:db8:3::/48", city("NA", "US", null, 39.8, -98.6))
        .insert("2001:db8:4::/48", city("NA", "US", "CA", 37.77, -122.42))
        .insert("2001:db8:4:0:8000::/65", city("NA", "US", "NY", 40.71, -74.01))
        .writeTo(file);
  }

  private static Message ask(RunningServer server, String name, int type, String client, int prefix)
      throws Exception {
    return Ecs.ask(server.address, name, type, client, prefix);
  }

  private static Message www(String client, int prefix) throws Exception {
    Message reply = ask(city, "www.city.test.", Type.A, client, prefix);
    assertEquals(Rcode.NOERROR, reply.getRcode(), reply.toString());
    return reply;
  }

  private static void assertEcho(Message reply, int family, String address, int source, int scope)
      throws Exception {
    ClientSubnetOption echo = Ecs.echo(reply);
    assertEquals(family, echo.getFamily(), "family");
    assertEquals(source, echo.getSourcePrefixLength(), "source prefix copied from the query");
    assertEquals(InetAddress.getByName(address), echo.getAddress(), "address copied");
    assertEquals(scope, echo.getScopePrefixLength(), "scope");
  }

  // ---- echo and scope ---------------------------------------------------------------------

  @Test
  void staticAndNegativeAnswersEchoTheSubnetWithScopeZero() throws Exception {
    Message a = ask(bundled, "static.gslb.test.", Type.A, "81.2.69.0", 24);
    assertEquals("192.0.2.80", Ecs.answer(a));
    assertEcho(a, Address.IPv4, "81.2.69.0", 24, 0);

    Message six = ask(bundled, "static.gslb.test.", Type.A, "2001:db8:1:2::", 64);
    assertEcho(six, Address.IPv6, "2001:db8:1:2::", 64, 0);

    Message nx = ask(bundled, "nope.gslb.test.", Type.A, "81.2.69.0", 24);
    assertEquals(Rcode.NXDOMAIN, nx.getRcode());
    assertEcho(nx, Address.IPv4, "81.2.69.0", 24, 0);
  }

  @Test
  void errorRepliesEchoTheSubnetWithScopeZero() throws Exception {
    Message refused = ask(bundled, "www.example.com.", Type.A, "81.2.69.0", 24);
    assertEquals(Rcode.REFUSED, refused.getRcode());
    assertEcho(refused, Address.IPv4, "81.2.69.0", 24, 0);

    Message notify = Ecs.query("gslb.test.", Type.SOA, Ecs.option("2001:db8:1::", 48));
    notify.getHeader().setOpcode(org.xbill.DNS.Opcode.NOTIFY);
    Message notimp = Ecs.send(bundled.address, notify);
    assertEquals(Rcode.NOTIMP, notimp.getRcode());
    assertEcho(notimp, Address.IPv6, "2001:db8:1::", 48, 0);

    // an EDNS version we do not speak: BADVERS, and its options are not interpreted
    Message v1 = Ecs.query("geo.gslb.test.", Type.A);
    v1.removeAllRecords(org.xbill.DNS.Section.ADDITIONAL);
    v1.addRecord(
        new org.xbill.DNS.OPTRecord(1232, 0, 1, 0, List.of(Ecs.option("81.2.69.0", 24))),
        org.xbill.DNS.Section.ADDITIONAL);
    Message badvers = Ecs.send(bundled.address, v1);
    assertEquals(Rcode.BADVERS, badvers.getRcode());
    assertTrue(badvers.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).isEmpty());
  }

  @Test
  void weightedFailoverAndMultivalueAnswersHaveScopeZero() throws Exception {
    for (String name :
        List.of(
            "api.gslb.test.",
            "fo-primary.gslb.test.",
            "fo-secondary.gslb.test.",
            "all.gslb.test.",
            "fo-fallback.gslb.test.",
            "cdn.gslb.test.")) {
      Message reply = ask(bundled, name, Type.A, "81.2.69.0", 24);
      assertEquals(Rcode.NOERROR, reply.getRcode(), name);
      assertEcho(reply, Address.IPv4, "81.2.69.0", 24, 0);
    }
    Message servfail = ask(bundled, "fo-closed.gslb.test.", Type.A, "8.8.8.0", 24);
    assertEquals(Rcode.SERVFAIL, servfail.getRcode());
    assertEcho(servfail, Address.IPv4, "8.8.8.0", 24, 0);
  }

  @Test
  void noEcsInTheQueryMeansNoEcsInTheReply() throws Exception {
    Message reply = bundled.query("geo.gslb.test.", Type.A);
    assertNotNull(reply.getOPT());
    assertTrue(reply.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).isEmpty());
  }

  @Test
  void geoAnswersOverTheBundledDatabaseCarryTheMergedSupernetsScope() throws Exception {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("81.2.69.0", "192.0.2.10");
    expected.put("8.8.8.0", "198.51.100.10");
    expected.put("61.0.0.0", "203.0.113.10");
    expected.put("41.0.0.0", "203.0.113.50");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      Message reply = ask(bundled, "geo.gslb.test.", Type.A, e.getKey(), 24);
      assertEquals(e.getValue(), Ecs.answer(reply), e.getKey());
      int scope = Ecs.echo(reply).getScopePrefixLength();
      assertTrue(scope > 0, e.getKey() + ": a geo answer depends on the client");
      assertTrue(scope <= 24, e.getKey() + ": scope " + scope);
      // the scope is a promise: the whole /scope gets the same answer
      String network = Address.truncate(InetAddress.getByName(e.getKey()), scope).getHostAddress();
      Message wider = ask(bundled, "geo.gslb.test.", Type.A, network, scope);
      assertEquals(e.getValue(), Ecs.answer(wider), network + "/" + scope);
      assertEcho(wider, Address.IPv4, network, scope, scope);
    }
    int gb =
        Ecs.echo(ask(bundled, "geo.gslb.test.", Type.A, "81.2.69.0", 24)).getScopePrefixLength();
    assertTrue(gb < 24, "81.2.69.0/24 lies in a wider GB/EU supernet, not the source copied back");
  }

  @Test
  void nestedPoliciesTakeTheGeoScope() throws Exception {
    Message reply = ask(bundled, "nested-down.gslb.test.", Type.A, "81.2.69.0", 24);
    assertEquals("203.0.113.10", Ecs.answer(reply));
    int scope = Ecs.echo(reply).getScopePrefixLength();
    assertTrue(scope > 0 && scope < 24, "scope " + scope);
  }

  @Test
  void scopeIsTheWidestPrefixThatKeepsTheAnswer() throws Exception {
    // both /25 halves are US-CA: the /24 decides, whichever half asks
    for (String half : List.of("10.1.0.0", "10.1.0.128")) {
      Message reply = www(half, 25);
      assertEquals(CA, Ecs.answer(reply));
      assertEcho(reply, Address.IPv4, half, 25, 24);
    }
    assertEcho(www("10.1.0.0", 24), Address.IPv4, "10.1.0.0", 24, 24);
    // the /21 halves of 10.8.0.0/20 differ: a /20 is not specific enough, the answer holds for
    // 10.8.0.0/21 only (scope longer than source, RFC 7871 7.2.1)
    Message coarse = www("10.8.0.0", 20);
    assertEquals(CA, Ecs.answer(coarse));
    assertEcho(coarse, Address.IPv4, "10.8.0.0", 20, 21);
    Message fine = www("10.8.8.0", 21);
    assertEquals(NY, Ecs.answer(fine));
    assertEcho(fine, Address.IPv4, "10.8.8.0", 21, 21);
    // the /25 halves of 10.2.0.0/24 differ, but bits past /24 are never read: every client of
    // the /24 gets the same answer, and the scope says so (not 25, which would ask resolvers for
    // bits that are then ignored, and tie the answer to the other half for a client there)
    assertEcho(www("10.2.0.0", 24), Address.IPv4, "10.2.0.0", 24, 24);
    for (String half : List.of("10.2.0.0", "10.2.0.128")) {
      Message reply = www(half, 25);
      assertEquals(CA, Ecs.answer(reply), half + "/25 answers as its /24");
      assertEcho(reply, Address.IPv4, half, 25, 24);
    }
    // a /16 network: the /16 decides
    for (String client : List.of("10.3.0.0", "10.3.200.0")) {
      Message reply = www(client, 24);
      assertEquals(CA, Ecs.answer(reply));
      assertEcho(reply, Address.IPv4, client, 24, 16);
    }
  }

  // ---- who the client is ------------------------------------------------------------------

  @Test
  void subdivisionsCountriesAndTheDefault() throws Exception {
    assertEquals(CA, Ecs.answer(www("10.3.7.0", 24)), "US-CA");
    assertEquals(NY, Ecs.answer(www("10.4.7.0", 24)), "US-NY");
    assertEquals(US, Ecs.answer(www("10.5.7.0", 24)), "US, no subdivision: the country");
    assertEquals(US, Ecs.answer(www("10.6.7.0", 24)), "US-TX has no target: the country");
    assertEquals(ELSEWHERE, Ecs.answer(www("10.7.7.0", 24)), "GB: default");
    assertEquals(ELSEWHERE, Ecs.answer(www("10.200.0.0", 24)), "not in the database: default");
    assertEquals(
        ELSEWHERE, Ecs.answer(city.query("www.city.test.", Type.A)), "127.0.0.1, no ECS: default");
  }

  @Test
  void ipv6ClientSubnets() throws Exception {
    Map<String, String> expected =
        Map.of(
            "2001:db8:1:ab00::", CA,
            "2001:db8:2:ab00::", NY,
            "2001:db8:3:ab00::", US,
            "2001:db8:9:ab00::", ELSEWHERE);
    for (Map.Entry<String, String> e : expected.entrySet()) {
      Message reply = www(e.getKey(), 56);
      assertEquals(e.getValue(), Ecs.answer(reply), e.getKey());
      ClientSubnetOption echo = Ecs.echo(reply);
      assertEquals(Address.IPv6, echo.getFamily());
      assertEquals(56, echo.getSourcePrefixLength());
      assertEquals(InetAddress.getByName(e.getKey()), echo.getAddress());
    }
    assertEquals(48, Ecs.echo(www("2001:db8:1:ab00::", 56)).getScopePrefixLength());
    assertEquals(48, Ecs.echo(www("2001:db8:2::", 48)).getScopePrefixLength());

    Message aaaa = ask(city, "www.city.test.", Type.AAAA, "2001:db8:2:ab00::", 56);
    assertEquals("2001:db8:ff:0:0:0:0:1", Ecs.answer(aaaa));
    Message v4ClientAaaa = ask(city, "www.city.test.", Type.AAAA, "10.3.0.0", 24);
    assertEquals(
        "2001:db8:ca:0:0:0:0:1", Ecs.answer(v4ClientAaaa), "the family asked, not the client's");
    assertEcho(v4ClientAaaa, Address.IPv4, "10.3.0.0", 24, 16);
  }

  @Test
  void sourcePrefixesLongerThan24And56AreCutButEchoedAsSent() throws Exception {
    // 10.2.0.200 is in the US-NY half, but only its /24 is used: it answers like 10.2.0.0/24
    Message v4 = www("10.2.0.200", 32);
    assertEquals(Ecs.answer(www("10.2.0.0", 24)), Ecs.answer(v4));
    assertEquals(CA, Ecs.answer(v4));
    ClientSubnetOption echo = Ecs.echo(v4);
    assertEquals(Address.IPv4, echo.getFamily());
    assertEquals(32, echo.getSourcePrefixLength(), "RFC 7871 7.2.1: copied from the query");
    assertEquals(InetAddress.getByName("10.2.0.200"), echo.getAddress());
    assertEquals(24, echo.getScopePrefixLength(), "the answer holds for the /24, not a /25");

    Message v4Wide = www("10.4.1.77", 32);
    assertEquals(NY, Ecs.answer(v4Wide));
    assertEcho(v4Wide, Address.IPv4, "10.4.1.77", 32, 16);

    // 2001:db8:4:0:8000::/65 is US-NY inside a US-CA /48, but only the /56 is used
    Message v6 = www("2001:db8:4:0:8000::", 72);
    assertEquals(CA, Ecs.answer(v6));
    assertEquals(Ecs.answer(www("2001:db8:4::", 56)), Ecs.answer(v6));
    assertEcho(v6, Address.IPv6, "2001:db8:4:0:8000::", 72, 56);
    assertEcho(www("2001:db8:4::", 56), Address.IPv6, "2001:db8:4::", 56, 56);
    Message host = www("2001:db8:2:ab:cd:ef:1:2", 128);
    assertEquals(NY, Ecs.answer(host));
    assertEcho(host, Address.IPv6, "2001:db8:2:ab:cd:ef:1:2", 128, 48);
  }

  @Test
  void ecsIsHonouredOverTcpToo() throws Exception {
    SimpleResolver resolver = new SimpleResolver(city.address);
    resolver.setTCP(true);
    resolver.setTimeout(Duration.ofSeconds(5));
    Message reply = resolver.send(Ecs.query("www.city.test.", Type.A, "10.4.0.0", 24));
    assertEquals(NY, Ecs.answer(reply));
    assertEcho(reply, Address.IPv4, "10.4.0.0", 24, 16);
  }

  @Test
  void ipv6SourceAddressDecidesWithoutEcs() throws Exception {
    RunningServer six;
    try {
      six =
          RunningServer.fromYaml(
              CITY_CONFIG, dir, List.of(new InetSocketAddress(InetAddress.getByName("::1"), 0)));
    } catch (java.io.IOException e) {
      Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
      return;
    }
    try (six) {
      // ::1 is in no network of the database: the default target, for A and AAAA
      Message a = six.query("www.city.test.", Type.A);
      assertEquals(ELSEWHERE, Ecs.answer(a));
      assertTrue(a.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).isEmpty());
      assertEquals("2001:db8:99:0:0:0:0:1", Ecs.answer(six.query("www.city.test.", Type.AAAA)));
      // over IPv6, ECS of either family still decides
      assertEquals(
          NY, Ecs.answer(Ecs.ask(six.address, "www.city.test.", Type.A, "2001:db8:2::", 48)));
      assertEquals(CA, Ecs.answer(Ecs.ask(six.address, "www.city.test.", Type.A, "10.3.0.0", 24)));
    }
  }

  // ---- malformed options ------------------------------------------------------------------

  @Test
  void malformedClientSubnetOptionsAreFormerr() throws Exception {
    Map<String, EDNSOption[]> bad = new LinkedHashMap<>();
    bad.put("scope set in a query", ecs(0, 1, 24, 8, 81, 2, 69));
    bad.put("IPv4 source prefix 33", ecs(0, 1, 33, 0, 81, 2, 69, 1, 0));
    bad.put("IPv6 source prefix 129", ecs(v6Option(129, 17)));
    bad.put("IPv4 scope prefix 33", ecs(0, 1, 24, 33, 81, 2, 69));
    bad.put("address longer than the prefix needs", ecs(0, 1, 16, 0, 81, 2, 69));
    bad.put("address shorter than the prefix needs", ecs(0, 1, 24, 0, 81, 2));
    bad.put("bits set beyond the prefix", ecs(0, 1, 20, 0, 81, 2, 69));
    bad.put("an address byte for a /0", ecs(0, 1, 0, 0, 81));
    bad.put("unknown family 3", ecs(0, 3, 24, 0, 81, 2, 69));
    bad.put("family 0", ecs(0, 0, 24, 0, 81, 2, 69));
    bad.put("option cut short", ecs(0, 1, 24));
    bad.put("empty option", ecs());
    bad.put(
        "two ECS options",
        new EDNSOption[] {Ecs.option("81.2.69.0", 24), Ecs.option("8.8.8.0", 24)});
    int id = 0x3000;
    for (Map.Entry<String, EDNSOption[]> e : bad.entrySet()) {
      Message query = Ecs.query("geo.gslb.test.", Type.A, e.getValue());
      query.getHeader().setID(++id);
      byte[] reply = RawDns.udp(bundled.address, query.toWire(), 5000);
      assertNotNull(reply, e.getKey() + ": no reply");
      Message message = new Message(reply);
      assertEquals(id, message.getHeader().getID(), e.getKey());
      assertEquals(Rcode.FORMERR, message.getRcode(), e.getKey());
      assertTrue(message.getSection(org.xbill.DNS.Section.ANSWER).isEmpty(), e.getKey());
    }
    Message good = ask(bundled, "geo.gslb.test.", Type.A, "81.2.69.0", 24);
    assertEquals(Rcode.NOERROR, good.getRcode(), "the server still answers");
    assertEquals("192.0.2.10", Ecs.answer(good));
  }

  @Test
  void wellFormedEdgeCasesAreAnswered() throws Exception {
    // a /0 (the client asks not to be located) and a /24 with non-zero bits in the last octet
    Message zero = ask(bundled, "geo.gslb.test.", Type.A, "0.0.0.0", 0);
    assertEquals(Rcode.NOERROR, zero.getRcode());
    assertEquals(1, Ecs.answers(zero).size());
    ClientSubnetOption echo = Ecs.echo(zero);
    assertEquals(0, echo.getSourcePrefixLength());
    assertEquals(Address.IPv4, echo.getFamily());
    Message zero6 = ask(bundled, "geo.gslb.test.", Type.A, "::", 0);
    assertEquals(Rcode.NOERROR, zero6.getRcode());
    assertEquals(Address.IPv6, Ecs.echo(zero6).getFamily());
    // an unknown option next to ECS does not disturb it
    Message query =
        Ecs.query(
            "geo.gslb.test.",
            Type.A,
            new GenericEDNSOption(65001, new byte[] {1}),
            Ecs.option("41.0.0.0", 24));
    Message reply = Ecs.send(bundled.address, query);
    assertEquals("203.0.113.50", Ecs.answer(reply));
    assertNotEquals(0, Ecs.echo(reply).getScopePrefixLength());
    assertNull(
        reply.getOPT().getOptions().stream()
            .filter(o -> o.getCode() == 65001)
            .findAny()
            .orElse(null),
        "unknown options are not echoed");
  }

  private static EDNSOption[] ecs(int... bytes) {
    byte[] data = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      data[i] = (byte) bytes[i];
    }
    return ecs(data);
  }

  private static EDNSOption[] ecs(byte[] data) {
    return new EDNSOption[] {new GenericEDNSOption(EDNSOption.Code.CLIENT_SUBNET, data)};
  }

  private static byte[] v6Option(int sourcePrefix, int addressBytes) {
    byte[] data = new byte[4 + addressBytes];
    data[1] = 2;
    data[2] = (byte) sourcePrefix;
    data[4] = 0x20;
    data[5] = 0x01;
    return data;
  }
}
