package io.meridian.dns.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The authoritative rules of issue 2, over real UDP and TCP sockets, asked by dnsjava's resolver.
 */
class ResponderIT {

  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = RunningServer.start("test-zones.yaml");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Message query(String name, int type) throws Exception {
    return server.query(name, type);
  }

  private static List<String> rdata(Message reply, int section) {
    return reply.getSection(section).stream().map(Record::rdataToString).sorted().toList();
  }

  private static Set<Integer> types(Message reply, int section) {
    return reply.getSection(section).stream().map(Record::getType).collect(Collectors.toSet());
  }

  private static Message raw(Message query) throws Exception {
    byte[] reply = RawDns.udp(server.address, query.toWire(), 5000);
    assertNotNull(reply, "no reply");
    return new Message(reply);
  }

  private static Message newQuery(String name, int type) throws Exception {
    return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
  }

  @Test
  void authoritativeAnswersSetAaAndNeverRa() throws Exception {
    Message reply = query("www.example.test.", Type.A);
    assertEquals(Rcode.NOERROR, reply.getRcode());
    assertTrue(reply.getHeader().getFlag(Flags.AA));
    assertFalse(reply.getHeader().getFlag(Flags.RA));
    assertTrue(reply.getHeader().getFlag(Flags.RD), "RD is copied from the query");
    assertEquals(List.of("192.0.2.10", "192.0.2.11"), rdata(reply, Section.ANSWER));
    assertEquals(300, reply.getSection(Section.ANSWER).get(0).getTTL());
  }

  @Test
  void nxdomainCarriesTheSoaWithTheNegativeTtl() throws Exception {
    Message reply = query("nope.example.test.", Type.A);
    assertEquals(Rcode.NXDOMAIN, reply.getRcode());
    assertTrue(reply.getHeader().getFlag(Flags.AA));
    assertTrue(reply.getSection(Section.ANSWER).isEmpty());
    List<Record> authority = reply.getSection(Section.AUTHORITY);
    assertEquals(1, authority.size());
    SOARecord soa = (SOARecord) authority.get(0);
    assertEquals(120, soa.getTTL(), "RFC 2308: min(SOA TTL 600, minimum 120)");
    assertEquals(Name.fromString("example.test."), soa.getName());
  }

  @Test
  void nodataCarriesTheSoa() throws Exception {
    Message reply = query("www.example.test.", Type.MX);
    assertEquals(Rcode.NOERROR, reply.getRcode());
    assertTrue(reply.getSection(Section.ANSWER).isEmpty());
    assertEquals(Set.of(Type.SOA), types(reply, Section.AUTHORITY));
    assertEquals(120, reply.getSection(Section.AUTHORITY).get(0).getTTL());
  }

  @Test
  void emptyNonTerminalIsNodataNotNxdomain() throws Exception {
    Message reply = query("ent.example.test.", Type.A);
    assertEquals(Rcode.NOERROR, reply.getRcode());
    assertTrue(reply.getSection(Section.ANSWER).isEmpty());
    assertEquals(Set.of(Type.SOA), types(reply, Section.AUTHORITY));
  }

  @Test
  void namesOutsideOurZonesAreRefused() throws Exception {
    Message reply = query("www.example.com.", Type.A);
    assertEquals(Rcode.REFUSED, reply.getRcode());
    assertFalse(reply.getHeader().getFlag(Flags.AA));
    assertTrue(reply.getSection(Section.ANSWER).isEmpty());
  }

  @Test
  void otherClassesAreRefused() throws Exception {
    Message query =
        Message.newQuery(
            Record.newRecord(Name.fromString("www.example.test."), Type.TXT, DClass.CH));
    assertEquals(Rcode.REFUSED, raw(query).getRcode());
  }

