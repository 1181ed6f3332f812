package io.meridian.admin.drill;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * What a client in some network gets: an A query over UDP to one DNS server, carrying the client's
 * network as EDNS Client Subnet (a /24 of the address), as a resolver serving that network would.
 */
final class SyntheticClient {

  private SyntheticClient() {}

  /** The A addresses answered, sorted; empty on any error or when {@code server} is null. */
  static List<String> ask(InetSocketAddress server, Name name, InetAddress client) {
    if (server == null) {
      return List.of();
    }
    try {
      SimpleResolver resolver = new SimpleResolver(server);
      resolver.setTimeout(Duration.ofSeconds(1));
      Message query = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
      query.addRecord(new OPTRecord(1232, 0, 0, 0,
          List.of(new ClientSubnetOption(24, client))), Section.ADDITIONAL);
      Message reply = resolver.send(query);
      List<String> out = new ArrayList<>();
      for (Record r : reply.getSection(Section.ANSWER)) {
        if (r instanceof ARecord a) {
          out.add(a.getAddress().getHostAddress());
        }
      }
      out.sort(null);
      return out;
    } catch (Exception e) {
      return List.of();
    }
  }
}
