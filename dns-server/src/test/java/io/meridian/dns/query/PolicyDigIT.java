package io.meridian.dns.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy answers and client subnets as operators see them with {@code dig +subnet}: the answer and
 * the {@code ; CLIENT-SUBNET: address/source/scope} line of the OPT pseudosection.
 */
class PolicyDigIT {

  private static final Pattern CLIENT_SUBNET =
      Pattern.compile("^; CLIENT-SUBNET: (\\S+)/(\\d+)/(\\d+)$", Pattern.MULTILINE);

  @TempDir static Path dir;

  private static RunningServer bundled;
  private static RunningServer city;

  @BeforeAll
  static void start() throws Exception {
    Dig.assumeInstalled();
    bundled = RunningServer.start("policy-zones.yaml");
    ClientSubnetIT.writeCityDatabase(dir.resolve("city.mmdb"));
    city = RunningServer.fromYaml(ClientSubnetIT.CITY_CONFIG, dir, null);
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

  /** The echoed subnet as [address, source, scope]. */
  private static List<String> clientSubnet(String out) {
    Matcher m = CLIENT_SUBNET.matcher(out);
    if (!m.find()) {
      fail("no CLIENT-SUBNET line:\n" + out);
    }
    return List.of(m.group(1), m.group(2), m.group(3));
  }

  private static int scope(String out) {
    return Integer.parseInt(clientSubnet(out).get(2));
  }

  @Test
  void geoAnswersByClientSubnetWithAMergedScope() throws Exception {
    String gb = Dig.run(bundled.address, "+subnet=81.2.69.0/24", "geo.gslb.test", "A");
    assertTrue(gb.contains("status: NOERROR"), gb);
    assertEquals(List.of("geo.gslb.test. 30 IN A 192.0.2.10"), Dig.answers(gb), gb);
    assertEquals(List.of("81.2.69.0", "24"), clientSubnet(gb).subList(0, 2), gb);
    assertTrue(scope(gb) > 0 && scope(gb) < 24, "a wider GB supernet decided:\n" + gb);

    String za = Dig.run(bundled.address, "+tcp", "+subnet=41.0.0.0/24", "geo.gslb.test", "A");
    assertEquals(List.of("geo.gslb.test. 30 IN A 203.0.113.50"), Dig.answers(za), za);
    assertTrue(scope(za) > 0 && scope(za) <= 24, za);
  }

  @Test
  void weightedAndStaticAnswersHaveScopeZero() throws Exception {
    String api = Dig.run(bundled.address, "+subnet=8.8.8.0/24", "api.gslb.test", "A");
    assertEquals(List.of("8.8.8.0", "24", "0"), clientSubnet(api), api);
    assertEquals(1, Dig.answers(api).size(), api);
    String fixed = Dig.run(bundled.address, "+subnet=2001:db8::/56", "static.gslb.test", "A");
    assertEquals(List.of("2001:db8::", "56", "0"), clientSubnet(fixed), fixed);
  }

  @Test
  void nestedFailoverWithTheEuGroupDown() throws Exception {
    String out = Dig.run(bundled.address, "+subnet=81.2.69.0/24", "nested-down.gslb.test", "A");
    assertEquals(List.of("nested-down.gslb.test. 45 IN A 203.0.113.10"), Dig.answers(out), out);
    String closed = Dig.run(bundled.address, "+subnet=81.2.69.0/24", "fo-closed.gslb.test", "A");
    assertTrue(closed.contains("status: SERVFAIL"), closed);
  }

  @Test
  void subdivisionsAndIpv6SubnetsWithACityDatabase() throws Exception {
    String ny = Dig.run(city.address, "+subnet=10.4.0.0/24", "www.city.test", "A");
    assertEquals(List.of("www.city.test. 60 IN A 192.0.2.2"), Dig.answers(ny), ny);
    assertEquals(List.of("10.4.0.0", "24", "16"), clientSubnet(ny), ny);

    String ca = Dig.run(city.address, "+subnet=2001:db8:1::/56", "www.city.test", "AAAA");
    assertEquals(List.of("www.city.test. 60 IN AAAA 2001:db8:ca::1"), Dig.answers(ca), ca);
    assertEquals(List.of("2001:db8:1::", "56", "48"), clientSubnet(ca), ca);

    String coarse = Dig.run(city.address, "+subnet=10.8.0.0/20", "www.city.test", "A");
    assertEquals(
        List.of("10.8.0.0", "20", "21"), clientSubnet(coarse), "scope > source:\n" + coarse);
  }

  @Test
  void aLongSourcePrefixIsEchoedAsSent() throws Exception {
    String out = Dig.run(city.address, "+subnet=10.4.1.77/32", "www.city.test", "A");
    assertEquals(List.of("www.city.test. 60 IN A 192.0.2.2"), Dig.answers(out), out);
    assertEquals(List.of("10.4.1.77", "32", "16"), clientSubnet(out), out);
    String split = Dig.run(city.address, "+subnet=10.2.0.200/32", "www.city.test", "A");
    assertEquals(List.of("www.city.test. 60 IN A 192.0.2.1"), Dig.answers(split), split);
    assertEquals(List.of("10.2.0.200", "32", "24"), clientSubnet(split), split);
  }

  @Test
  void withoutSubnetTheSourceAddressDecides() throws Exception {
    String out = Dig.run(city.address, "www.city.test", "A");
    assertEquals(List.of("www.city.test. 60 IN A 192.0.2.9"), Dig.answers(out), out);
    assertTrue(!out.contains("CLIENT-SUBNET"), out);
  }
}