  @Test
  void cnameIsFollowedInsideTheZone() throws Exception {
    Message reply = query("alias.example.test.", Type.A);
    List<Record> answer = reply.getSection(Section.ANSWER);
    assertEquals(3, answer.size());
    assertEquals(Name.fromString("www.example.test."), ((CNAMERecord) answer.get(0)).getTarget());
    assertTrue(answer.get(1) instanceof ARecord && answer.get(2) instanceof ARecord);
  }

  @Test
  void cnameChainIsFollowedAcrossOurZones() throws Exception {
    Message reply = query("chain1.example.test.", Type.A);
    assertEquals(
        List.of("198.51.100.1", "chain2.example.test.", "www.other.test."),
        rdata(reply, Section.ANSWER));
    assertTrue(reply.getHeader().getFlag(Flags.AA));
  }

  @Test
  void cnameToAMissingNameIsNxdomainForTheTarget() throws Exception {
    Message reply = query("dangling.example.test.", Type.A);
    assertEquals(Rcode.NXDOMAIN, reply.getRcode(), "RFC 6604: the rcode is the last name's");
    assertEquals(List.of("missing.example.test."), rdata(reply, Section.ANSWER));
    assertEquals(Set.of(Type.SOA), types(reply, Section.AUTHORITY));
  }

  @Test
  void cnameLeavingOurZonesEndsTheAnswer() throws Exception {
    Message reply = query("outside.example.test.", Type.A);
    assertEquals(Rcode.NOERROR, reply.getRcode());
    assertEquals(List.of("www.example.com."), rdata(reply, Section.ANSWER));
  }

  @Test
  void askingForTheCnameItselfGivesOnlyTheCname() throws Exception {
    Message reply = query("alias.example.test.", Type.CNAME);
    assertEquals(List.of("www.example.test."), rdata(reply, Section.ANSWER));
  }

  @Test
  void wildcardsAnswerWithTheQueryNameAsOwner() throws Exception {
    for (String name : List.of("foo.wild.example.test.", "a.b.wild.example.test.")) {
      Message reply = query(name, Type.A);
      assertEquals(Rcode.NOERROR, reply.getRcode());
      Record record = reply.getSection(Section.ANSWER).get(0);
      assertEquals(Name.fromString(name), record.getName());
      assertEquals("192.0.2.99", record.rdataToString());
    }
    Message nodata = query("foo.wild.example.test.", Type.AAAA);
    assertEquals(Rcode.NOERROR, nodata.getRcode());
    assertTrue(nodata.getSection(Section.ANSWER).isEmpty());
  }

  @Test
  void namesAtOrBelowADelegationGetAReferralWithGlue() throws Exception {
    for (String name : List.of("sub.example.test.", "host.sub.example.test.")) {
      Message reply = query(name, Type.A);
      assertEquals(Rcode.NOERROR, reply.getRcode());
      assertFalse(reply.getHeader().getFlag(Flags.AA), "a referral is not authoritative");
      assertTrue(reply.getSection(Section.ANSWER).isEmpty());
      assertEquals(
          List.of("ns.other.test.", "ns.sub.example.test."), rdata(reply, Section.AUTHORITY));
      assertTrue(rdata(reply, Section.ADDITIONAL).contains("192.0.2.153"), "glue");
    }
  }

  @Test
  void theDsOfADelegationIsAnsweredByTheParent() throws Exception {
    Message reply = query("sub.example.test.", Type.DS);
    assertTrue(reply.getHeader().getFlag(Flags.AA));
    assertEquals(Set.of(Type.DS), types(reply, Section.ANSWER));
  }

  @Test
  void inZoneAddressesOfNsMxAndSrvTargetsGoInAdditional() throws Exception {
    Message mx = query("example.test.", Type.MX);
    assertEquals(
        List.of("192.0.2.25"),
        rdata(mx, Section.ADDITIONAL).stream()
            .filter(s -> !s.isEmpty() && Character.isDigit(s.charAt(0)))
            .toList());
    Message srv = query("_sip._udp.example.test.", Type.SRV);
    assertTrue(rdata(srv, Section.ADDITIONAL).contains("192.0.2.60"));
    Message ns = query("example.test.", Type.NS);
    List<String> additional = rdata(ns, Section.ADDITIONAL);
    assertTrue(
        additional.contains("192.0.2.53") && additional.contains("2001:db8:0:0:0:0:0:53"),
        additional.toString());
  }

