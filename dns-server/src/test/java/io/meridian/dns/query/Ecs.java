package io.meridian.dns.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Queries carrying an EDNS Client Subnet option (RFC 7871), and reading the reply's echo. */
final class Ecs {

  private Ecs() {}

  /** A query with EDNS0 and, when {@code options} are given, those options in its OPT. */
  static Message query(String name, int type, EDNSOption... options) throws Exception {
    Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    query.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(options)), Section.ADDITIONAL);
    return query;
  }

  /** A query whose ECS option carries {@code address}/{@code sourcePrefix}, scope 0. */
  static Message query(String name, int type, String address, int sourcePrefix) throws Exception {
    return query(name, type, option(address, sourcePrefix));
  }

  static ClientSubnetOption option(String address, int sourcePrefix) throws Exception {
    return new ClientSubnetOption(sourcePrefix, InetAddress.getByName(address));
  }

  /** Sends {@code query} over UDP as it is and parses the reply. */
  static Message send(InetSocketAddress server, Message query) throws Exception {
    byte[] reply = RawDns.udp(server, query.toWire(), 5000);
    assertNotNull(reply, "no reply");
    Message message = new Message(reply);
    assertEquals(query.getHeader().getID(), message.getHeader().getID());
    return message;
  }

  static Message ask(InetSocketAddress server, String name, int type, String address, int prefix)
      throws Exception {
    return send(server, query(name, type, address, prefix));
  }

  /** The reply's ECS option; fails if there is not exactly one. */
  static ClientSubnetOption echo(Message reply) {
    OPTRecord opt = reply.getOPT();
    assertNotNull(opt, "no OPT in the reply");
    List<EDNSOption> options = opt.getOptions(EDNSOption.Code.CLIENT_SUBNET);
    assertEquals(1, options.size(), "ECS options in the reply: " + opt);
    return (ClientSubnetOption) options.get(0);
  }

  /** The rdata of the answer section, sorted. */
  static List<String> answers(Message reply) {
    return reply.getSection(Section.ANSWER).stream().map(Record::rdataToString).sorted().toList();
  }

  /** The single address of the answer section; fails otherwise. */
  static String answer(Message reply) {
    List<String> answers = answers(reply);
    assertEquals(1, answers.size(), "answers: " + answers);
    return answers.get(0);
  }
}
