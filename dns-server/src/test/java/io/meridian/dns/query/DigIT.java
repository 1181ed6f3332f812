package io.meridian.dns.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same rules as {@link ResponderIT}, asked by the real {@code dig} that operators use. */
class DigIT {

  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    Dig.assumeInstalled();
    server = RunningServer.start("test-zones.yaml");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String dig(String... args) throws Exception {
    return Dig.run(server.address, args);
  }

  @Test
  void authoritativeAnswerOverUdpAndTcp() throws Exception {
    for (String transport : List.of("+notcp", "+tcp")) {
      String out = dig(transport, "+norec", "www.example.test", "A");
      assertTrue(out.contains("status: NOERROR"), out);
      assertTrue(out.contains("flags: qr aa;"), "aa set, ra and rd clear:\n" + out);
      assertEquals(
          List.of("www.example.test. 300 IN A 192.0.2.10", "www.example.test. 300 IN A 192.0.2.11"),
          Dig.answers(out));
    }
  }

  @Test
  void negativeAnswersCarryTheSoa() throws Exception {
    String nx = dig("nope.example.test", "A");
    assertTrue(nx.contains("status: NXDOMAIN"), nx);
    List<String> authority = Dig.section(nx, ";; AUTHORITY SECTION:");
    assertEquals(1, authority.size());
    assertTrue(authority.get(0).startsWith("example.test. 120 IN SOA ns1.example.test."), nx);
    String nodata = dig("www.example.test", "MX");
    assertTrue(nodata.contains("status: NOERROR") && nodata.contains("ANSWER: 0"), nodata);
  }

  @Test
  void foreignNamesAreRefused() throws Exception {
    assertTrue(dig("example.com", "A").contains("status: REFUSED"));
  }

  @Test
  void referralHasNoAaAndCarriesGlue() throws Exception {
    String out = dig("+norec", "host.sub.example.test", "A");
    assertTrue(out.contains("flags: qr;"), out);
    assertTrue(
        Dig.section(out, ";; AUTHORITY SECTION:")
            .contains("sub.example.test. 3600 IN NS ns.sub.example.test."),
        out);
    assertTrue(
        Dig.section(out, ";; ADDITIONAL SECTION:")
            .contains("ns.sub.example.test. 3600 IN A 192.0.2.153"),
        out);
  }

  @Test
  void truncationThenTcpRetryGivesTheFullAnswer() throws Exception {
    String truncated = dig("+ignore", "+bufsize=512", "big.example.test", "TXT");
    assertTrue(truncated.contains("flags: qr tc aa") || truncated.contains(" tc "), truncated);
    String retried = dig("big.example.test", "TXT"); // dig retries over TCP on TC by itself
    assertFalse(retried.contains(" tc "), retried);
    assertEquals(16, Dig.answers(retried).size(), retried);
  }

  @Test
  void ednsVersionOneIsBadversAndUnknownOptionsAreIgnored() throws Exception {
    assertTrue(dig("+edns=1", "+noednsneg", "www.example.test", "A").contains("status: BADVERS"));
    String out = dig("+ednsopt=65001:0102", "www.example.test", "A");
    assertTrue(out.contains("status: NOERROR") && out.contains("udp: 1232"), out);
  }

  @Test
  void theQuestionKeepsItsCase() throws Exception {
    String out = dig("WwW.ExAmPlE.tEsT", "A");
    assertTrue(out.contains(";WwW.ExAmPlE.tEsT.\t"), out);
  }

  @Test
  void anyIsMinimal() throws Exception {
    List<String> answers = Dig.answers(dig("www.example.test", "ANY"));
    assertEquals(
        List.of("www.example.test. 300 IN A 192.0.2.10", "www.example.test. 300 IN A 192.0.2.11"),
        answers,
        "RFC 8482: one RRset, not the A, AAAA and everything else");
  }

  @Test
  void ipv6ListenersAnswerToo() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    RunningServer six;
    try {
      six = RunningServer.start("test-zones.yaml", List.of(new InetSocketAddress(v6, 0)));
    } catch (java.io.IOException e) {
      Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
      return;
    }
    try (six) {
      for (String transport : List.of("+notcp", "+tcp")) {
        String out = Dig.run(six.address, transport, "www.example.test", "AAAA");
        assertEquals(List.of("www.example.test. 300 IN AAAA 2001:db8::10"), Dig.answers(out), out);
      }
    }
  }
}