  @Test
  void theQuestionIsEchoedExactlyAsSent() throws Exception {
    Message query = newQuery("WwW.eXaMpLe.TeSt.", Type.A);
    byte[] sent = query.toWire();
    byte[] reply = RawDns.udp(server.address, sent, 5000);
    int questionLength = "WwW.eXaMpLe.TeSt.".length() + 1 + 4;
    assertArrayEquals(
        java.util.Arrays.copyOfRange(sent, 12, 12 + questionLength),
        java.util.Arrays.copyOfRange(reply, 12, 12 + questionLength));
  }

  @Test
  void anyGetsAMinimalAnswer() throws Exception {
    Message reply = query("www.example.test.", Type.ANY);
    assertEquals(Set.of(Type.A), types(reply, Section.ANSWER), "RFC 8482: one RRset");
  }

  @Test
  void zoneTransfersAreRefused() throws Exception {
    assertEquals(Rcode.REFUSED, raw(newQuery("example.test.", Type.AXFR)).getRcode());
  }

  @Test
  void optIsEchoedWithOurPayloadSizeAndTheDoBit() throws Exception {
    Message query = newQuery("www.example.test.", Type.A);
    query.addRecord(new OPTRecord(4096, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
    OPTRecord opt = raw(query).getOPT();
    assertNotNull(opt);
    assertEquals(1232, opt.getPayloadSize());
    assertEquals(0, opt.getVersion());
    assertEquals(ExtendedFlags.DO, opt.getFlags() & ExtendedFlags.DO);
  }

  @Test
  void noOptWithoutEdnsInTheQuery() throws Exception {
    assertNull(raw(newQuery("www.example.test.", Type.A)).getOPT());
  }

  @Test
  void ednsVersionAboveZeroIsBadvers() throws Exception {
    Message query = newQuery("www.example.test.", Type.A);
    query.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
    Message reply = raw(query);
    assertEquals(Rcode.BADVERS, reply.getRcode());
    assertNotNull(reply.getOPT());
    assertEquals(0, reply.getOPT().getVersion());
    assertTrue(reply.getSection(Section.ANSWER).isEmpty());
  }

  @Test
  void unknownEdnsOptionsAreIgnored() throws Exception {
    Message query = newQuery("www.example.test.", Type.A);
    EDNSOption unknown = new GenericEDNSOption(65001, new byte[] {1, 2, 3});
    query.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(unknown)), Section.ADDITIONAL);
    Message reply = raw(query);
    assertEquals(Rcode.NOERROR, reply.getRcode());
    assertEquals(2, reply.getSection(Section.ANSWER).size());
    assertTrue(reply.getOPT().getOptions().isEmpty());
  }

  @Test
  void answersLargerThan512AreTruncatedWithoutEdnsAndFitWithIt() throws Exception {
    Message plain = raw(newQuery("medium.example.test.", Type.TXT));
    assertTrue(plain.getHeader().getFlag(Flags.TC), "over 512 bytes without EDNS");
    Message query = newQuery("medium.example.test.", Type.TXT);
    query.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
    byte[] wire = RawDns.udp(server.address, query.toWire(), 5000);
    Message edns = new Message(wire);
    assertFalse(edns.getHeader().getFlag(Flags.TC));
    assertTrue(wire.length > 512);
    assertEquals(6, edns.getSection(Section.ANSWER).size());
  }

