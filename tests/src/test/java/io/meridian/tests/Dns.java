package io.meridian.tests;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Asks a server with dnsjava's resolver, as a real client would. */
final class Dns {

  private Dns() {}

  static Message ask(InetSocketAddress server, String name, int type) throws Exception {
    SimpleResolver resolver = new SimpleResolver(server);
    resolver.setTimeout(Duration.ofSeconds(5));
    return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, 1)));
  }

  /** Asks as a resolver would for a client in {@code subnet} (EDNS Client Subnet, RFC 7871). */
  static Message askFor(InetSocketAddress server, String name, int type, String subnet)
      throws Exception {
    String[] parts = subnet.split("/");
    SimpleResolver resolver = new SimpleResolver(server);
    resolver.setTimeout(Duration.ofSeconds(5));
    resolver.setEDNS(0, 1232, 0, List.of(new ClientSubnetOption(Integer.parseInt(parts[1]),
        java.net.InetAddress.getByName(parts[0]))));
    return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, 1)));
  }

  static List<String> answersFor(InetSocketAddress server, String name, int type, String subnet)
      throws Exception {
    return askFor(server, name, type, subnet).getSection(Section.ANSWER).stream()
        .map(Record::rdataToString).sorted().toList();
  }

  static List<String> answers(InetSocketAddress server, String name, int type) throws Exception {
    return ask(server, name, type).getSection(Section.ANSWER).stream()
        .map(Record::rdataToString)
        .sorted()
        .toList();
  }

  static long serial(InetSocketAddress server, String zone) throws Exception {
    return ((SOARecord) ask(server, zone, Type.SOA).getSection(Section.ANSWER).get(0)).getSerial();
  }
}