  @Test
  void truncatedAnswersAreServedInFullOverTcp() throws Exception {
    Message query = newQuery("big.example.test.", Type.TXT);
    query.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
    byte[] udp = RawDns.udp(server.address, query.toWire(), 5000);
    assertTrue(udp.length <= 1232);
    assertTrue(new Message(udp).getHeader().getFlag(Flags.TC));
    SimpleResolver resolver = server.resolver(); // retries over TCP on TC, as resolvers do
    Message full = resolver.send(newQuery("big.example.test.", Type.TXT));
    assertFalse(full.getHeader().getFlag(Flags.TC));
    assertEquals(16, full.getSection(Section.ANSWER).size());
  }

  @Test
  void pipelinedTcpQueriesAreAllAnswered() throws Exception {
    byte[][] queries = new byte[10][];
    for (int i = 0; i < queries.length; i++) {
      Message query = newQuery(i % 2 == 0 ? "www.example.test." : "nope.example.test.", Type.A);
      query.getHeader().setID(1000 + i);
      queries[i] = query.toWire();
    }
    byte[][] replies = RawDns.tcpPipelined(server.address, queries);
    for (int i = 0; i < replies.length; i++) {
      Message reply = new Message(replies[i]);
      assertEquals(1000 + i, reply.getHeader().getID());
      assertEquals(i % 2 == 0 ? Rcode.NOERROR : Rcode.NXDOMAIN, reply.getRcode());
    }
  }

  @Test
  void questionCountsOtherThanOneAreFormerr() throws Exception {
    Message two = newQuery("www.example.test.", Type.A);
    two.addRecord(
        Record.newRecord(Name.fromString("mail.example.test."), Type.A, DClass.IN),
        Section.QUESTION);
    assertEquals(Rcode.FORMERR, raw(two).getRcode());
    Message none = new Message();
    assertEquals(Rcode.FORMERR, raw(none).getRcode());
  }

  @Test
  void opcodesOtherThanQueryAreNotimp() throws Exception {
    for (int opcode : List.of(Opcode.IQUERY, Opcode.STATUS, Opcode.NOTIFY, Opcode.UPDATE)) {
      Message query = newQuery("example.test.", Type.SOA);
      query.getHeader().setOpcode(opcode);
      Message reply = raw(query);
      assertEquals(Rcode.NOTIMP, reply.getRcode(), Opcode.string(opcode));
      assertEquals(opcode, reply.getHeader().getOpcode());
    }
  }

  @Test
  void malformedPacketsGetFormerrOrAreDroppedAndServingGoesOn() throws Exception {
    Message valid = newQuery("www.example.test.", Type.A);
    valid.getHeader().setID(0x4242);
    byte[] good = valid.toWire();

    byte[] shortPacket = {0x12, 0x34, 0x01};
    assertNull(RawDns.udp(server.address, shortPacket, 300), "no header: dropped");

    byte[] cut = java.util.Arrays.copyOf(good, good.length - 3); // question cut short
    assertFormerr(cut);

    byte[] badLabel = good.clone();
    badLabel[12] = 63; // first label claims 63 bytes, past the end of the packet
    assertFormerr(badLabel);

    byte[] pointerLoop = java.util.Arrays.copyOf(good, 12 + 2 + 4);
    pointerLoop[12] = (byte) 0xC0; // compression pointer to itself
    pointerLoop[13] = 12;
    assertFormerr(pointerLoop);

    byte[] response = good.clone();
    response[2] |= (byte) 0x80; // QR set: a response, never answered
    assertNull(RawDns.udp(server.address, response, 300), "responses are dropped");

    byte[] reply = RawDns.udp(server.address, good, 5000);
    assertNotNull(reply, "the server still answers");
    assertEquals(Rcode.NOERROR, new Message(reply).getRcode());
  }

  private static void assertFormerr(byte[] packet) throws Exception {
    byte[] reply = RawDns.udp(server.address, packet, 5000);
    assertNotNull(reply, "FORMERR expected, got nothing");
    assertEquals(packet[0], reply[0]);
    assertEquals(packet[1], reply[1]);
    assertEquals(Rcode.FORMERR, reply[3] & 0x0F);
    assertEquals(0x80, reply[2] & 0x80, "QR");
  }
}
